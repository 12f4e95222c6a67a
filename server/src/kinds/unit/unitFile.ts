/**
 * A small, position-keeping reader of systemd's unit-file syntax (systemd.syntax(7)), for unit,
 * Quadlet, .nspawn and networkd files alike: `[Section]` headers, `Key=value` entries with the
 * ranges of key and value, `#`/`;` comment lines, backslash continuations (the backslash becomes
 * a space; comment lines inside a continuation are skipped, as systemd does), repeated keys and
 * empty assignments that reset a list. It knows no directive: meaning belongs to the callers.
 *
 * Also here, because it is systemd syntax too: the splitting of Exec command lines
 * (systemd.service(5) "COMMAND LINES" and systemd.syntax(7) "QUOTING"): the `@-:+!` / `!!`
 * prefixes, quotes and C escapes, `%` specifiers (kept as written) and `$VAR` / `${VAR}`
 * expansion from the unit's Environment=.
 */
import { LineIndex } from '../../../../shared/text';
import type { Position, Range } from '../../core/types';

/** A run of the joined value that comes from one physical line. */
interface Segment {
  /** Offset in the joined value. */
  valueOffset: number;
  line: number;
  character: number;
  length: number;
}

export interface UnitEntry {
  /** Section name, or null for an assignment before any section header. */
  section: string | null;
  key: string;
  keyRange: Range;
  /** The value with continuations joined (each trailing backslash replaced by a space), trimmed. */
  value: string;
  /** From the value's first character to the end of its last line's content (an empty range after `=` when empty). */
  valueRange: Range;
  /** Key through value. */
  range: Range;
  /** Physical lines the entry spans (comment lines inside a continuation included). */
  firstLine: number;
  lastLine: number;
  /** Its place in UnitFile.entries. */
  index: number;
  /** Document position of an offset into `value`. */
  positionAt(offset: number): Position;
  /** Document range of `value.slice(start, end)`. */
  rangeOf(start: number, end: number): Range;
}

export interface UnitSection {
  name: string;
  headerRange: Range;
  /** Header through the last non-blank line before the next header. */
  range: Range;
  entries: UnitEntry[];
}

export interface UnitComment {
  line: number;
  text: string;
  range: Range;
}

export interface UnitProblem {
  range: Range;
  message: string;
}

export interface UnitFile {
  text: string;
  lines: LineIndex;
  sections: UnitSection[];
  /** Every entry in file order. */
  entries: UnitEntry[];
  comments: UnitComment[];
  /** Lines systemd would complain about (not a header, comment or assignment; assignment outside a section). */
  problems: UnitProblem[];
  /** Every assignment of `key` in `section`, in order (empty ones included). */
  all(section: string, key: string): UnitEntry[];
  /** The assignments that count for a list setting: those after the last empty assignment. */
  list(section: string, key: string): UnitEntry[];
  /** The last assignment (what a single-valued setting ends up with), or undefined. */
  last(section: string, key: string): UnitEntry | undefined;
  section(name: string): UnitSection | undefined;
}

function isComment(trimmed: string): boolean {
  return trimmed.startsWith('#') || trimmed.startsWith(';');
}

/**
 * Ends in a backslash that is not itself escaped (systemd counts the escapes): an odd number of
 * backslashes at the end, since a run of them always starts unescaped.
 */
function endsWithContinuation(line: string): boolean {
  let i = line.length;
  while (i > 0 && line.charCodeAt(i - 1) === 92 /* \\ */) i--;
  return (line.length - i) % 2 === 1;
}

/**
 * An entry with its segment map: positions are worked out on demand, and most entries are one
 * line (one segment), which needs no search.
 */
class Entry implements UnitEntry {
  readonly firstLine: number;
  private cachedValueRange: Range | undefined;
  private cachedRange: Range | undefined;

  constructor(
    readonly section: string | null,
    readonly key: string,
    readonly keyRange: Range,
    readonly value: string,
    readonly lastLine: number,
    readonly index: number,
    /** The joined, untrimmed value's runs, one per physical line (and one per joining space). */
    private readonly segments: Segment[],
    /** Whitespace trimmed from the start of the joined value. */
    private readonly leading: number,
    private readonly rawLength: number,
    /** Column of the "=". */
    private readonly eq: number,
  ) {
    this.firstLine = keyRange.start.line;
  }

