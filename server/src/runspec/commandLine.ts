/**
 * `docker` / `podman` / `docker-compose` / `docker compose` command lines → what they do. Options
 * are split the way the CLIs (Go's pflag, compose's docopt) split them, with the real option sets
 * (flagTable.ts): `--name=x`, `--name x`, `-v x`, `-vx`, combined booleans `-dit`, `-dp 80:80`,
 * `-e=X`, `--rm=false`, `--` ; `run`/`create` stop at the image (the rest is the command), `stop`
 * and `rm` take options anywhere. `run`/`create` also become a RunSpec (runSpecFromRun).
 */
import type { Range } from '../core/types';
import {
  COMPOSE_FLAGS,
  DOCKER_FLAGS,
  PODMAN_FLAGS,
  canonicalFlag,
  type ComposeVerb,
  type FlagTable,
  type Verb,
} from './flagTable';
import { emptySpec, type EnvSpec, type Located, type MountSpec, type RunSpec } from '../../../shared/runSpec';

/** One argument of a command line and where it is written. */
export interface Arg {
  value: string;
  range: Range;
  /** Depends on an unknown variable. */
  dynamic?: boolean;
  /** An unknown `$VAR` that may stand for any number of arguments (options included). */
  splat?: boolean;
}

export interface ParsedOption {
  /** Canonical long name (`-d` → `detach`, `--net` → `network`); unknown options keep their spelling without dashes. */
  name: string;
  /** The value (boolean options: `true` unless written `--x=false`). */
  value: string;
  /** The argument that holds the option (for `-dit`, the whole cluster). */
  arg: Arg;
  /** The separate argument that holds the value (`--name x`), if any. */
  valueArg?: Arg;
  /** Index of `arg` in the argument list. */
  index: number;
  /** Written in a cluster of short options (`-dit`). */
  clustered: boolean;
  /** The letter in a cluster / short form, e.g. `d`. */
  short?: string;
  known: boolean;
  takesValue: boolean;
}

export interface ParsedArgs {
  options: ParsedOption[];
  positionals: Arg[];
  /** Index in the argument list of each positional. */
  positionalIndexes: number[];
  /** Unknown options or `$VAR` splats: options may be missing from the list. */
  incomplete: boolean;
}

export type Tool = 'docker' | 'podman' | 'docker-compose' | 'podman-compose';

export interface EngineInvocation {
  kind: 'engine';
  tool: 'docker' | 'podman';
  /** The program argument (`/usr/bin/docker`). */
  program: Arg;
  globals: ParsedOption[];
  /** `run`, `create`, `start`, `stop`, `rm`, `kill`, … (`container run` → `run`). */
  verb: string;
  verbArg: Arg;
  /** The arguments after the verb (what `args` holds positions into). */
  args: Arg[];
  parsed: ParsedArgs;
  /** For `run` / `create`. */
  spec?: RunSpec;
}

export interface ComposeInvocation {
  kind: 'compose';
  tool: 'docker-compose' | 'podman-compose' | 'docker compose';
  program: Arg;
  globals: ParsedOption[];
  verb?: string;
  verbArg?: Arg;
  args: Arg[];
  parsed?: ParsedArgs;
}

export type Invocation = EngineInvocation | ComposeInvocation;

