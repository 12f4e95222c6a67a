/**
 * systemd-container-lint: the command-line linter for CI.
 *   systemd-container-lint [--format F] [--config F] [--target STAGE] [--kind K] [--list-files] [--fix] …
 *     [--systemd-version N] [--podman-version X.Y] [--verbose] PATH…
 * Exit 1 when an error-severity finding exists, 2 on usage errors or a named file that could not
 * be read (every other file is still judged and printed), 0 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { ConfigError, findConfigFile, loadConfigFile, type LintConfig } from './core/config';
import { describeTargets, initLinter, lintFileLoadingParser, type LintOptions } from './lint';
import {
  KNOWN_PODMAN_RELEASES,
  KNOWN_SYSTEMD_RELEASES,
  parsePodmanVersion,
  parseSystemdVersion,
} from './core/targetVersions';
import { detectKind, KINDS, LINT_KINDS, standardInputKind, type Detection, type LintKind } from './kinds/detect';
import { kindNamed } from './kinds/registry';
import { collectFiles, UsageError } from './cli/files';
import { MAX_BYTES, readCandidate } from './cli/read';
import { fileNotLintable } from './core/fileNotLintable';
import {
  formatCheckstyle,
  formatGithub,
  formatJson,
  formatJunit,
  formatRuleList,
  formatSarif,
  formatText,
  type FileResult,
} from './cli/formats';
import { fixDiff, fixText } from './cli/fix';
import { SUBCOMMANDS } from './cli/subcommands';

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const USAGE = `Usage: systemd-container-lint [options] PATH...
       systemd-container-lint boot [options] IMAGE|--dockerfile PATH   (see boot --help)

Lints container files for systemd-as-PID-1 pitfalls, each of these kinds:
${KINDS.filter((k) => !k.skipReason)
  .map((k) => `  ${k.name.padEnd(13)}${k.description}`)
  .join('\n')}
PATH is a file, a folder or - for standard input. A file's kind comes from its
name and content; a file of no known kind is skipped with a note. Folders are
searched recursively for every kind above (names confirmed by content);
version-control folders, node_modules and what .gitignore ignores are skipped
with a note, as are symlink loops and files that are not text.

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
  --kind KIND                lint every PATH as one of: ${LINT_KINDS.join(', ')}
                             (default: detected from name and content)
  --list-files               print the files that would be linted, with their kind
                             and why, and the files skipped; lint nothing
  --systemd-version N        judge unit files for this systemd release (${KNOWN_SYSTEMD_RELEASES.join(', ')})
                             or auto (default: the config file's systemdVersion, else
                             the release of the image a unit goes into, else the newest)
  --podman-version X.Y       judge Quadlet files for this Podman release (${KNOWN_PODMAN_RELEASES.join(', ')}) or
                             auto (default: the config file's podmanVersion, else the newest)
  --verbose                  say on standard error which releases each file is judged for
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no error-severity findings, 1 error-severity findings, 2 usage
error or a named file that could not be read (the other files are still judged).`;

export async function lintCommandLine(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s + '\n'),
  err: (s: string) => void = (s) => process.stderr.write(s + '\n'),
): Promise<number> {
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
        'list-files': { type: 'boolean' },
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
    const candidates = collectFiles(positionals, (note) => err(`note: ${note}`));
    if (candidates.length === 0) return 2; // only folders with nothing to lint were named: the note said so
    const results: FileResult[] = [];
    const listing: string[] = [];
    const stdinName = values['stdin-filename'];
    let unreadNamedFile = false;
    let fixedFiles = 0;
    let fixedCount = 0;
    for (const { file, explicit } of candidates) {
      // A path standard input stands for: its kind, its configuration file and its siblings.
      const asPath = file === '-' ? stdinName : file;
      const name = file === '-' ? (stdinName ?? '<stdin>') : file;
      const read = readCandidate(file);
      if ('notLintable' in read) {
        // Named on the command line, or found in a folder under a name of a known kind: reported.
        // Other unreadable files a walk met are only noted (a folder may well hold binaries).
        const reported = explicit || KINDS.some((k) => k.byName(file.split(path.sep).join('/')));
        err(`note: ${name}: not linted: ${read.notLintable}`);
        listing.push(`${name}: skipped (${read.notLintable})`);
        const finding = fileNotLintable(read.notLintable, explicit ? 'error' : 'warning');
        if (reported) results.push({ file: name, findings: [finding] });
        if (explicit) unreadNamedFile = true;
        continue;
      }
      const text = read.text;
      const kind: Detection = values.kind
        ? { lint: values.kind as LintKind, lintPath: asPath ?? '-', why: '--kind' }
        : asPath === undefined
          ? standardInputKind(text)
          : detectKind(asPath, text);
      if ('skip' in kind) {
        // A walk passes over files of no known kind in silence; named files and recognised kinds get a note.
        if (explicit || kind.kind) {
          err(`note: ${name}: skipped: ${kind.skip}`);
          listing.push(`${name}: skipped (${kind.skip})`);
        }
        continue;
      }
      listing.push(`${name}: ${kind.lint} (${kind.why})`);
      if (values['list-files']) continue;
      const options: LintOptions = {
        config: explicitConfig ?? configFor(asPath ?? '-'),
        target: kindNamed(kind.lint).takesBuildTarget ? values.target : undefined,
        path: kind.lintPath === '-' ? undefined : path.resolve(kind.lintPath),
        readFile: readSibling,
        listDir: listSibling,
        systemdVersion: systemdFlag === 'auto' ? undefined : systemdFlag,
        podmanVersion: podmanFlag === 'auto' ? undefined : podmanFlag,
      };
      if (values.verbose && kindNamed(kind.lint).targetsNote) {
        // The image a unit goes into is read from its Dockerfile, whose RUN lines need the shell parser.
        await initLinter();
        err(`${name}: ${describeTargets(kind.lint, options)}`);
      }
      const lint = async (t: string) => {
        try {
          return await lintFileLoadingParser(kind.lint, t, options);
        } catch (e) {
          const message = (e as Error).message;
          if (values.target && /no build stage named/.test(message)) throw new UsageError(`${name}: ${message}`);
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
    if (values['list-files']) {
      out(listing.join('\n'));
      return 0;
    }
    // A file named on the command line that could not be read is an I/O error: exit 2, all else printed.
    const status = () => (unreadNamedFile ? 2 : exitStatus(results));
    if (values.fix || values['fix-dry-run']) {
      const verb = values.fix ? 'fixed' : 'would fix';
      err(`systemd-container-lint: ${verb} ${fixedCount} problem(s) in ${fixedFiles} file(s)`);
      // The diff (or stdin's fixed text) is the output; what remains goes to stderr as text.
      if (values['fix-dry-run'] || candidates.some((c) => c.file === '-')) {
        const remaining = filterQuiet(results, values.quiet);
        if (remaining.some((r) => r.findings.length > 0)) err(formatText(remaining, false));
        return status();
      }
    }
    const shown = filterQuiet(results, values.quiet);
    const cwd = process.cwd();
    const toUri = (f: string) =>
      f === '<stdin>' ? 'stdin' : path.relative(cwd, path.resolve(f)).split(path.sep).join('/');
    if (format === 'json') out(formatJson(shown));
    else if (format === 'sarif') out(formatSarif(shown, VERSION, toUri));
    else if (format === 'github') out(formatGithub(shown));
    else if (format === 'checkstyle') out(formatCheckstyle(shown, VERSION));
    else if (format === 'junit') out(formatJunit(shown));
    else out(formatText(shown, color));
    return status();
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

/**
 * Write a fixed file in place, keeping its mode (a temporary file renamed over it, so a crash never leaves half a
 * file).
 */
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
