/**
 * Which files the CLI looks at: the files named on the command line, and in named folders every
 * file whose name makes it worth reading (the kind detector decides from name and content once it
 * is read). Version-control folders, node_modules and what .gitignore ignores are skipped, as ESLint
 * and ruff do; symlinks are followed once (a loop is noted, not walked). Nothing here aborts: what
 * is left out gets a one-line note.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { worthReading } from '../kinds/detect';

export class UsageError extends Error {}

/** A file to read: `explicit` when named on the command line (any outcome is reported). */
export interface Candidate {
  file: string;
  explicit: boolean;
}

const SKIP_DIRS: Record<string, string> = {
  '.git': 'version control',
  '.hg': 'version control',
  '.svn': 'version control',
  '.bzr': 'version control',
  _darcs: 'version control',
  node_modules: 'dependencies (node_modules)',
};

/** One .gitignore: its matcher and the folder its patterns are relative to. */
interface IgnoreFile {
  dir: string;
  matcher: Ignore;
}

function readIgnoreFile(dir: string, note: (s: string) => void): IgnoreFile | undefined {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { dir, matcher: ignore().add(text) };
  } catch (e) {
    note(`${file}: not used (${(e as Error).message})`);
    return undefined;
  }
}

function ignoredBy(rules: IgnoreFile[], full: string, isDir: boolean): boolean {
  let ignored = false;
  for (const r of rules) {
    const rel = path.relative(r.dir, full).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    // A later (deeper) .gitignore may re-include what an earlier one ignored.
    const t = r.matcher.test(isDir ? `${rel}/` : rel);
    if (t.ignored) ignored = true;
    else if (t.unignored) ignored = false;
  }
  return ignored;
}

/** .gitignore files from the repository root (the folder with `.git`) down to `dir`'s parent. */
function ancestorIgnores(dir: string, note: (s: string) => void): IgnoreFile[] {
  const chain: string[] = [];
  let at = path.dirname(path.resolve(dir));
  for (;;) {
    chain.unshift(at);
    if (fs.existsSync(path.join(at, '.git'))) break;
    const up = path.dirname(at);
    if (up === at) return []; // not inside a repository: only the walked folders' own .gitignore files count
    at = up;
  }
  return chain.map((d) => readIgnoreFile(d, note)).filter((r): r is IgnoreFile => !!r);
}

/**
 * Expand CLI paths into candidates; folders are searched recursively. `-` stays as stdin. A named
 * path that does not exist is a candidate too (its reading reports it), so one typo loses nothing.
 */
export function collectFiles(inputs: string[], note: (s: string) => void): Candidate[] {
  const out: Candidate[] = [];
  for (const input of inputs) {
    let stat: fs.Stats | undefined;
    try {
      stat = input === '-' ? undefined : fs.statSync(input);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found: Candidate[] = [];
      const visited = new Set<string>();
      walk(input, ancestorIgnores(input, note), visited, found, note, true);
      if (found.length === 0) note(`${input}: no file of a kind this linter knows in this folder`);
      out.push(...found);
    } else {
      out.push({ file: input, explicit: true });
    }
  }
  return out;
}

function walk(
  dir: string,
  ignores: IgnoreFile[],
  visited: Set<string>,
  out: Candidate[],
  note: (s: string) => void,
  top = false,
): void {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (e) {
    note(`${dir}/: skipped (cannot resolve: ${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return;
  }
  if (visited.has(real)) {
    note(`${dir}/: skipped (symlink loop or folder already searched: ${real})`);
    return;
  }
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    note(`${dir}/: skipped (cannot read folder: ${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return;
  }
  if (entries.length === 0 && !top) note(`${dir}/: empty folder`);
  const own = readIgnoreFile(dir, note);
  const rules = own ? [...ignores, own] : ignores;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (worthReading(full)) note(`${full}: skipped (${code === 'ELOOP' ? 'symlink loop' : 'broken symlink'})`);
        continue;
      }
    }
    if (isDir) {
      if (SKIP_DIRS[entry.name]) note(`${full}/: skipped (${SKIP_DIRS[entry.name]})`);
      else if (ignoredBy(rules, full, true)) note(`${full}/: skipped (.gitignore)`);
      else walk(full, rules, visited, out, note);
    } else if (isFile && worthReading(full)) {
      if (ignoredBy(rules, full, false)) note(`${full}: skipped (.gitignore)`);
      else out.push({ file: full, explicit: false });
    }
  }
}
