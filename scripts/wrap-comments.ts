/**
 * Rewraps comment lines longer than the line limit (120) in TypeScript and JavaScript source, the
 * part of the layout Prettier leaves alone. Run after Prettier (`npm run format`):
 *
 *   node out/scripts/wrap-comments.js [--check] [file or folder ...]   (default: the source folders)
 *
 * A long `//` line is refilled with the lines that continue its paragraph (same prefix, plain text);
 * a list item (`- `, `* `, `1. `) keeps a hanging indent; a long JSDoc or block-comment line is
 * refilled the same way behind its ` * `; a one-line `/** … *\/` becomes a block; a trailing `//`
 * comment that makes its line long moves onto its own line above the code. Only comments change
 * (the TypeScript parser finds them, so `//` in strings and regexes is never touched), the result
 * is stable (a second run changes nothing) and a word longer than the limit (a URL) stays whole.
 * `--check` lists what would change and exits 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const MAX_LINE = 120;

/** The folders `npm run format` covers, as ESLint's max-len does. */
export const SOURCE_FOLDERS = ['server/src', 'client/src', 'shared', 'scripts', 'bench', 'test'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'fixtures', 'heldout', 'results', 'out', 'dist']);
const SOURCE_FILE = /\.(ts|mts|cts|mjs|cjs|js)$/;

interface CommentSpan {
  start: number;
  end: number;
  kind: ts.CommentKind;
}

/** Every comment in the file, found as the trivia before and after each token. */
function commentsOf(text: string, fileName: string): { comments: CommentSpan[]; literals: [number, number][] } {
  const kind = fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const seen = new Map<number, CommentSpan>();
  const literals: [number, number][] = [];
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) seen.set(r.pos, { start: r.pos, end: r.end, kind: r.kind });
  };
  const visit = (node: ts.Node): void => {
    const children = node.getChildren(file);
    if (children.length === 0) {
      add(ts.getLeadingCommentRanges(text, node.pos));
      add(ts.getTrailingCommentRanges(text, node.end));
      if (node.kind >= ts.SyntaxKind.FirstLiteralToken && node.kind <= ts.SyntaxKind.LastTemplateToken) {
        literals.push([node.getStart(file), node.end]);
      }
      return;
    }
    children.forEach(visit);
  };
  visit(file);
  add(ts.getLeadingCommentRanges(text, file.endOfFileToken.pos));
  return { comments: [...seen.values()].sort((a, b) => a.start - b.start), literals };
}

/** The text of a paragraph line after its prefix, or null when the line does not continue it. */
type Continuation = (line: string) => string | null;

/** Greedy fill of `words` into lines of at most `width` characters after `first` / `rest` prefixes. */
function fill(words: string[], first: string, rest: string): string[] {
  const out: string[] = [];
  let current = first;
  let empty = true;
  for (const word of words) {
    const prefix = out.length === 0 ? first : rest;
    if (empty) {
      current = prefix + word;
      empty = false;
    } else if (current.length + 1 + word.length <= MAX_LINE) {
      current += ' ' + word;
    } else {
      out.push(current);
      current = rest + word;
    }
  }
  if (!empty) out.push(current);
  return out;
}

const LIST_MARKER = /^([-*+]|\d+[.)]) +/;

/**
 * Refills the paragraph that starts at `lines[at]` (`prefix` + text): the lines after it that
 * `continues` accepts join it. Returns how many lines it replaced and the new lines.
 */