  // valueRange and range are worked out when asked: most entries never make a finding.
  get valueRange(): Range {
    if (!this.cachedValueRange) {
      // (an empty value continued onto the next line ends there: the original reader placed it on the last line,
      // at the end of what that line holds, which may be shorter than the first line's "=" column)
      const last = this.segments[this.segments.length - 1];
      const character = last.line === this.firstLine ? this.eq + 1 : last.character + last.length;
      const at = { line: this.lastLine, character };
      this.cachedValueRange = this.value.length ? this.rangeOf(0, this.value.length) : { start: at, end: { ...at } };
    }
    return this.cachedValueRange;
  }

  get range(): Range {
    if (!this.cachedRange) {
      const keyRange = this.keyRange;
      const valueEnd = this.valueRange.end;
      const end =
        valueEnd.line > keyRange.start.line || valueEnd.character > keyRange.end.character
          ? valueEnd
          : { line: keyRange.start.line, character: this.eq + 1 };
      this.cachedRange = { start: keyRange.start, end };
    }
    return this.cachedRange;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset + this.leading, this.rawLength));
    const segments = this.segments;
    let seg = segments[0];
    for (let i = 1; i < segments.length && segments[i].valueOffset <= o; i++) seg = segments[i];
    return { line: seg.line, character: seg.character + Math.min(o - seg.valueOffset, seg.length) };
  }

  rangeOf(start: number, end: number): Range {
    if (this.segments.length === 1) {
      // One line: columns are offsets from the segment's start, clamped to the value.
      const seg = this.segments[0];
      const column = (o: number) => seg.character + Math.max(0, Math.min(o + this.leading, this.rawLength));
      const from = column(start);
      return {
        start: { line: seg.line, character: from },
        end: { line: seg.line, character: end > start ? column(end - 1) + 1 : from },
      };
    }
    return { start: this.positionAt(start), end: end > start ? this.endPositionAt(end) : this.positionAt(start) };
  }

  /** The end of a range is the position just after its last character (so it never jumps to the next line's start). */
  private endPositionAt(end: number): Position {
    const p = this.positionAt(end - 1);
    return { line: p.line, character: p.character + 1 };
  }
}

/**
 * `quadlet`: the Quadlet generator's parser, which drops a line's trailing whitespace before it
 * looks for the continuation backslash (`Exec=a \\ ` continues; systemd ignores that line's end).
 */
