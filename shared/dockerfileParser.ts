/**
 * A small, linear Dockerfile reader that follows BuildKit's parser
 * (moby/buildkit frontend/dockerfile/parser) for everything the image model needs:
 *
 * - parser directives at the top (`# escape=` backtick or backslash, `# syntax=`, `# check=`):
 *   only before any other line, one of each, a blank line or any other comment ends them;
 * - lines split on `\n` only (a `\r` before it is dropped); comment lines (`#` after optional
 *   white space) and blank lines between instructions;
 * - line continuations: the escape character, then optional spaces/tabs, at the end of a line,
 *   unless itself escaped (`\\`); comment lines and empty lines inside a continuation are dropped;
 *   continuation lines keep their leading white space; the pieces are joined without separator;
 * - the keyword (any case) is the first word of the joined line; builder flags (`--from=…`,
 *   `--mount=…`) are the leading words that start with `--`;
 * - exec (JSON) form only when the arguments parse as a JSON array of strings, else shell form;
 * - heredocs (`<<EOF`, `<<-EOF`, `<<"EOF"`, several per line) for RUN, COPY, ADD (also under
 *   ONBUILD) in shell form: their bodies follow the instruction's line and are not subject to
 *   continuation or comment handling; a body ends at a line equal to the delimiter (after
 *   leading tabs are removed for `<<-`), or at the end of the file;
 * - ENV/LABEL `key=value …` and the legacy `ENV key value`, ARG `name[=value] …`, FROM
 *   `[--platform=…] image [AS name]`, with quotes and the escape character removed from values.
 *
 * Everything is kept as document offsets (UTF-16 code units, as JavaScript strings index);
 * positions (0-based line/character, like LSP) come from the LineIndex on demand. One pass over
 * the lines finds the instructions and their extent; the joined line, words, flags, JSON strings
 * and properties of an instruction are computed when first asked for.
 */
import { LineIndex } from './text';
import type { Range } from './positions';

export interface ParserDirective {
  /** Lower-case name: `escape`, `syntax` or `check`. */
  name: string;
  value: string;
  /** Offsets of the whole directive line's content. */
  start: number;
  end: number;
}

/** A word of an instruction's arguments, as Docker splits them (quotes keep white space together). */
export interface Word {
  /** The text as written (quotes and escapes kept; line continuations removed). */
  raw: string;
  /** Document offsets: the first character, and just after the last one. */
  start: number;
  end: number;
}

export interface Flag {
  /** Without the leading `--`. */
  name: string;
  /** After `=`, quotes removed; null for a bare `--flag`. */
  value: string | null;
  start: number;
  end: number;
}

export interface JsonString {
  value: string;
  /** Document offsets of the string token, quotes included. */
  start: number;
  end: number;
}

export interface Property {
  name: string;
  /** Quotes and escapes removed, variables kept as written; null for `ARG name` without a value. */
  value: string | null;
  /** From the name's first character to the value's last. */
  start: number;
  end: number;
}

export interface Heredoc {
  /** The delimiter word, quotes removed. */
  name: string;
  /** `<<-`: leading tabs are stripped from the body and the delimiter line. */
  chomp: boolean;
  /** Offset of the body's first line. */
  bodyStart: number;
  /** End of the body: before the line break that precedes the delimiter line (or the end of the file). */
  bodyEnd: number;
  /** Found its delimiter line (Docker fails the build otherwise). */
  terminated: boolean;
}

const NO_HEREDOCS: readonly Heredoc[] = Object.freeze([]);

/** The parsed file: directives, escape character and instructions, in document order. */
export class DockerfileDocument {
  readonly directives: ParserDirective[] = [];
  readonly instructions: Instruction[] = [];
  escapeChar = '\\';

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  position(offset: number) {
    return this.lines.positionAt(offset);
  }

  range(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }
}