function refill(lines: string[], at: number, prefix: string, bare: string): { count: number; out: string[] } {
  const text = lines[at].slice(prefix.length);
  const marker = LIST_MARKER.exec(text);
  const hang = marker ? ' '.repeat(marker[0].length) : '';
  const continues: Continuation = (line) => {
    if (!line.startsWith(prefix + hang)) return null;
    const rest = line.slice(prefix.length + hang.length);
    // A blank line, deeper indentation (code, a table), a new list item or tag ends the paragraph.
    if (rest === '' || /^\s/.test(rest) || LIST_MARKER.test(rest) || /^[@|`]/.test(rest)) return null;
    if (bare.endsWith('*') && rest.startsWith('/')) return null;
    return rest;
  };
  const words = text.split(' ').filter((w) => w !== '');
  let count = 1;
  for (let next = continues(lines[at + 1] ?? ''); next !== null; next = continues(lines[at + count] ?? '')) {
    words.push(...next.split(' ').filter((w) => w !== ''));
    count++;
    if (at + count >= lines.length) break;
  }
  return { count, out: fill(words, prefix, prefix + hang) };
}

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Rewraps the long comment lines of one file's text; returns the text unchanged when none is long. */
export function wrapComments(text: string, fileName = 'file.ts'): string {
  const lines = text.split('\n');
  if (!lines.some((l) => l.length > MAX_LINE)) return text;
  const { comments, literals } = commentsOf(text, fileName);
  const starts = lineStarts(text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const insideLiteral = (offset: number): boolean => literals.some(([s, e]) => s < offset && offset < e);

  // Work from the end so that earlier line numbers stay valid.
  const edits: { line: number; count: number; out: string[] }[] = [];
  for (const c of comments) {
    const first = lineOf(c.start);
    const last = lineOf(c.end);
    const lead = lines[first].slice(0, c.start - starts[first]);
    const indent = /^\s*/.exec(lines[first])![0];
    if (c.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      if (lines[first].length <= MAX_LINE) continue;
      const body = lines[first].slice(c.start - starts[first]);
      const m = /^\/\/+ ?/.exec(body)!;
      // Directives to tools (eslint-disable…, @ts-expect-error, prettier-ignore) must stay one line.
      if (/^(eslint|@ts-|prettier-|istanbul|c8 )/.test(body.slice(m[0].length))) continue;
      if (lead.trim() === '') {
        edits.push({ line: first, ...refill(lines, first, indent + m[0].replace(/ ?$/, ' '), '//') });
      } else if (!insideLiteral(starts[first]) && lead.trimEnd().length <= MAX_LINE) {
        // A trailing comment: onto its own lines above the code it explains.
        const own = indent + '// ' + body.slice(m[0].length).trim();
        const wrapped = refill([own], 0, indent + '// ', '//');
        edits.push({ line: first, count: 1, out: [...wrapped.out, lead.trimEnd()] });
      }
      continue;
    }
    // A block comment: refill each long line behind its ` * ` (or plain indentation).
    let longLine = false;
    for (let l = first; l <= last; l++) if (lines[l].length > MAX_LINE) longLine = true;
    if (!longLine) continue;
    if (first === last) {
      const body = text.slice(c.start, c.end);
      const m = /^\/\*(\*?)\s*([\s\S]*?)\s*\*\/$/.exec(body);
      const after = lines[first].slice(c.end - starts[first]);
      if (!m || lead.trim() !== '' || after.trim() !== '') continue;
      const inner = refill([indent + ' * ' + m[2]], 0, indent + ' * ', ' *');
      edits.push({ line: first, count: 1, out: [`${indent}/*${m[1]}`, ...inner.out, `${indent} */`] });
      continue;
    }
    for (let l = last - 1; l > first; l--) {
      if (lines[l].length <= MAX_LINE) continue;
      const star = /^(\s*\*+ +)/.exec(lines[l]);
      const prefix = star ? star[1] : /^\s*/.exec(lines[l])![0];
      if (lines[l].slice(prefix.length).trim() === '') continue;
      // Lines after this one inside the comment only (never the closing `*/` line).
      const r = refill(lines.slice(0, last), l, prefix, star ? '*' : '');
      edits.push({ line: l, ...r });
    }
  }
  // A paragraph refilled from its first long line covers the long lines after it in it.
  edits.sort((a, b) => a.line - b.line);
  const kept: typeof edits = [];
  for (const e of edits) {
    const previous = kept[kept.length - 1];
    if (!previous || e.line >= previous.line + previous.count) kept.push(e);
  }
  for (const e of kept.reverse()) lines.splice(e.line, e.count, ...e.out);
  return lines.join('\n');
}

/** The source files under `roots`, sorted. */
export function sourceFiles(roots: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isFile()) {
      if (SOURCE_FILE.test(p) && !p.endsWith('.d.ts')) out.push(p);
      return;
    }
    for (const name of fs.readdirSync(p).sort()) {
      if (!SKIPPED_FOLDERS.has(name) && !name.startsWith('.')) walk(path.join(p, name));
    }
  };
  roots.forEach(walk);
  return out;
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const roots = argv.filter((a) => a !== '--check');
  const files = sourceFiles(roots.length ? roots : SOURCE_FOLDERS);
  let changed = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const wrapped = wrapComments(text, file);
    if (wrapped === text) continue;
    changed++;
    if (check) console.log(file);
    else fs.writeFileSync(file, wrapped);
  }
  if (!check) console.log(`wrap-comments: ${changed} of ${files.length} files rewrapped`);
  return check && changed > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