export function parseUnitFile(text: string, options: { quadlet?: boolean } = {}): UnitFile {
  const lines = new LineIndex(text);
  const lineEnd = options.quadlet ? (t: string) => t.trimEnd().length : (t: string) => t.length;
  const sections: UnitSection[] = [];
  const entries: UnitEntry[] = [];
  const comments: UnitComment[] = [];
  const problems: UnitProblem[] = [];
  let current: UnitSection | undefined;
  let lastContentLine = -1;

  const closeSection = () => {
    if (current) {
      const endLine = Math.max(lastContentLine, current.headerRange.start.line);
      current.range = {
        start: current.headerRange.start,
        end: { line: endLine, character: lines.lineText(endLine).length },
      };
    }
  };

  for (let line = 0; line < lines.lineCount; line++) {
    const raw = lines.lineText(line);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (isComment(trimmed)) {
      comments.push({
        line,
        text: trimmed,
        range: { start: { line, character: lead }, end: { line, character: raw.length } },
      });
      lastContentLine = line;
      continue;
    }
    if (trimmed.startsWith('[')) {
      closeSection();
      const end = trimmed.endsWith(']') ? trimmed.length - 1 : trimmed.length;
      if (!trimmed.endsWith(']'))
        problems.push({
          range: { start: { line, character: lead }, end: { line, character: raw.length } },
          message: 'Section header without a closing "]".',
        });
      const name = trimmed.slice(1, end);
      current = {
        name,
        headerRange: { start: { line, character: lead }, end: { line, character: lead + trimmed.length } },
        range: { start: { line, character: lead }, end: { line, character: raw.length } },
        entries: [],
      };
      sections.push(current);
      lastContentLine = line;
      continue;
    }

    // An assignment, possibly continued over several lines.
    const segments: Segment[] = [];
    let value = '';
    let physical = line;
    let lastLine: number;
    const eq = raw.indexOf('=');
    if (eq < 0) {
      problems.push({
        range: { start: { line, character: lead }, end: { line, character: raw.length } },
        message: 'Line is neither a section header, a comment nor a Key=value assignment.',
      });
      // systemd still joins continuations of the bad line: skip them too.
      let l = line;
      const continues = (t: string) => endsWithContinuation(t.slice(0, lineEnd(t)));
      while (continues(lines.lineText(l)) && l + 1 < lines.lineCount) l++;
      line = l;
      lastContentLine = l;
      continue;
    }
    const keyText = raw.slice(lead, eq);
    const key = keyText.trimEnd();
    const keyRange: Range = { start: { line, character: lead }, end: { line, character: lead + key.length } };
    let startChar = eq + 1;
    for (;;) {
      const text = lines.lineText(physical);
      const end = lineEnd(text);
      const continued = endsWithContinuation(text.slice(0, end)) && physical + 1 < lines.lineCount;
      const content = continued ? text.slice(startChar, end - 1) : text.slice(startChar);
      segments.push({ valueOffset: value.length, line: physical, character: startChar, length: content.length });
      value += content;
      lastLine = physical;
      if (!continued) break;
      value += ' ';
      // The space that replaces the backslash maps to the backslash itself.
      segments.push({ valueOffset: value.length - 1, line: physical, character: end - 1, length: 1 });
      physical++;
      while (physical < lines.lineCount && isComment(lines.lineText(physical).trim())) {
        const t = lines.lineText(physical);
        comments.push({
          line: physical,
          text: t.trim(),
          range: {
            start: { line: physical, character: t.length - t.trimStart().length },
            end: { line: physical, character: t.length },
          },
        });
        physical++;
      }
      if (physical >= lines.lineCount) break;
      startChar = 0;
    }
    line = lastLine;
    lastContentLine = lastLine;

    // Trim the value, keeping the segment map in step.
    const leading = value.length - value.trimStart().length;
    const trimmedValue = value.trim();
    const entry = new Entry(
      current?.name ?? null,
      key,
      keyRange,
      trimmedValue,
      lastLine,
      entries.length,
      segments,
      leading,
      value.length,
      eq,
    );
    if (!current) problems.push({ range: entry.range, message: 'Assignment outside of section.' });
    entries.push(entry);
    current?.entries.push(entry);
  }
  closeSection();

  // section → key → entries, built on the first lookup: rules ask for a few keys each, many times per file.
  let bySection: Map<string, Map<string, UnitEntry[]>> | undefined;
  const NONE: UnitEntry[] = [];
  const found = (section: string, key: string): UnitEntry[] => {
    if (!bySection) {
      bySection = new Map();
      for (const e of entries) {
        if (e.section === null) continue;
        let keys = bySection.get(e.section);
        if (!keys) bySection.set(e.section, (keys = new Map()));
        const list = keys.get(e.key);
        if (list) list.push(e);
        else keys.set(e.key, [e]);
      }
    }
    return bySection.get(section)?.get(key) ?? NONE;
  };
  const matching = (section: string, key: string) => found(section, key).slice();
  return {
    text,
    lines,
    sections,
    entries,
    comments,
    problems,
    all: matching,
    list(section, key) {
      const all = found(section, key);
      let start = 0;
      all.forEach((e, i) => {
        if (e.value === '') start = i + 1;
      });
      return all.slice(start);
    },
    last(section, key) {
      const all = found(section, key);
      return all[all.length - 1];
    },
    section(name) {
      return sections.find((s) => s.name === name);
    },
  };
}

/** `yes/true/on/1` and `no/false/off/0` (systemd.syntax(7)); undefined for anything else. */
export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(v)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(v)) return false;
  return undefined;
}

// ------------------------------------------------------------------------------ Exec lines

export interface ExecWord {
  /** The word after unquoting, unescaping and variable expansion (specifiers kept as written). */
  value: string;
  /** Where the word is written (for an expanded `$VAR`, the variable reference). */
  range: Range;
  /** Offsets of the written word in the entry's value. */
  start: number;
  end: number;
  /** Depends on a variable whose value is not known (EnvironmentFile=, the manager's environment). */
  dynamic: boolean;
  /** An unknown `$VAR` standing alone: it may become zero, one or several arguments. */
  splat: boolean;
  /** Contains a `%` specifier (`%n`, `%i` …), kept as written. */
  specifier: boolean;
  /** No variable expansion was applied: `value` maps character by character onto the written word (execWordOffsets). */
  unexpanded: boolean;
}

export interface ExecCommand {
  /** The prefix characters as written (`-`, `@`, `:`, `+`, `!`, `!!`, combined). */
  prefix: string;
  /** `-`: a failure exit is recorded but counts as success. */
  ignoreFailure: boolean;
  /** `@`: the second word is argv[0]. */
  argv0: boolean;
  /** `:`: no variable expansion. */
  noExpansion: boolean;
  privilege?: '+' | '!' | '!!';
  /** The words: executable first (the `@` argv[0] word removed), then the arguments. */
  words: ExecWord[];
  /** Where a prefix character can be inserted (the start of the first word of the value). */
  insertPrefixAt: Position;
  problems: string[];
}