/** The joined ("logical") line of an instruction and the map back to document offsets. */
interface Logical {
  text: string;
  /** Logical index where each piece starts, and the document offset it comes from. */
  segStart: number[];
  segDoc: number[];
}

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

export class Instruction {
  private logicalCache?: Logical;
  private spansCache?: [number, number][];
  private wordsCache?: Word[];
  private flagsCache?: { flags: Flag[]; argsFrom: number; restStart: number; firstSpan?: [number, number] };
  private jsonCache?: JsonString[] | null;
  /** args and properties, read by the model and by several rules: made once (callers only read them). */
  private argsCache?: Word[];
  private propertiesCache?: Property[];

  constructor(
    readonly doc: DockerfileDocument,
    /** Upper-case keyword as written (`RUN`, `FROM`, or whatever the line starts with). */
    readonly keyword: string,
    /** Offset of the keyword's first character. */
    readonly start: number,
    /**
     * End of the instruction's text: the end of its last line (before the line break), past
     * comment lines inside a continuation, heredoc bodies and their delimiter line.
     */
    readonly end: number,
    /** End of the joined line's last physical line (where heredoc bodies start, after its line break). */
    readonly logicalEnd: number,
    /**
     * Physical pieces [start, end) of a multi-line instruction, continuation marks excluded; null: one piece [start,
     * logicalEnd).
     */
    private readonly pieces: number[] | null,
    /** Logical index just after the keyword. */
    private readonly keywordLength: number,
    readonly heredocs: readonly Heredoc[] = NO_HEREDOCS,
  ) {}

  /** The instruction's document range (keyword to end, see `end`). */
  get range(): Range {
    return this.doc.range(this.start, this.end);
  }

  /**
   * Where the joined line breaks in the document: [start, end) offset pairs from a continuation
   * mark to the start of the next piece (white space after the mark, the line break, dropped
   * comment and empty lines), and to the end of the file when it ends inside a continuation.
   */
  get breaks(): number[] {
    const p = this.pieces;
    if (!p) return [];
    const out: number[] = [];
    for (let i = 1; i + 1 < p.length; i += 2) out.push(p[i], p[i + 1]);
    if (p[p.length - 1] < this.logicalEnd) out.push(p[p.length - 1], this.logicalEnd);
    return out;
  }

  /** The joined line as Docker sees it (continuations removed, comment lines dropped), from the keyword on. */
  get logicalText(): string {
    return this.logical().text;
  }

  /** Document offset of a logical index (the index of a character of `logicalText`). */
  docOffset(index: number): number {
    const l = this.logical();
    const starts = l.segStart;
    if (starts.length === 1) return l.segDoc[0] + index;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return l.segDoc[lo] + (index - starts[lo]);
  }

  /** Document offset just after the character at logical index `end - 1` (an exclusive end). */
  docEnd(end: number): number {
    return end <= 0 ? this.docOffset(0) : this.docOffset(end - 1) + 1;
  }

  private logical(): Logical {
    if (this.logicalCache) return this.logicalCache;
    const text = this.doc.text;
    if (!this.pieces) {
      this.logicalCache = { text: text.slice(this.start, this.logicalEnd), segStart: [0], segDoc: [this.start] };
    } else {
      let joined = '';
      const segStart: number[] = [];
      const segDoc: number[] = [];
      for (let i = 0; i < this.pieces.length; i += 2) {
        if (this.pieces[i + 1] <= this.pieces[i] && segStart.length) continue; // an escape character alone on its line
        segStart.push(joined.length);
        segDoc.push(this.pieces[i]);
        joined += text.slice(this.pieces[i], this.pieces[i + 1]);
      }
      this.logicalCache = { text: joined, segStart, segDoc };
    }
    return this.logicalCache;
  }

  private spans(): [number, number][] {
    return (this.spansCache ??= splitWords(this.logical().text, this.keywordLength, this.doc.escapeChar));
  }

  private word(span: [number, number]): Word {
    return {
      raw: this.logical().text.slice(span[0], span[1]),
      start: this.docOffset(span[0]),
      end: this.docEnd(span[1]),
    };
  }

