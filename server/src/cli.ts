/**
 * systemd-container-lint: the command-line linter for CI.
 *   systemd-container-lint [--format text|json|sarif] [--config F] [--target STAGE] [--kind K] PATH…
 * Exit 1 when an error-severity finding exists, 2 on usage or I/O errors, 0 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { ConfigError, findConfigFile, loadConfigFile, type LintConfig } from './core/config';
import { fileKindOf, initLinter, lintFile, LINT_KINDS, unlintableReason, type LintKind } from './lint';
import { collectFiles, UsageError } from './cli/files';
import { formatJson, formatSarif, formatText, type FileResult } from './cli/formats';

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const USAGE = `Usage: systemd-container-lint [options] PATH...

Lints Dockerfiles and Containerfiles, compose files, devcontainer.json and
systemd units that run docker/podman for systemd-as-PID-1 pitfalls.
PATH is a file, a folder (searched for Dockerfile, Containerfile, *.dockerfile,
*.containerfile, compose.yaml, docker-compose*.yml, .devcontainer/devcontainer.json,
.devcontainer.json and *.service) or - for standard input (a Dockerfile unless
--kind says otherwise).

Options:
  --format text|json|sarif   output format (default: text)
  --config FILE              configuration file (default: .systemd-lint.yaml found
                             from each file's folder upward)
  --target STAGE             lint this build stage instead of the last one
  --kind KIND                lint every PATH as dockerfile, compose, devcontainer or
                             unit (default: from the file name; other names: dockerfile)
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no error-severity findings, 1 error-severity findings, 2 usage or I/O error.`;

const MAX_BYTES = 20 * 1024 * 1024;

function readInput(file: string): string {
  if (file === '-') return fs.readFileSync(0, 'utf8');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${file}: no such file or directory`);
  }
  if (stat.size > MAX_BYTES) throw new UsageError(`${file}: too large to lint (${stat.size} bytes; the limit is ${MAX_BYTES})`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** A subcommand: its own arguments in, an exit status out (0 ok, 1 findings or a failed verdict, 2 usage/engine error). */
export type Subcommand = (argv: string[], out: (s: string) => void, err: (s: string) => void) => Promise<number>;

/**
 * Subcommands, each in its own module and loaded only when named, so that linting never pays
 * for them (e.g. `boot`, `preflight`, `verify-image`, `security`). Anything else is a lint run.
 */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  security: async () => (require('./cli/security') as typeof import('./cli/security')).security,
};

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n'), err: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<number> {
  const subcommand = argv.length > 0 ? SUBCOMMANDS[argv[0]] : undefined;
  if (subcommand) return (await subcommand())(argv.slice(1), out, err);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        config: { type: 'string' },
        target: { type: 'string' },
        kind: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    err(`systemd-container-lint: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.version) {
    out(VERSION);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    err(`systemd-container-lint: unknown format "${format}" (text, json or sarif)`);
    return 2;
  }
  if (values.kind !== undefined && !LINT_KINDS.includes(values.kind as LintKind)) {
    err(`systemd-container-lint: unknown kind "${values.kind}" (${LINT_KINDS.join(', ')})`);
    return 2;
  }
  if (positionals.length === 0) {
    err(`systemd-container-lint: no PATH given\n\n${USAGE}`);
    return 2;
  }

  try {
    const explicitConfig: LintConfig | undefined = values.config ? loadExplicitConfig(values.config) : undefined;
    const files = collectFiles(positionals);
    await initLinter();
    const results: FileResult[] = [];
    for (const file of files) {
      const text = readInput(file);
      const unlintable = unlintableReason(text);
      const name = file === '-' ? '<stdin>' : file;
      if (unlintable) throw new UsageError(`${name}: ${unlintable}`);
      const config = explicitConfig ?? configFor(file);
      const kind: LintKind = (values.kind as LintKind | undefined) ?? (file === '-' ? 'dockerfile' : (fileKindOf(file) ?? 'dockerfile'));
      let findings;
      try {
        findings = lintFile(kind, text, { config, target: kind === 'dockerfile' ? values.target : undefined, path: file === '-' ? undefined : path.resolve(file), readFile: readSibling, listDir: listSibling });
      } catch (e) {
        if (values.target && /no build stage named/.test((e as Error).message)) throw new UsageError(`${name}: ${(e as Error).message}`);
        throw e;
      }
      results.push({ file: name, findings });
    }
    const cwd = process.cwd();
    if (format === 'json') out(formatJson(results));
    else if (format === 'sarif') out(formatSarif(results, VERSION, (f) => (f === '<stdin>' ? 'stdin' : path.relative(cwd, path.resolve(f)).split(path.sep).join('/'))));
    else out(formatText(results));
    return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      err(`systemd-container-lint: ${e.message}`);
      return 2;
    }
    err(`systemd-container-lint: internal error: ${(e as Error).stack ?? e}`);
    return 2;
  }
}

/** Sibling files (Dockerfiles of compose builds, extended compose files); unreadable ones are unknown. */
function readSibling(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Names in a sibling folder (unit files look for the Dockerfile beside or above them); unreadable ones are unknown. */
function listSibling(dir: string): string[] | undefined {
  try {
    return fs.readdirSync(dir);
  } catch {
    return undefined;
  }
}

function loadExplicitConfig(file: string): LintConfig {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: configuration file not found`);
  return loadConfigFile(file);
}

function configFor(file: string): LintConfig | undefined {
  const found = findConfigFile(file === '-' ? process.cwd() : path.dirname(path.resolve(file)));
  return found ? loadConfigFile(found) : undefined;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