/** Values of Environment= assignments (later wins; an empty assignment resets), for `$VAR` expansion. */
export function unitEnvironment(unit: UnitFile, section = 'Service'): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of unit.all(section, 'Environment')) {
    if (entry.value === '') {
      env.clear();
      continue;
    }
    for (const word of splitQuoted(entry.value)) {
      const eq = word.value.indexOf('=');
      if (eq > 0) env.set(word.value.slice(0, eq), word.value.slice(eq + 1));
    }
  }
  return env;
}

interface RawWord {
  value: string;
  /** Offsets in the text: the word's first character, and just after its last. */
  start: number;
  end: number;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  s: ' ',
};

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

function isWordSeparator(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/**
 * systemd's unquoting (extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE): words split at
 * unquoted whitespace, quotes removed wherever they are, C escapes decoded inside and outside quotes.
 * `from`: where to start in `text` (the words' offsets are offsets in `text`).
 */
export function splitQuoted(text: string, problems: string[] = [], from = 0): RawWord[] {
  const words: RawWord[] = [];
  if (!QUOTE_OR_ESCAPE.test(text)) return splitPlain(text, from, words);
  let i = from;
  for (;;) {
    while (i < text.length && isWordSeparator(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const word = readWord(text, i, problems);
    words.push(word);
    i = word.end;
  }
  return words;
}

const QUOTE_OR_ESCAPE = /["'\\]/;
const PLAIN_WORD = /[^ \t\n\r]+/g;

/**
 * splitQuoted of a text without quotes or backslashes: the words are the runs between separators, found by the regex
 * engine.
 */
function splitPlain(text: string, from: number, words: RawWord[]): RawWord[] {
  PLAIN_WORD.lastIndex = from;
  for (let m = PLAIN_WORD.exec(text); m; m = PLAIN_WORD.exec(text))
    words.push({ value: m[0], start: m.index, end: PLAIN_WORD.lastIndex });
  return words;
}

/**
 * One word from `start` (not whitespace). Runs of plain characters are sliced whole: most words
 * have no quote or escape at all. With `offsets`, also records for each character of the value
 * its offset in `text` (an escape maps to its backslash).
 */
function readWord(text: string, start: number, problems: string[], offsets?: number[]): RawWord {
  let value = '';
  let quote = 0;
  let i = start;
  let run = start; // start of the plain characters not yet added to value
  const flush = (to: number) => {
    if (to === run) return;
    value += text.slice(run, to);
    if (offsets) for (let k = run; k < to; k++) offsets.push(k);
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (quote === 0 && isWordSeparator(c)) break;
    if (c === BACKSLASH) {
      flush(i);
      const { decoded, length } = unescapeAt(text, i, problems);
      value += decoded;
      if (offsets) for (let k = 0; k < decoded.length; k++) offsets.push(i);
      i += length;
      run = i;
      continue;
    }
    if (quote !== 0 ? c === quote : c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      flush(i);
      quote = quote !== 0 ? 0 : c;
      i++;
      run = i;
      continue;
    }
    i++;
  }
  flush(i);
  if (quote !== 0) problems.push(`Unbalanced ${String.fromCharCode(quote)} quote.`);
  return { value, start, end: i };
}

function unescapeAt(text: string, i: number, problems: string[]): { decoded: string; length: number } {
  const next = text[i + 1];
  if (next === undefined) return { decoded: '', length: 1 };
  if (next in SIMPLE_ESCAPES) return { decoded: SIMPLE_ESCAPES[next], length: 2 };
  if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4)))
    return { decoded: String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16)), length: 4 };
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
    return { decoded: String.fromCodePoint(parseInt(text.slice(i + 2, i + 6), 16)), length: 6 };
  if (next === 'U' && /^[0-9a-fA-F]{8}$/.test(text.slice(i + 2, i + 10)))
    return { decoded: String.fromCodePoint(parseInt(text.slice(i + 2, i + 10), 16)), length: 10 };
  if (/^[0-7]{3}$/.test(text.slice(i + 1, i + 4)))
    return { decoded: String.fromCharCode(parseInt(text.slice(i + 1, i + 4), 8)), length: 4 };
  if (next === ';') return { decoded: ';', length: 2 };
  problems.push(`Unknown escape \\${next}.`);
  return { decoded: next, length: 2 };
}

/**
 * For each character of an unexpanded word's value, its offset in the entry's value (an escape
 * maps to its backslash); undefined when a variable was expanded. Computed on demand: only the
 * script of a `sh -c` wrapper needs it.
 */