const BASENAME = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Parse options against a table. `stopAtPositional`: the first positional ends the options (run/create, globals). */
export function parseOptions(
  args: Arg[],
  table: FlagTable | undefined,
  stopAtPositional: boolean,
  startIndex = 0,
): ParsedArgs {
  const options: ParsedOption[] = [];
  const positionals: Arg[] = [];
  const positionalIndexes: number[] = [];
  let incomplete = false;
  let i = startIndex;
  let optionsDone = false;
  while (i < args.length) {
    const arg = args[i];
    const v = arg.value;
    if (arg.splat) {
      // An unknown "$OPTS": it may hold options, or the image. Before the first positional it is options.
      incomplete = true;
      if (optionsDone || (stopAtPositional && positionals.length)) {
        positionals.push(arg);
        positionalIndexes.push(i);
      }
      i++;
      continue;
    }
    if (optionsDone || v === '-' || !v.startsWith('-') || v.length === 1) {
      positionals.push(arg);
      positionalIndexes.push(i);
      if (stopAtPositional) optionsDone = true;
      i++;
      continue;
    }
    if (v === '--') {
      optionsDone = true;
      i++;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const rawName = eq >= 0 ? v.slice(2, eq) : v.slice(2);
      const name = canonicalFlag(rawName);
      const takes = table?.long.get(rawName);
      const known = takes !== undefined;
      if (eq >= 0) {
        options.push({
          name,
          value: v.slice(eq + 1),
          arg,
          index: i,
          clustered: false,
          known,
          takesValue: known ? takes : true,
        });
        if (!known) incomplete = true;
        i++;
        continue;
      }
      if (takes === true) {
        const next = args[i + 1];
        options.push({
          name,
          value: next?.value ?? '',
          arg,
          valueArg: next,
          index: i,
          clustered: false,
          known,
          takesValue: true,
        });
        i += next ? 2 : 1;
        continue;
      }
      if (!known) incomplete = true;
      options.push({ name, value: 'true', arg, index: i, clustered: false, known, takesValue: false });
      i++;
      continue;
    }
    // Short options, possibly clustered: -dit, -p80:80, -dp 80:80, -e=X.
    const letters = v.slice(1);
    let consumedNext = false;
    for (let k = 0; k < letters.length; k++) {
      const letter = letters[k];
      const long = table?.short.get(letter);
      const known = long !== undefined;
      const name = canonicalFlag(long ?? letter);
      const takes = long !== undefined ? table!.long.get(long) === true : false;
      const clustered = letters.length > 1;
      if (!known) incomplete = true;
      if (letters[k + 1] === '=') {
        options.push({
          name,
          value: letters.slice(k + 2),
          arg,
          index: i,
          clustered,
          short: letter,
          known,
          takesValue: takes,
        });
        break;
      }
      if (takes) {
        const rest = letters.slice(k + 1);
        if (rest.length) {
          options.push({ name, value: rest, arg, index: i, clustered, short: letter, known, takesValue: true });
        } else {
          const next = args[i + 1];
          options.push({
            name,
            value: next?.value ?? '',
            arg,
            valueArg: next,
            index: i,
            clustered,
            short: letter,
            known,
            takesValue: true,
          });
          consumedNext = !!next;
        }
        break;
      }
      options.push({ name, value: 'true', arg, index: i, clustered, short: letter, known, takesValue: false });
    }
    i += consumedNext ? 2 : 1;
  }
  return { options, positionals, positionalIndexes, incomplete };
}

/** Recognise the program of a command line and parse it; undefined when it is not a container CLI. */
export function parseInvocation(argv: Arg[]): Invocation | undefined {
  if (argv.length === 0) return undefined;
  let start = 0;
  // `/usr/bin/env [-i] [VAR=x] docker …`
  if (BASENAME(argv[0].value) === 'env') {
    start = 1;
    while (start < argv.length && (argv[start].value.startsWith('-') || /^\w+=/.test(argv[start].value))) start++;
  }
  const program = argv[start];
  if (!program) return undefined;
  const name = BASENAME(program.value);
  if (name === 'docker-compose' || name === 'podman-compose') return parseCompose(name, program, argv.slice(start + 1));
  if (name !== 'docker' && name !== 'podman') return undefined;
  const tool = name;
  const tables = tool === 'docker' ? DOCKER_FLAGS : PODMAN_FLAGS;
  const rest = argv.slice(start + 1);
  const globals = parseOptions(rest, tables.global, true);
  const verbIndex = globals.positionalIndexes[0];
  if (verbIndex === undefined) return undefined;
  let verbArg = rest[verbIndex];
  let verb = verbArg.value;
  let after = rest.slice(verbIndex + 1);
  if (tool === 'docker' && verb === 'compose') return parseCompose('docker compose', program, after, globals.options);
  if (verb === 'container' && after.length) {
    // `docker container run` = `docker run`; options of `container` itself are none.
    verbArg = after[0];
    verb = verbArg.value;
    after = after.slice(1);
  }
  const table = tables[verb as Verb] as FlagTable | undefined;
  const isRun = verb === 'run' || verb === 'create';
  const parsed = parseOptions(after, table, isRun || !table);
  const invocation: EngineInvocation = {
    kind: 'engine',
    tool,
    program,
    globals: globals.options,
    verb,
    verbArg,
    args: after,
    parsed,
  };
  if (isRun) invocation.spec = runSpecFromRun(tool, parsed, after, program.range);
  return invocation;
}