  /** Every word after the keyword (flags included), split as Docker splits them. */
  get words(): Word[] {
    return (this.wordsCache ??= this.spans().map((w) => this.word(w)));
  }

  /** Flags, and where the arguments after them start: only the leading words are looked at. */
  private flagInfo() {
    if (this.flagsCache) return this.flagsCache;
    const t = this.logical().text;
    const e = this.doc.escapeChar;
    const flags: Flag[] = [];
    let k = 0;
    let at = wordStart(t, this.keywordLength);
    let firstSpan: [number, number] | undefined;
    while (at < t.length) {
      const end = wordEnd(t, at, e);
      if (t.charCodeAt(at) !== 45 || t.charCodeAt(at + 1) !== 45) {
        firstSpan = [at, end];
        break;
      }
      k++;
      const raw = t.slice(at, end);
      if (raw === '--') {
        at = wordStart(t, end);
        break;
      }
      // As BuildKit's extractBuilderFlags reads a flag: quotes removed, the escape character
      // (the directive's, also a backtick) keeps the next character, inside quotes too.
      const word = flagWord(raw, e);
      const eq = word.indexOf('=');
      flags.push({
        name: eq < 0 ? word.slice(2) : word.slice(2, eq),
        value: eq < 0 ? null : word.slice(eq + 1),
        start: this.docOffset(at),
        end: this.docEnd(end),
      });
      at = wordStart(t, end);
    }
    if (!firstSpan && at < t.length) firstSpan = [at, wordEnd(t, at, e)];
    this.flagsCache = { flags, argsFrom: k, restStart: at, firstSpan };
    return this.flagsCache;
  }

  /** Leading `--name[=value]` builder flags. */
  get flags(): Flag[] {
    return this.flagInfo().flags;
  }

  flag(name: string): Flag | undefined {
    return this.flags.find((f) => f.name === name);
  }

  /** The words after the flags. */
  get args(): Word[] {
    if (this.argsCache) return this.argsCache;
    const from = this.flagInfo().argsFrom;
    return (this.argsCache = this.wordsCache
      ? this.wordsCache.slice(from)
      : this.spans()
          .slice(from)
          .map((w) => this.word(w)));
  }

  /** The first word after the flags (RUN needs no more to tell shell form from a heredoc). */
  get firstArg(): Word | undefined {
    const span = this.flagInfo().firstSpan;
    return span ? this.word(span) : undefined;
  }

  /** The arguments' text after the flags as one string (what a shell-form command runs), trimmed. */
  get rest(): string {
    const l = this.logical();
    return l.text.slice(this.flagInfo().restStart).trimEnd();
  }

  /** Document offset where `rest` starts (the end of the instruction when there are no arguments). */
  get restStart(): number {
    const l = this.logical();
    const at = this.flagInfo().restStart;
    return at < l.text.length ? this.docOffset(at) : this.logicalEnd;
  }

  /** Exec form: the JSON strings; null when the arguments are not a JSON array of strings (shell form). */
  get json(): JsonString[] | null {
    if (this.jsonCache !== undefined) return this.jsonCache;
    this.jsonCache = null;
    const l = this.logical();
    const from = this.flagInfo().restStart;
    if (l.text.charCodeAt(from) !== 91 /* [ */) return null;
    let values: unknown;
    try {
      values = JSON.parse(l.text.slice(from));
    } catch {
      return null;
    }
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return null;
    // A valid JSON array of strings: every `"` outside a string opens the next one.
    const out: JsonString[] = [];
    const t = l.text;
    for (let i = from + 1, n = 0; i < t.length && n < values.length; i++) {
      if (t.charCodeAt(i) !== 34) continue;
      let j = i + 1;
      while (j < t.length && t.charCodeAt(j) !== 34) j += t.charCodeAt(j) === 92 ? 2 : 1;
      out.push({ value: values[n++] as string, start: this.docOffset(i), end: this.docEnd(j + 1) });
      i = j;
    }
    this.jsonCache = out;
    return out;
  }