export function execWordOffsets(entry: UnitEntry, word: ExecWord): number[] | undefined {
  if (!word.unexpanded) return undefined;
  const offsets: number[] = [];
  readWord(entry.value, word.start, [], offsets);
  return offsets;
}

/** Contains a `%` specifier (`%%` is a literal percent sign). */
function hasSpecifier(written: string): boolean {
  return written.includes('%') && /%[^%]/.test(written.replace(/%%/g, ''));
}

/** Every ExecWord is built here, so that all have the same shape (V8 keeps property access fast). */
function execWord(
  raw: RawWord,
  range: Range,
  specifier: boolean,
  value: string,
  dynamic: boolean,
  splat: boolean,
  unexpanded: boolean,
): ExecWord {
  return { value, range, start: raw.start, end: raw.end, dynamic, splat, specifier, unexpanded };
}

const LONE_VARIABLE = /^\$([^{$].*)$/;
const BRACED_VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const NO_VARIABLES: ReadonlyMap<string, string> = new Map();

/**
 * Split one Exec line (ExecStart=, ExecStop= …) the way systemd does. `env` resolves `$VAR` and
 * `${VAR}` (Environment=); variables not in it are unknown (EnvironmentFile=, the manager's
 * environment): `${VAR}` keeps its text and is marked dynamic, a lone `$VAR` becomes a splat word.
 */
export function splitExecLine(entry: UnitEntry, env: ReadonlyMap<string, string> = NO_VARIABLES): ExecCommand {
  const problems: string[] = [];
  const text = entry.value;
  // Prefixes: any of "@", "-", ":" and one of "+", "!", "!!", in any order.
  let p = 0;
  let privilege: ExecCommand['privilege'];
  let ignoreFailure = false;
  let argv0 = false;
  let noExpansion = false;
  while (p < text.length) {
    const c = text[p];
    if (c === '!' && text[p + 1] === '!') {
      if (privilege) problems.push('Only one of "+", "!", "!!" may be used.');
      privilege = '!!';
      p += 2;
      continue;
    }
    if (c === '+' || c === '!') {
      if (privilege) problems.push('Only one of "+", "!", "!!" may be used.');
      privilege = c;
      p++;
      continue;
    }
    if (c === '@' || c === '-' || c === ':') {
      if (c === '@') argv0 = true;
      else if (c === '-') ignoreFailure = true;
      else noExpansion = true;
      p++;
      continue;
    }
    break;
  }
  const prefix = text.slice(0, p);
  const raws = splitQuoted(text, problems, p);
  const words: ExecWord[] = [];
  for (let index = 0; index < raws.length; index++) {
    const raw = raws[index];
    const range = entry.rangeOf(raw.start, raw.end);
    // a "%" written in the word stays in its value, so a value without one needs no look at the text
    const specifier = raw.value.includes('%') && hasSpecifier(text.slice(raw.start, raw.end));
    if (noExpansion || index === 0 || !raw.value.includes('$')) {
      words.push(execWord(raw, range, specifier, raw.value, false, false, true));
      continue;
    }
    // "$FOO" as a word of its own (quotes are already gone: systemd expands after unquoting):
    // the rest of the word names the variable; its value is split at whitespace into zero or more words.
    const lone = LONE_VARIABLE.exec(raw.value);
    if (lone) {
      const known = env.get(lone[1]);
      if (known === undefined) words.push(execWord(raw, range, specifier, raw.value, true, true, false));
      else
        for (const w of splitQuoted(known)) words.push(execWord(raw, range, specifier, w.value, false, false, false));
      continue;
    }
    // "${FOO}" anywhere in a word: replaced by the exact value; "$$" is a literal "$".
    let dynamic = false;
    const value = raw.value.replace(BRACED_VARIABLE, (m, name: string | undefined) => {
      if (m === '$$') return '$';
      const known = env.get(name!);
      if (known === undefined) {
        dynamic = true;
        return m;
      }
      return known;
    });
    words.push(execWord(raw, range, specifier, value, dynamic, false, false));
  }
  if (argv0) {
    // The second word is argv[0]; the executable stays first.
    if (words.length >= 2) words.splice(1, 1);
    else problems.push('"@" needs an argv[0] word after the executable.');
  }
  if (words.length === 0 && text.trim() !== '') problems.push('No executable.');
  return { prefix, ignoreFailure, argv0, noExpansion, privilege, words, insertPrefixAt: entry.positionAt(0), problems };
}