function parseCompose(
  tool: ComposeInvocation['tool'],
  program: Arg,
  rest: Arg[],
  engineGlobals: ParsedOption[] = [],
): ComposeInvocation {
  const globals = parseOptions(rest, COMPOSE_FLAGS.global, true);
  const verbIndex = globals.positionalIndexes[0];
  if (verbIndex === undefined)
    return { kind: 'compose', tool, program, globals: [...engineGlobals, ...globals.options], args: [] };
  const verbArg = rest[verbIndex];
  const args = rest.slice(verbIndex + 1);
  const table = COMPOSE_FLAGS[verbArg.value as ComposeVerb] as FlagTable | undefined;
  const parsed = parseOptions(args, table, verbArg.value === 'run' || verbArg.value === 'exec');
  return {
    kind: 'compose',
    tool,
    program,
    globals: [...engineGlobals, ...globals.options],
    verb: verbArg.value,
    verbArg,
    args,
    parsed,
  };
}

export function option(parsed: ParsedArgs, name: string): ParsedOption | undefined {
  const all = parsed.options.filter((o) => o.name === name);
  return all[all.length - 1];
}

export function optionsNamed(parsed: ParsedArgs, name: string): ParsedOption[] {
  return parsed.options.filter((o) => o.name === name);
}

/** A boolean option's value (`--rm`, `--rm=false`, `-d`); undefined when absent. */
export function boolOption(parsed: ParsedArgs, name: string): boolean | undefined {
  const o = option(parsed, name);
  if (!o) return undefined;
  return !/^(false|0|f|F|FALSE|False)$/.test(o.value);
}

/** Range of an option together with its separate value argument. */
export function optionRange(o: ParsedOption): Range {
  return o.valueArg ? { start: o.arg.range.start, end: o.valueArg.range.end } : o.arg.range;
}

// ------------------------------------------------------------------------------ run / create → RunSpec

function located<T>(o: ParsedOption, value: T): Located<T> {
  return { value, range: optionRange(o), dynamic: o.arg.dynamic || o.valueArg?.dynamic || undefined };
}

/** `-v src:dst[:opts]` / `-v dst` */
export function parseVolumeFlag(text: string, range: Range, via: MountSpec['via'], dynamic?: boolean): MountSpec {
  const parts = splitVolume(text);
  if (parts.length === 1)
    return { kind: 'volume', target: parts[0], readOnly: false, options: [], range, via, dynamic };
  const [source, target, opts = ''] = parts;
  const options = opts.split(',').filter(Boolean);
  const mode =
    options.includes('ro') || options.includes('readonly') ? 'ro' : options.includes('rw') ? 'rw' : undefined;
  const kind = /^[/.~$]/.test(source) ? 'bind' : 'volume';
  return {
    kind,
    source,
    target,
    readOnly: mode === 'ro',
    mode,
    options: options.filter((o) => o !== 'ro' && o !== 'rw' && o !== 'readonly'),
    range,
    via,
    dynamic,
  };
}

/** Split `src:dst:opts` without breaking Windows drive letters (`C:\x:/y`). */
function splitVolume(text: string): string[] {
  const parts = text.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1] ?? '')) {
    parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  }
  return parts.length > 3 ? [parts[0], parts[1], parts.slice(2).join(':')] : parts;
}