  /**
   * ENV and LABEL (`key=value …`, or the legacy `key value`), ARG (`name[=value] …`): the
   * properties, values with quotes and escapes removed.
   */
  get properties(): Property[] {
    return (this.propertiesCache ??= this.readProperties());
  }

  private readProperties(): Property[] {
    const args = this.args;
    if (args.length === 0) return [];
    const e = this.doc.escapeChar;
    if (this.keyword !== 'ARG' && !args[0].raw.includes('=')) {
      // Legacy `ENV key value`: the key is the first word, the value the rest of the line.
      const l = this.logical();
      const from = this.flagInfo().restStart;
      const m = /^(\S+)\s+/.exec(l.text.slice(from));
      if (!m) return [{ name: args[0].raw, value: null, start: args[0].start, end: args[0].end }];
      const valueRaw = l.text.slice(from + m[0].length).trimEnd();
      return [
        {
          name: m[1],
          value: unquote(valueRaw, e),
          start: args[0].start,
          end: this.docEnd(from + m[0].length + valueRaw.length),
        },
      ];
    }
    return args.map((w) => {
      const eq = w.raw.indexOf('=');
      if (eq < 0) return { name: w.raw, value: null, start: w.start, end: w.end };
      return { name: w.raw.slice(0, eq), value: unquote(w.raw.slice(eq + 1), e), start: w.start, end: w.end };
    });
  }

  // ---- A few dockerfile-ast style accessors, for code written against it ----

  getKeyword(): string {
    return this.keyword;
  }

  getRange(): Range {
    return this.range;
  }

  /** FROM: the range of the image argument. */
  getImageRange(): Range | null {
    const a = this.args[0];
    return a ? this.doc.range(a.start, a.end) : null;
  }
}

/** Docker's white space (Go's unicode.IsSpace, for the characters Dockerfiles contain). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0x85 ||
    c === 0xa0 ||
    (c > 0xff && /\s/.test(String.fromCharCode(c)) && c !== 0xfeff)
  );
}

/**
 * Docker's parseWords: words separated by white space; single and double quotes keep white
 * space inside a word; the escape character keeps the next character (except inside single
 * quotes). Returns [start, end) pairs of logical indices.
 */
export function splitWords(text: string, from: number, escape: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = wordStart(text, from); i < text.length; i = wordStart(text, i)) {
    const end = wordEnd(text, i, escape);
    out.push([i, end]);
    i = end;
  }
  return out;
}

/** The first non-space index at or after `from` (text.length when none). */
function wordStart(text: string, from: number): number {
  while (from < text.length && isSpace(text.charCodeAt(from))) from++;
  return from;
}

/** End of the word starting at `start` (see splitWords). */
function wordEnd(text: string, start: number, escape: string): number {
  const e = escape.charCodeAt(0);
  const n = text.length;
  let i = start;
  let quote = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (quote === 0) {
      if (isSpace(c)) break;
      if (c === 39 || c === 34) quote = c;
      else if (c === e) i++;
    } else if (c === quote) quote = 0;
    else if (c === e && quote !== 39) i++;
    i++;
  }
  return i > n ? n : i;
}

/** A builder flag's word as BuildKit's extractBuilderFlags reads it. */
function flagWord(raw: string, escape: string): string {
  if (!raw.includes("'") && !raw.includes('"') && !raw.includes(escape)) return raw;
  let out = '';
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (!quote && (c === '"' || c === "'")) quote = c;
    else if (quote && c === quote) quote = '';
    else if (c === escape) {
      if (i + 1 < raw.length) out += raw[++i];
    } else out += c;
  }
  return out;
}

/**
 * A word's value as Docker's shell lexer reads it, without variable expansion: single quotes
 * literal, double quotes with the escape character before `"`, `$` and itself, the escape
 * character elsewhere keeping the next character.
 */
