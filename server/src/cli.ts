/**
 * systemd-container-lint: the command-line linter for CI.
 *   systemd-container-lint [--format text|json|sarif] [--config F] [--target STAGE] [--kind K] [--list-files] PATH…
 * Exit 1 when an error-severity finding exists, 2 on usage errors or a named file that could not
 * be read (every other file is still judged and printed), 0 otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { ConfigError, findConfigFile, loadConfigFile, type LintConfig } from './core/config';
import { initLinter, lintFile } from './lint';
import { detectKind, KINDS, LINT_KINDS, type Detection, type LintKind } from './kinds/detect';
import { collectFiles, UsageError } from './cli/files';
import { MAX_BYTES, readCandidate } from './cli/read';
import { fileNotLintable } from './rules/general/fileNotLintable';
import { formatJson, formatSarif, formatText, type FileResult } from './cli/formats';

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const USAGE = `Usage: systemd-container-lint [options] PATH...

Lints container files for systemd-as-PID-1 pitfalls, each of these kinds:
${KINDS.filter((k) => !k.skipReason)
  .map((k) => `  ${k.kind.padEnd(13)}${k.description}`)
  .join('\n')}
PATH is a file, a folder or - for standard input. A file's kind comes from its
name and content; a file of no known kind is skipped with a note. Folders are
searched recursively for every kind above (names confirmed by content);
version-control folders, node_modules and what .gitignore ignores are skipped
with a note, as are symlink loops and files that are not text.

Options:
  --format text|json|sarif   output format (default: text)
  --config FILE              configuration file (default: .systemd-lint.yaml found
                             from each file's folder upward)
  --target STAGE             lint this build stage instead of the last one
  --kind KIND                lint every PATH as one of: ${LINT_KINDS.join(', ')}
                             (default: detected from name and content)
  --list-files               print the files that would be linted, with their kind
                             and why, and the files skipped; lint nothing
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 no error-severity findings, 1 error-severity findings, 2 usage
error or a named file that could not be read (the other files are still judged).`;

/** A subcommand: its own arguments in, an exit status out (0 ok, 1 findings or a failed verdict, 2 usage/engine error). */
export type Subcommand = (argv: string[], out: (s: string) => void, err: (s: string) => void) => Promise<number>;

/**
 * Subcommands, each in its own module and loaded only when named, so that linting never pays
 * for them (e.g. `boot`, `preflight`, `verify-image`, `security`). Anything else is a lint run.
 */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {};

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
        'list-files': { type: 'boolean' },
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
    const candidates = collectFiles(positionals, (note) => err(`note: ${note}`));
    if (candidates.length === 0) return 2; // only folders with nothing to lint were named: the note said so
    await initLinter();
    const results: FileResult[] = [];
    const listing: string[] = [];
    let unreadNamedFile = false;
    for (const { file, explicit } of candidates) {
      const name = file === '-' ? '<stdin>' : file;
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
      const kind: Detection = values.kind
        ? { lint: values.kind as LintKind, lintPath: file, why: '--kind' }
        : file === '-'
          ? stdinKind(read.text)
          : detectKind(file, read.text);
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
      const options = {
        config: explicitConfig ?? configFor(file),
        target: kind.lint === 'dockerfile' ? values.target : undefined,
        path: file === '-' ? undefined : path.resolve(kind.lintPath),
        readFile: readSibling,
        listDir: listSibling,
      };
      let findings;
      try {
        findings = lintFile(kind.lint, read.text, options);
      } catch (e) {
        if (values.target && /no build stage named/.test((e as Error).message)) throw new UsageError(`${name}: ${(e as Error).message}`);
        throw e;
      }
      results.push({ file: name, findings });
    }
    if (values['list-files']) {
      out(listing.join('\n'));
      return 0;
    }
    const cwd = process.cwd();
    const toUri = (f: string) =>
      f === '<stdin>' ? 'stdin' : path.relative(cwd, path.resolve(f)).split(path.sep).join('/');
    if (format === 'json') out(formatJson(results));
    else if (format === 'sarif') out(formatSarif(results, VERSION, toUri));
    else out(formatText(results));
    if (unreadNamedFile) return 2;
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

/** Standard input has no name: a compose file or a unit by content, a Dockerfile otherwise. */
function stdinKind(text: string): Detection {
  for (const probe of ['stdin.yaml', 'stdin.service']) {
    if (probe === 'stdin.service' && !/^[ \t]*\[/m.test(text)) continue; // a unit has a section
    const found = detectKind(probe, text);
    if ('lint' in found) return { ...found, lintPath: '-' };
    if (found.kind) return found;
  }
  return { lint: 'dockerfile', lintPath: '-', why: 'standard input' };
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
  // A reader that stops early (`| head`) closes the pipe: end quietly, not with an EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
