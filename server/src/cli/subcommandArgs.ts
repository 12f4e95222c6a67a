/**
 * What every subcommand does with its arguments before its own work: parse them, answer
 * `--help`, and refuse an unknown `--format`, each with the subcommand's name in the message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, type ParseArgsConfig } from 'util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;

export interface SubcommandSpec<O extends Options> {
  /** The subcommand's name, as messages start with it. */
  name: string;
  usage: string;
  /** Its options; `format` (text by default) and `--help` are added. */
  options: O;
  /** The formats `--format` takes. */
  formats?: readonly string[];
}

/** The parsed arguments, or the exit status when parsing already ended the run (help: 0, a usage error: 2). */
export function parseSubcommandArgs<O extends Options>(
  spec: SubcommandSpec<O>,
  argv: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Parsed<O & typeof COMMON> | number {
  const formats = spec.formats ?? ['text', 'json'];
  let parsed: Parsed<O & typeof COMMON>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...COMMON, ...spec.options } });
  } catch (e) {
    err(`systemd-container-lint ${spec.name}: ${(e as Error).message}\n\n${spec.usage}`);
    return 2;
  }
  const values = parsed.values as { help?: boolean; format?: string };
  if (values.help) {
    out(spec.usage);
    return 0;
  }
  if (!formats.includes(values.format ?? 'text')) {
    err(`systemd-container-lint ${spec.name}: unknown format "${values.format}" (${formats.join(' or ')})`);
    return 2;
  }
  return parsed;
}

const COMMON = {
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * A subcommand's entry (`run` of server/src/cli/commands/<name>.ts): argv after its name, output and error writers,
 * exit status.
 */
export type Subcommand = (argv: string[], out: (s: string) => void, err: (s: string) => void) => Promise<number>;

/** The options of subcommands that work on an image: IMAGE, or one built from --dockerfile, on the engine at --host. */
export const IMAGE_SOURCE_OPTIONS = {
  dockerfile: { type: 'string' },
  context: { type: 'string' },
  target: { type: 'string' },
  host: { type: 'string' },
} as const;

/** What to work on: an image by name, or a Dockerfile to build first (paths resolved and checked to exist). */
export type ImageSource = { image: string } | { dockerfile: string; contextDir: string; target?: string };

/**
 * The image source from IMAGE or `--dockerfile PATH [--context DIR] [--target STAGE]`, or the
 * usage error to print (one of the two, not both; the paths must exist).
 */
export function imageSourceOf(
  values: { dockerfile?: string; context?: string; target?: string },
  positionals: string[],
): ImageSource | { error: string } {
  if (values.dockerfile && positionals.length) return { error: 'give an IMAGE or --dockerfile PATH, not both' };
  if (!values.dockerfile) {
    if (positionals.length !== 1)
      return { error: positionals.length ? 'one IMAGE at a time' : 'no IMAGE or --dockerfile given' };
    if (values.context || values.target) return { error: '--context and --target go with --dockerfile' };
    return { image: positionals[0] };
  }
  const dockerfile = path.resolve(values.dockerfile);
  if (!isFile(dockerfile)) return { error: `${values.dockerfile}: no such file` };
  const contextDir = path.resolve(values.context ?? path.dirname(dockerfile));
  if (!isDirectory(contextDir)) return { error: `${values.context}: no such folder` };
  return { dockerfile, contextDir, ...(values.target ? { target: values.target } : {}) };
}

const isFile = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isFile() === true;
const isDirectory = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
