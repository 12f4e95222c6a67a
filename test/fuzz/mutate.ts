/**
 * A seeded mutation fuzzer's building blocks: a small PRNG (so a seed reproduces a run) and
 * mutations aimed at what breaks file parsers: byte flips, deleted/duplicated lines,
 * truncation, stray continuations, unbalanced quotes and heredocs, CRLF/BOM/tabs/NUL, huge lines.
 */

/** mulberry32: tiny, fast, good enough for choosing mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
const int = (r: Random, n: number) => Math.floor(r() * n);
const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, xs.length)];

const TOKENS = [
  '\\',
  '\\\n',
  '"',
  "'",
  '`',
  '<<EOF',
  '<<-"EOF"',
  'EOF',
  '[',
  ']',
  '{',
  '}',
  '$',
  '${',
  '$(',
  '\t',
  '\r\n',
  '\u0000',
  '\ufeff',
  '=',
  '#',
  ';',
  '&&',
  '||',
  '|',
  '>',
  '\n',
  ' ',
  '\u00e9',
  '\ud83d\ude00',
  '\ud800',
];

type Mutation = (text: string, r: Random) => string;

const MUTATIONS: Mutation[] = [
  // flip one UTF-16 unit to a random one
  (t, r) => {
    if (!t) return t;
    const i = int(r, t.length);
    return t.slice(0, i) + String.fromCharCode(int(r, 0x3000)) + t.slice(i + 1);
  },
  // delete a line
  (t, r) => {
    const lines = t.split('\n');
    lines.splice(int(r, lines.length), 1);
    return lines.join('\n');
  },
  // duplicate a line
  (t, r) => {
    const lines = t.split('\n');
    const i = int(r, lines.length);
    lines.splice(i, 0, lines[i]);
    return lines.join('\n');
  },
  // truncate
  (t, r) => t.slice(0, int(r, t.length + 1)),
  // insert a syntax-relevant token
  (t, r) => {
    const i = int(r, t.length + 1);
    return t.slice(0, i) + pick(r, TOKENS) + t.slice(i);
  },
  // line endings and encodings
  (t) => t.replace(/\n/g, '\r\n'),
  (t) => '\ufeff' + t,
  (t) => t.replace(/ {4}/g, '\t'),
  // a continuation at the end of a random line
  (t, r) => {
    const lines = t.split('\n');
    const i = int(r, lines.length);
    lines[i] += pick(r, ['\\', ' \\', '\\ ', '`']);
    return lines.join('\n');
  },
  // drop every closing quote or bracket of one kind
  (t, r) => {
    const c = pick(r, ['"', "'", ']', '}', ')']);
    return t.split(c).join('');
  },
  // swap two lines
  (t, r) => {
    const lines = t.split('\n');
    const a = int(r, lines.length);
    const b = int(r, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
  // splice in a chunk of another part of the file
  (t, r) => {
    const a = int(r, t.length + 1);
    const b = Math.min(t.length, a + int(r, 200));
    const at = int(r, t.length + 1);
    return t.slice(0, at) + t.slice(a, b) + t.slice(at);
  },
];

/** 1 to 4 mutations of `seed`. */
export function mutate(seedText: string, r: Random): string {
  let t = seedText;
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) t = pick(r, MUTATIONS)(t, r);
  return t;
}

/** A line of about `bytes` characters inserted into `text` (the "1 MB line" inputs). */
export function withHugeLine(text: string, r: Random, bytes = 1024 * 1024): string {
  const lines = text.split('\n');
  const i = int(r, lines.length + 1);
  const unit = pick(r, ['RUN echo aaaaaaaa ', 'x', 'ExecStart=/bin/true ', '- "a" ', '\\ ']);
  lines.splice(i, 0, unit.repeat(Math.ceil(bytes / unit.length)));
  return lines.join('\n');
}
