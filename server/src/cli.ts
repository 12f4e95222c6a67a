/**
 * systemd-container-lint: the command-line linter for CI.
 *   systemd-container-lint [--format text|json|sarif] [--config F] [--target STAGE] [--kind K]
 *     [--systemd-version N] [--podman-version X.Y] [--verbose] PATH…
 * Exit 1 when an error-severity finding exists, 2 on usage or I/O errors, 0 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { setFlagsFromString } from 'v8';
import { ConfigError, findConfigFile, loadConfigFile, type LintConfig } from './core/config';
import { describeTargets, fileKindOf, lintFileLoadingParser, LINT_KINDS, unlintableReason, type LintKind, type LintOptions } from './lint';
import { parsePodmanVersion, parseSystemdVersion } from './core/targetVersions';
import { collectFiles, UsageError } from './cli/files';
import { formatCheckstyle, formatGithub, formatJson, formatJunit, formatRuleList, formatSarif, formatText, type FileResult } from './cli/formats';
import { fixDiff, fixText } from './cli/fix';

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const USAGE = `Usage: systemd-container-lint [options] PATH...
       systemd-container-lint boot [options] IMAGE|--dockerfile PATH   (see boot --help)

Lints Dockerfiles and Containerfiles, compose files, devcontainer.json and
systemd units that run docker/podman for systemd-as-PID-1 pitfalls.
PATH is a file, a folder (searched for Dockerfile, Containerfile, *.dockerfile,
*.containerfile, compose.yaml, docker-compose*.yml, .devcontainer/devcontainer.json,
.devcontainer.json and *.service) or - for standard input (a Dockerfile unless
--kind says otherwise).

Options:
  --format FORMAT            text, json, sarif, github (workflow annotations),
                             checkstyle or junit (default: text)
  --fix                      apply each finding's preferred fix to the files, lint
                             again and report what remains
  --fix-dry-run              print the fixes as a unified diff; change nothing
  --quiet                    report errors only
  --no-color                 no colours in text output (default: colours on a
                             terminal unless NO_COLOR is set)
  --stdin-filename NAME      the name standard input is linted as (its kind and
                             configuration file)
  --rules                    list every rule: id, name, kind, severity, summary
  --config FILE              configuration file (default: .systemd-lint.yaml found
                             from each file's folder upward)
  --target STAGE             lint this build stage instead of the last one
  --kind KIND                lint every PATH as dockerfile, compose, devcontainer or
                             unit (default: from the file name; other names: dockerfile)
  --systemd-version N        judge unit files for this systemd release (252, 257, 262)
                             or auto (default: the config file's systemdVersion, else
                             the release of the image a unit goes into, else the newest)
  --podman-version X.Y       judge Quadlet files for this Podman release (5.4, 5.8) or
                             auto (default: the config file's podmanVersion, else the newest)
  --verbose                  say on standard error which releases each file is judged for
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
 * A module is server/src/cli/commands/<name>.ts exporting `run`; the bundle makes it
 * dist/cli-<name>.js, required here as written (scripts/build.mjs, cliCommands), so keep the
 * require's argument a literal './cli/commands/<name>'.
 */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  preflight: async () => (require('./cli/commands/preflight') as { run: Subcommand }).run,
  'verify-image': async () => (require('./cli/commands/verify-image') as { run: Subcommand }).run,
  boot: async () => (require('./cli/commands/boot') as typeof import('./cli/commands/boot')).run,
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
        'systemd-version': { type: 'string' },
        'podman-version': { type: 'string' },
        verbose: { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        rules: { type: 'boolean' },
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
  if (values.rules) {
    out(formatRuleList());
    return 0;
  }
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format)) {
    err(`systemd-container-lint: unknown format "${format}" (${FORMATS.join(', ')})`);
    return 2;
  }
  if (values.fix && values['fix-dry-run']) {
    err('systemd-container-lint: --fix and --fix-dry-run exclude each other');
    return 2;
  }
  const color = values['no-color'] ? false : (values.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR));
  if (values.kind !== undefined && !LINT_KINDS.includes(values.kind as LintKind)) {
    err(`systemd-container-lint: unknown kind "${values.kind}" (${LINT_KINDS.join(', ')})`);
    return 2;
  }
  let systemdFlag: number | 'auto';
  let podmanFlag: string | 'auto';
  try {
    systemdFlag = parseSystemdVersion(values['systemd-version'], '--systemd-version');
    podmanFlag = parsePodmanVersion(values['podman-version'], '--podman-version');
  } catch (e) {
    err(`systemd-container-lint: ${(e as Error).message}`);
    return 2;
  }
  if (positionals.length === 0) {
    err(`systemd-container-lint: no PATH given\n\n${USAGE}`);
    return 2;
  }

  try {
    const explicitConfig: LintConfig | undefined = values.config ? loadExplicitConfig(values.config) : undefined;
    const files = collectFiles(positionals);
    const results: FileResult[] = [];
    const stdinName = values['stdin-filename'];
    let fixedFiles = 0;
    let fixedCount = 0;
    for (const file of files) {
      const text = readInput(file);
      const unlintable = unlintableReason(text);
      // A path standard input stands for: its kind, its configuration file and its siblings.
      const asPath = file === '-' ? stdinName : file;
      const name = file === '-' ? (stdinName ?? '<stdin>') : file;
      if (unlintable) throw new UsageError(`${name}: ${unlintable}`);
      const config = explicitConfig ?? configFor(asPath ?? '-');
      const kind: LintKind = (values.kind as LintKind | undefined) ?? (asPath === undefined ? 'dockerfile' : (fileKindOf(asPath) ?? 'dockerfile'));
      const options: LintOptions = {
        config,
        target: kind === 'dockerfile' ? values.target : undefined,
        path: asPath === undefined ? undefined : path.resolve(asPath),
        readFile: readSibling,
        listDir: listSibling,
        systemdVersion: systemdFlag === 'auto' ? undefined : systemdFlag,
        podmanVersion: podmanFlag === 'auto' ? undefined : podmanFlag,
      };
      if (values.verbose && kind !== 'dockerfile') err(`${name}: ${describeTargets(kind, options)}`);
      const lint = async (t: string) => {
        try {
          return await lintFileLoadingParser(kind, t, options);
        } catch (e) {
          if (values.target && /no build stage named/.test((e as Error).message)) throw new UsageError(`${name}: ${(e as Error).message}`);
          throw e;
        }
      };
      if (!values.fix && !values['fix-dry-run']) {
        results.push({ file: name, findings: await lint(text) });
        continue;
      }
      const fixed = await fixText(text, lint);
      results.push({ file: name, findings: fixed.findings });
      if (fixed.applied === 0) continue;
      fixedFiles++;
      fixedCount += fixed.applied;
      if (values['fix-dry-run']) out(fixDiff(name, text, fixed.text).trimEnd());
      else if (file === '-') out(fixed.text.replace(/\n$/, ''));
      else writeFixed(file, fixed.text);
    }
    if (values.fix || values['fix-dry-run']) {
      const verb = values.fix ? 'fixed' : 'would fix';
      err(`systemd-container-lint: ${verb} ${fixedCount} problem(s) in ${fixedFiles} file(s)`);
      // The diff (or stdin's fixed text) is the output; what remains goes to stderr as text.
      if (values['fix-dry-run'] || files.includes('-')) {
        const remaining = filterQuiet(results, values.quiet);
        if (remaining.some((r) => r.findings.length > 0)) err(formatText(remaining, false));
        return exitStatus(results);
      }
    }
    const shown = filterQuiet(results, values.quiet);
    const cwd = process.cwd();
    const toUri = (f: string) => (f === '<stdin>' ? 'stdin' : path.relative(cwd, path.resolve(f)).split(path.sep).join('/'));
    if (format === 'json') out(formatJson(shown));
    else if (format === 'sarif') out(formatSarif(shown, VERSION, toUri));
    else if (format === 'github') out(formatGithub(shown));
    else if (format === 'checkstyle') out(formatCheckstyle(shown, VERSION));
    else if (format === 'junit') out(formatJunit(shown));
    else out(formatText(shown, color));
    return exitStatus(results);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      err(`systemd-container-lint: ${e.message}`);
      return 2;
    }
    err(`systemd-container-lint: internal error: ${(e as Error).stack ?? e}`);
    return 2;
  }
}

const FORMATS = ['text', 'json', 'sarif', 'github', 'checkstyle', 'junit'];

/** 1 when an error-severity finding exists (whatever --quiet shows), else 0. */
function exitStatus(results: FileResult[]): number {
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** `--quiet`: errors only. */
function filterQuiet(results: FileResult[], quiet: boolean | undefined): FileResult[] {
  return quiet ? results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : results;
}

/** Write a fixed file in place, keeping its mode (a temporary file renamed over it, so a crash never leaves half a file). */
function writeFixed(file: string, text: string): void {
  const tmp = `${file}.sct-fix-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text, { mode: fs.statSync(file).mode });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new UsageError(`${file}: cannot write the fixes (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
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
  // tree-sitter's wasm on V8's baseline compiler only, as in the language server: with the default
  // tiering, the optimizing compile of its lexer (over a second of CPU) starts while the first
  // file is parsed, and a short run waits for it at exit. Liftoff alone lints a file within ~20%.
  setFlagsFromString('--liftoff-only');
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