export function unquote(raw: string, escape: string): string {
  if (!raw.includes("'") && !raw.includes('"') && !raw.includes(escape)) return raw;
  let out = '';
  const n = raw.length;
  for (let i = 0; i < n;) {
    const c = raw[i];
    if (c === "'") {
      const j = raw.indexOf("'", i + 1);
      out += raw.slice(i + 1, j < 0 ? n : j);
      i = j < 0 ? n : j + 1;
    } else if (c === '"') {
      i++;
      while (i < n && raw[i] !== '"') {
        if (raw[i] === escape && i + 1 < n && (raw[i + 1] === '"' || raw[i + 1] === '$' || raw[i + 1] === escape)) {
          out += raw[i + 1];
          i += 2;
        } else out += raw[i++];
      }
      i++;
    } else if (c === escape) {
      if (i + 1 < n) out += raw[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['escape', 'syntax', 'check']);
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;

/** Parse a Dockerfile. Never throws; junk becomes instructions with odd keywords. */
export function parseDockerfileText(text: string, lines = new LineIndex(text)): DockerfileDocument {
  const doc = new DockerfileDocument(text, lines);
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  // Line reader: [lineStart, contentEnd) without the line break and trailing `\r`s; next line at `next`.
  let lineStart = 0;
  let contentEnd = 0;
  let next = 0;
  const readLine = (at: number) => {
    lineStart = at;
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = n;
    next = nl < n ? nl + 1 : n;
    let ce = nl;
    while (ce > at && (text.charCodeAt(ce - 1) === 13 || text.charCodeAt(ce - 1) === 10)) ce--;
    contentEnd = ce;
  };
  const firstNonSpace = (from: number, to: number) => {
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    return from;
  };

  // Parser directives: the first lines, each `# name=value` with a known, unseen name.
  for (let at = pos; at < n; at = next) {
    readLine(at);
    const s = firstNonSpace(lineStart, contentEnd);
    const m = text.charCodeAt(s) === 35 ? DIRECTIVE.exec(text.slice(s, contentEnd)) : null;
    const name = m?.[1].toLowerCase();
    if (!m || !name || !KNOWN_DIRECTIVES.has(name) || doc.directives.some((d) => d.name === name)) break;
    doc.directives.push({ name, value: m[2], start: s, end: contentEnd });
    if (name === 'escape' && (m[2] === '`' || m[2] === '\\')) doc.escapeChar = m[2];
  }
  const escape = doc.escapeChar.charCodeAt(0);

  /** Offset of the continuation mark (the escape character) ending [from, end), or -1. */
  const continuation = (from: number, end: number) => {
    let e = end;
    while (e > from && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    if (e > from && text.charCodeAt(e - 1) === escape && (e - 1 === from || text.charCodeAt(e - 2) !== escape))
      return e - 1;
    return -1;
  };

  // Next `<<` at or after an offset, found once per stretch of text (keeps the scan linear).
  let heredocMark = -2;
  const markFrom = (at: number) => {
    if (heredocMark !== -1 && heredocMark < at) heredocMark = text.indexOf('<<', at);
    return heredocMark;
  };

  while (pos < n) {
    readLine(pos);
    const s = firstNonSpace(lineStart, contentEnd);
    if (s === contentEnd || text.charCodeAt(s) === 35 /* # */) {
      pos = next;
      continue;
    }
    const start = s;
    // Keyword: up to white space (or a continuation that splits it, handled below).
    let k = s;
    while (k < contentEnd) {
      const c = text.charCodeAt(k);
      if (c === 32 || c === 9 || c === 11 || c === 12 || c === 13) break;
      k++;
    }
    let mark = continuation(s, contentEnd);
    let pieces: number[] | null = null;
    let logicalEnd = contentEnd;
    let end = contentEnd;
    pos = next;
    if (mark >= 0) {
      pieces = [start, mark];
      let done = false;
      while (pos < n) {
        readLine(pos);
        pos = next;
        const f = firstNonSpace(lineStart, contentEnd);
        if (f === contentEnd) continue; // empty continuation line (deprecated, dropped)
        if (text.charCodeAt(f) === 35) continue; // comment line inside a continuation (dropped)
        mark = continuation(lineStart, contentEnd);
        if (mark >= 0) {
          pieces.push(lineStart, mark);
          continue;
        }
        pieces.push(lineStart, contentEnd);
        logicalEnd = end = contentEnd;
        done = true;
        break;
      }
      if (!done) logicalEnd = end = n;
    }
    let keywordLength = Math.min(k, pieces ? pieces[1] : contentEnd) - start;
    let keyword = text.slice(start, start + keywordLength).toUpperCase();
    let ins = new Instruction(doc, keyword, start, end, logicalEnd, pieces, keywordLength);
    if (pieces && k >= pieces[1]) {
      // The keyword runs into a continuation (`RU\` + `N …`): take it from the joined line.
      const joined = ins.logicalText;
      let j = 0;
      while (j < joined.length && !/[ \t\v\f\r]/.test(joined[j])) j++;
      keyword = joined.slice(0, j).toUpperCase();
      keywordLength = j;
      ins = new Instruction(doc, keyword, start, end, logicalEnd, pieces, keywordLength);
    }

    // Heredocs: RUN/COPY/ADD (or ONBUILD of one) in shell form whose line has `<<`.
    const mk = HEREDOC_KEYWORDS.has(keyword) || keyword === 'ONBUILD' ? markFrom(start) : -1;
    if (mk >= 0 && mk < logicalEnd) {
      const heredocs = findHeredocs(ins);
      if (heredocs.length) {
        for (const h of heredocs) {
          h.bodyStart = pos;
          h.bodyEnd = n;
          let terminatorEnd = n;
          while (pos < n) {
            readLine(pos);
            pos = next;
            let t = lineStart;
            if (h.chomp) while (t < contentEnd && text.charCodeAt(t) === 9) t++;
            if (contentEnd - t === h.name.length && text.startsWith(h.name, t)) {
              let be = lineStart - 1; // the line break before the delimiter line (and its `\r`)
              if (be > h.bodyStart && text.charCodeAt(be - 1) === 13) be--;
              h.bodyEnd = Math.max(h.bodyStart, be);
              h.terminated = true;
              terminatorEnd = contentEnd;
              break;
            }
          }
          end = terminatorEnd;
        }
        ins = new Instruction(doc, keyword, start, end, logicalEnd, pieces, keywordLength, heredocs);
      }
    }
    doc.instructions.push(ins);
  }
  return doc;
}

/** The heredocs an instruction's line opens (Docker's heredocsFromLine), bodies not yet located. */
function findHeredocs(ins: Instruction): Heredoc[] {
  const line = ins.logicalText;
  if (ins.keyword === 'ONBUILD') {
    // The trigger instruction decides: RUN/COPY/ADD in shell form.
    const spans = splitWords(line, 0, ins.doc.escapeChar);
    if (spans.length < 2 || !HEREDOC_KEYWORDS.has(line.slice(spans[1][0], spans[1][1]).toUpperCase())) return [];
    if (isJsonStringArray(line.slice(spans[1][1]).trim())) return [];
  } else if (ins.json) return [];
  const out: Heredoc[] = [];
  for (const [a, b] of splitWords(line, 0, '\\')) {
    const m = HEREDOC_WORD.exec(line.slice(a, b));
    if (!m || m[3] === '' || splitWords(m[3], 0, '\\').length !== 1) continue;
    out.push({ name: unquote(m[3], '\\'), chomp: m[2] === '-', bodyStart: 0, bodyEnd: 0, terminated: false });
  }
  return out;
}

function isJsonStringArray(s: string): boolean {
  if (!s.startsWith('[')) return false;
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}