/** `--mount type=tmpfs,destination=/run` (CSV, keys: type, source|src, target|destination|dst, readonly|ro). */
export function parseMountFlag(text: string, range: Range, via: MountSpec['via'], dynamic?: boolean): MountSpec {
  const fields = new Map<string, string>();
  const flags: string[] = [];
  for (const part of splitCsv(text)) {
    const eq = part.indexOf('=');
    if (eq < 0) flags.push(part.trim().toLowerCase());
    else fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const type = (fields.get('type') ?? 'volume').toLowerCase();
  const kind = type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other';
  const source = fields.get('source') ?? fields.get('src');
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '';
  const roValue = fields.get('readonly') ?? fields.get('ro');
  const readOnly =
    flags.includes('readonly') || flags.includes('ro') || (roValue !== undefined && !/^(false|0)$/i.test(roValue));
  const options = [...fields.entries()]
    .filter(([k]) => !['type', 'source', 'src', 'target', 'destination', 'dst', 'readonly', 'ro'].includes(k))
    .map(([k, v]) => `${k}=${v}`);
  return {
    kind,
    source: kind === 'tmpfs' ? undefined : source,
    target,
    readOnly,
    mode: readOnly ? 'ro' : undefined,
    options,
    range,
    via,
    dynamic,
  };
}

function splitCsv(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = false;
  for (const c of text) {
    if (c === '"') quote = !quote;
    else if (c === ',' && !quote) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.filter((s) => s.trim() !== '');
}

/** `--tmpfs /run` or `--tmpfs /run:rw,size=64m` */
export function parseTmpfsFlag(text: string, range: Range, via: MountSpec['via'], dynamic?: boolean): MountSpec {
  const colon = text.indexOf(':');
  const target = colon >= 0 ? text.slice(0, colon) : text;
  const options =
    colon >= 0
      ? text
          .slice(colon + 1)
          .split(',')
          .filter(Boolean)
      : [];
  return { kind: 'tmpfs', target, readOnly: options.includes('ro'), options, range, via, dynamic };
}

export function parseEnvAssignment(text: string, range: Range, dynamic?: boolean): EnvSpec {
  const eq = text.indexOf('=');
  return eq < 0
    ? { name: text, range, dynamic }
    : { name: text.slice(0, eq), value: text.slice(eq + 1), range, dynamic };
}

type Field<V> = { [K in keyof RunSpec]-?: RunSpec[K] extends Located<V> | undefined ? K : never }[keyof RunSpec];
type ListField = { [K in keyof RunSpec]-?: RunSpec[K] extends Located<string>[] ? K : never }[keyof RunSpec];

/** Options that set one field of the run spec: text as given, a boolean flag, or one more item of a list. */
const FIELD_OF_OPTION = new Map<string, { text: Field<string> } | { flag: Field<boolean> } | { list: ListField }>(
  Object.entries({
    'env-file': { list: 'envFiles' },
    cgroupns: { text: 'cgroupns' },
    privileged: { flag: 'privileged' },
    'cap-add': { list: 'capAdd' },
    'cap-drop': { list: 'capDrop' },
    'security-opt': { list: 'securityOpt' },
    'stop-signal': { text: 'stopSignal' },
    restart: { text: 'restart' },
    tty: { flag: 'tty' },
    interactive: { flag: 'interactive' },
    detach: { flag: 'detach' },
    rm: { flag: 'remove' },
    name: { text: 'name' },
    hostname: { text: 'hostname' },
    network: { text: 'network' },
    systemd: { text: 'systemd' },
    sdnotify: { text: 'sdnotify' },
    replace: { flag: 'replace' },
    init: { flag: 'init' },
    publish: { list: 'ports' },
  }),
);

/** Fill a RunSpec from the options of `run`/`create` (also used for devcontainer `runArgs`). */
export function applyRunOptions(spec: RunSpec, parsed: ParsedArgs): void {
  if (parsed.incomplete) spec.incomplete = true;
  for (const o of parsed.options) {
    const dyn = o.arg.dynamic || o.valueArg?.dynamic || undefined;
    const range = optionRange(o);
    const field = FIELD_OF_OPTION.get(o.name);
    if (field) {
      if ('list' in field) (spec[field.list] as Located<string>[]).push(located(o, o.value));
      else if ('flag' in field) (spec[field.flag] as Located<boolean>) = located(o, isTrue(o.value));
      else (spec[field.text] as Located<string>) = located(o, o.value);
      continue;
    }
    switch (o.name) {
      case 'tmpfs':
        spec.mounts.push(parseTmpfsFlag(o.value, range, 'tmpfs-flag', dyn));
        break;
      case 'volume':
        spec.mounts.push(parseVolumeFlag(o.value, range, 'volume-flag', dyn));
        break;
      case 'mount':
        spec.mounts.push(parseMountFlag(o.value, range, 'mount-flag', dyn));
        break;
      case 'env':
        spec.env.push(parseEnvAssignment(o.value, range, dyn));
        break;
      case 'entrypoint':
        spec.entrypoint = located(o, o.value.trim() === '' ? [] : o.value.trim().split(/\s+/));
        break;
    }
  }
}

function isTrue(value: string): boolean {
  return !/^(false|0|f)$/i.test(value);
}

export function runSpecFromRun(tool: 'docker' | 'podman', parsed: ParsedArgs, args: Arg[], fallback: Range): RunSpec {
  const first = args[0]?.range ?? fallback;
  const last = args[args.length - 1]?.range ?? fallback;
  const spec = emptySpec(tool, tool, { start: first.start, end: last.end });
  applyRunOptions(spec, parsed);
  const [image, ...command] = parsed.positionals;
  if (image) {
    spec.image = { value: image.value, range: image.range, dynamic: image.dynamic || image.splat || undefined };
    if (image.splat) spec.incomplete = true;
  }
  if (command.length) {
    spec.command = {
      value: command.map((c) => c.value),
      range: { start: command[0].range.start, end: command[command.length - 1].range.end },
      dynamic: command.some((c) => c.dynamic) || undefined,
    };
  }
  return spec;
}
