/**
 * A reader for the commonest shell scripts, without the shell parser: commands of plain words
 * (letters, digits, `_ . / : = , % @ + -`, the globs `*` and `?`), `'…'` and `"…"` strings,
 * `$NAME` / `${NAME}` expansions and `$(…)` substitutions whose inside is plain too, `NAME=value`
 * assignments (before a command, alone, after `export`), joined by `&&`, `||`, `;` and `|`
 * across backslash-newlines, with redirections at the end of a command (`2> /dev/null`, `>>log`,
 * `2>&1`). That is most RUN bodies and `sh -c` lines; tree-sitter's WebAssembly is the larger
 * part of the cost of reading one, so such scripts skip it.
 *
 * For a script it reads, it gives exactly the commands parseWithTreeSitter gives (words, spans,
 * working directories, variables, redirections, pipes, failure branches):
 * test/unit/plainScript.test.ts checks that on the corpus and on random scripts. Anything else
 * (keywords, subshells, escapes outside quotes, comments, heredocs, line breaks, and each shape
 * where tree-sitter-bash reads a script its own way) gives undefined, and the caller parses the
 * script.
 */
import {
  basename,
  resolvePath,
  stripCommandPrefixes,
  type ShellCommand,
  type ShellRedirect,
  type ShellVariables,
  type ShellWord,
  unescapeDouble,
} from './shellCommand';

/** Words the grammar treats specially in command position (keywords, declarations, tests). */
const SPECIAL_COMMANDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'case',
  'esac',
  'for',
  'select',
  'while',
  'until',
  'do',
  'done',
  'in',
  'function',
  'time',
  'coproc',
  'declare',
  'typeset',
  'export',
  'readonly',
  'local',
  'unset',
  'unsetenv',
  'test',
]);

/**
 * A command name the grammar reads as one word: tree-sitter-bash takes `a%b` or `a@b` in command
 * position for a broken assignment and drops a leading `-`, so names keep to the characters of paths.
 */
const COMMAND_NAME = /^[\w./][\w./-]*$/;

const TAB = 9;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const DOLLAR = 36;
const AMP = 38;
const SINGLE_QUOTE = 39;
const STAR = 42;
const SEMI = 59;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const QUESTION = 63;
const BACKSLASH = 92;
const BACKTICK = 96;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACE = 123;
const PIPE = 124;
const CLOSE_BRACE = 125;

/** Characters of a plain word: letters, digits and `_ . / : = , % @ + -`. */
function isPlain(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 47 ||
    c === 58 ||
    c === 61 ||
    c === 44 ||
    c === 37 ||
    c === 64 ||
    c === 43 ||
    c === 45
  );
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Any white space, line breaks included (what the grammar skips between tokens). */
function isWhitespace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR);
}

/** The length of a backslash-newline (or -CRLF) at `i`, else 0: tree-sitter-bash ends a word there, as at a blank. */
function continuationAt(s: string, i: number): number {
  if (s.charCodeAt(i) !== BACKSLASH) return 0;
  const c = s.charCodeAt(i + 1);
  if (c === NEWLINE) return 2;
  return c === CR && s.charCodeAt(i + 2) === NEWLINE ? 3 : 0;
}

/** Whether the blanks before `i` hold a backslash-newline. */
function continuedBefore(s: string, i: number): boolean {
  for (let k = i - 1; k > 0; k--) {
    const c = s.charCodeAt(k);
    if (c === NEWLINE) return s.charCodeAt(k - 1) === BACKSLASH || s.charCodeAt(k - 1) === CR;
    if (!isBlank(c)) return false;
  }
  return false;
}

/** Past blanks and backslash-newlines, from `i`. */
function skipBlanks(s: string, i: number): number {
  for (;;) {
    if (isBlank(s.charCodeAt(i))) i++;
    else {
      const n = continuationAt(s, i);
      if (n === 0) return i;
      i += n;
    }
  }
}

/** `$NAME` or `${NAME}` at `i`: the offset after it and the name, or undefined for any other `$`. */
function expansionAt(s: string, i: number): { end: number; name: string } | undefined {
  let j = i + 1;
  const braced = s.charCodeAt(j) === OPEN_BRACE;
  if (braced) j++;
  const nameStart = j;
  if (!isNameStart(s.charCodeAt(j))) return undefined;
  while (isNameChar(s.charCodeAt(j))) j++;
  const name = s.slice(nameStart, j);
  if (braced && s.charCodeAt(j++) !== CLOSE_BRACE) return undefined;
  return { end: j, name };
}

interface WordRead {
  end: number;
  value: string;
  dynamic: boolean;
}

/**
 * A `$(…)` at `i` whose inside is itself a plain script without backslashes: the offset after it. Its words are
 * not the enclosing command's, so only its extent matters (the parser's reading keeps it as written).
 */
function substitutionEnd(s: string, i: number): number | undefined {
  if (s.charCodeAt(i + 1) !== OPEN_PAREN || s.charCodeAt(i + 2) === OPEN_PAREN) return undefined;
  const inner = readCommands(s, i + 2, new Map(), null, true);
  if (!inner || inner.commands.length === 0) return undefined;
  return s.slice(i, inner.end).includes('\\') ? undefined : inner.end;
}

/**
 * A `"…"` string at `i`: text, `$NAME`/`${NAME}` expansions, `$(…)` substitutions and the escapes `\$ \" \\ \``.
 * Its value as tree-sitter's reading gives it: every part an expansion of a known variable → the text with the
 * values put in; otherwise the text as written (escapes undone).
 */
function doubleQuotedAt(s: string, i: number, vars: ShellVariables): WordRead | undefined {
  let j = i + 1;
  let rebuilt = '';
  let from = j;
  let parts = 0;
  let allKnown = true;
  let lastPartEnd = -1;
  for (;;) {
    if (j >= s.length) return undefined;
    const c = s.charCodeAt(j);
    if (c === DOUBLE_QUOTE) break;
    if (c === BACKTICK) return undefined;
    if (c === BACKSLASH) {
      // `\$ \" \\ \`` and `\n`-like letters; a backslash before a blank or a line break is left to the parser
      const escaped = s.charCodeAt(j + 1);
      if (!(escaped === DOLLAR || escaped === BACKTICK || escaped === DOUBLE_QUOTE || escaped === BACKSLASH))
        if (!isNameChar(escaped)) return undefined;
      j += 2;
      continue;
    }
    if (c !== DOLLAR) {
      j++;
      continue;
    }
    // tree-sitter-bash makes no string_content of white space between the quote or an expansion and
    // an expansion, and its span then starts at the blanks: the parser's reading is kept raw
    let k = j;
    while (isWhitespace(s.charCodeAt(k - 1))) k--;
    if (k < j && (k === i + 1 || k === lastPartEnd)) return undefined;
    parts++;
    const e = expansionAt(s, j);
    if (e) {
      const known = vars.get(e.name);
      if (known === undefined) allKnown = false;
      else if (allKnown) rebuilt += unescapeDouble(s.slice(from, j)) + known;
      from = j = lastPartEnd = e.end;
      continue;
    }
    const end = substitutionEnd(s, j);
    if (end === undefined) return undefined;
    allKnown = false;
    j = lastPartEnd = end;
  }
  if (parts > 0 && allKnown) return { end: j + 1, value: rebuilt + unescapeDouble(s.slice(from, j)), dynamic: false };
  return { end: j + 1, value: unescapeDouble(s.slice(i + 1, j)), dynamic: parts > 0 };
}

/**
 * The word at `i`: plain characters and globs with at most one `$NAME` expansion or `$(…)` substitution
 * (tree-sitter-bash splits `${V}x$V/x` in two, and `$V=x` after the `$`), or plain characters and quoted strings.
 * Undefined when it holds anything else.
 */
function wordAt(s: string, i: number, vars: ShellVariables): WordRead | undefined {
  let value = '';
  let dynamic = false;
  let expanded = false;
  let quoted = false;
  let from = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isPlain(c) || c === STAR || c === QUESTION) {
      if (c === EQUALS && expanded) return undefined;
      i++;
      continue;
    }
    if (c === DOLLAR) {
      if (expanded || quoted) return undefined;
      expanded = true;
      value += s.slice(from, i);
      const e = expansionAt(s, i);
      if (e) {
        const known = vars.get(e.name);
        value += known ?? s.slice(i, e.end);
        dynamic = known === undefined;
        from = i = e.end;
        continue;
      }
      const end = substitutionEnd(s, i);
      if (end === undefined) return undefined;
      value += s.slice(i, end);
      dynamic = true;
      from = i = end;
      continue;
    }
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      if (expanded) return undefined;
      quoted = true;
      value += s.slice(from, i);
      if (c === SINGLE_QUOTE) {
        const close = s.indexOf("'", i + 1);
        if (close < 0) return undefined;
        value += s.slice(i + 1, close);
        i = close + 1;
      } else {
        const str = doubleQuotedAt(s, i, vars);
        if (!str) return undefined;
        value += str.value;
        dynamic ||= str.dynamic;
        i = str.end;
      }
      from = i;
      continue;
    }
    break;
  }
  return { end: i, value: value + s.slice(from, i), dynamic };
}

/**
 * A redirection at `i` (`>`, `>>`, `<`, with one optional descriptor digit; a target word without
 * expansions, quoted or not, or `>&N`), or undefined when there is none or it is not plain.
 */
function redirectAt(s: string, i: number, vars: ShellVariables): { end: number; redirect: ShellRedirect } | undefined {
  let j = i;
  // a descriptor 1-9 before `>` only, after a blank: tree-sitter-bash reads `0>` and `0<`, and a
  // descriptor after a backslash-newline, as a word and a redirection
  const d = s.charCodeAt(j);
  if (d >= 49 && d <= 57 && s.charCodeAt(j + 1) === GT) {
    if (!isBlank(s.charCodeAt(j - 1)) || continuedBefore(s, j)) return undefined;
    j++;
  }
  const c = s.charCodeAt(j);
  let op: string;
  if (c === LT) op = '<';
  else if (c === GT && s.charCodeAt(j + 1) === GT) op = '>>';
  else if (c === GT && s.charCodeAt(j + 1) === AMP) {
    // `>&N`: a descriptor, written right after
    let k = j + 2;
    if (!isDigit(s.charCodeAt(k))) return undefined;
    while (isDigit(s.charCodeAt(k))) k++;
    return { end: k, redirect: { op: '>&', target: s.slice(j + 2, k) } };
  } else if (c === GT) op = '>';
  else return undefined;
  j += op.length;
  while (isBlank(s.charCodeAt(j))) j++;
  const target = wordAt(s, j, vars);
  if (!target || target.end === j || s.slice(j, target.end).includes('$')) return undefined;
  return { end: target.end, redirect: { op, target: target.value } };
}

/** `NAME=value` before a command, or as a statement of its own (`export NAME=value` too). */
interface Assignment {
  name: string;
  value: WordRead;
}

/** `NAME=` at `i`: the name and the offset of its value, or undefined (`+=` is left to the parser). */
function assignmentAt(s: string, i: number): { name: string; valueStart: number } | undefined {
  if (!isNameStart(s.charCodeAt(i))) return undefined;
  let j = i + 1;
  while (isNameChar(s.charCodeAt(j))) j++;
  // tree-sitter-bash reads `_=x` as a word
  if (s.charCodeAt(j) !== EQUALS || (j === i + 1 && s.charCodeAt(i) === 95)) return undefined;
  return { name: s.slice(i, j), valueStart: j + 1 };
}

/** Reading state: the command being read and what the next one inherits. */
class PlainReader {
  readonly commands: ShellCommand[] = [];
  private words: ShellWord[] = [];
  private assignments: Assignment[] = [];
  /** Where the command began: its first assignment or word. */
  private start = -1;
  private redirects: ShellRedirect[] = [];
  private onFailureOnly = false;
  /** The command is in an `&&`/`||` list after its first pipeline. */
  private inList = false;
  /** The earlier stages while a pipeline is being read. */
  private stages: ShellCommand[] | undefined;

  constructor(
    public vars: ShellVariables,
    private cwd: string | null,
  ) {}

  /** Whether the command has begun (a word or an assignment). */
  get begun(): boolean {
    return this.start >= 0;
  }

  get hasWords(): boolean {
    return this.words.length > 0;
  }

  /** `export` is being read: what follows are assignments and names. */
  get exporting(): boolean {
    return this.words.length > 0 && this.words[0].value === 'export';
  }

  get redirected(): boolean {
    return this.redirects.length > 0;
  }

  get lastWord(): ShellWord | undefined {
    return this.words[this.words.length - 1];
  }

  addWord(w: ShellWord): void {
    if (this.start < 0) this.start = w.start;
    this.words.push(w);
  }

  addAssignment(a: Assignment, start: number): void {
    if (this.start < 0) this.start = start;
    this.assignments.push(a);
  }

  addRedirect(r: ShellRedirect): void {
    this.redirects.push(r);
  }

  /** Ends the command before `operator` ('' at the end of the script); false when it cannot be read plainly. */
  endCommand(operator: string): boolean {
    const words = this.words;
    const inPipeline = this.stages !== undefined || operator === '|';
    // tree-sitter-bash reads `a && b > f | c` as (a && b > f) | c: left to it
    if (operator === '|' && this.redirected && this.inList) return false;
    if (words.length === 0 || this.exporting) {
      // assignments alone, or `export` with some: the main line knows the values from here on; no command runs.
      // (A lone `export`, or one after an assignment, is a command to the parser.)
      if (inPipeline || this.redirected || this.assignments.length === 0) return false;
      if (this.exporting && this.start !== words[0].start) return false;
      if (!this.onFailureOnly) this.assign();
    } else {
      // keywords mean more than words: left to the parser
      if (SPECIAL_COMMANDS.has(words[0].value)) return false;
      this.emit(stripCommandPrefixes(words), inPipeline, operator);
    }
    if (operator !== '|') {
      this.inList = operator === '&&' || operator === '||';
      this.stages = undefined;
      // the right side of `||` (the whole pipeline there) runs only when the left failed
      this.onFailureOnly = operator === '||';
    }
    this.words = [];
    this.assignments = [];
    this.redirects = [];
    this.start = -1;
    return true;
  }

  private emit(words: ShellWord[], inPipeline: boolean, operator: string): void {
    const command: ShellCommand = {
      words,
      name: basename(words[0].value),
      cwd: this.cwd,
      start: this.start,
      end: this.words[this.words.length - 1].end,
      loop: undefined,
      guardExcludes: [],
      redirects: this.redirects,
      pipedFrom: this.stages ? [...this.stages] : [],
      onFailureOnly: this.onFailureOnly,
    };
    this.commands.push(command);
    // `cd` moves the main line only: not from a failure branch, nor from a pipeline's subshells
    if (command.name === 'cd' && !this.onFailureOnly && !inPipeline) {
      const target = words[1];
      this.cwd = target && !target.dynamic ? resolvePath(this.cwd, target.value) : target ? null : '/root';
    }
    if (operator === '|') (this.stages ??= []).push(command);
  }

  /** A static value is known to later words; a dynamic one makes the name unknown. */
  private assign(): void {
    const vars = new Map(this.vars);
    for (const a of this.assignments) {
      if (a.value.dynamic) vars.delete(a.name);
      else vars.set(a.name, a.value.value);
    }
    this.vars = vars;
  }
}

/** The operator at `i` that ends a command (`&&`, `||`, `;`, `|`), or ''. */
function operatorAt(s: string, i: number): string {
  const c = s.charCodeAt(i);
  const next = s.charCodeAt(i + 1);
  if (c === AMP && next === AMP) return '&&';
  if (c === PIPE) return next === PIPE ? '||' : '|';
  if (c === SEMI && next !== SEMI) return ';';
  return '';
}

/** Whether a word may end at `i`: a blank, an operator, a backslash-newline, the end (or the `)` of a `$(…)`). */
function endsWord(s: string, i: number, nested: boolean): boolean {
  if (i >= s.length) return true;
  const e = s.charCodeAt(i);
  return (
    isBlank(e) || e === SEMI || e === AMP || e === PIPE || continuationAt(s, i) > 0 || (nested && e === CLOSE_PAREN)
  );
}

/**
 * The commands of the script from `i`: to its end, or, `nested` (the inside of a `$(…)`), to the `)` that closes
 * it (`end` is then the offset after it). Undefined when the script is not plain.
 */
function readCommands(
  s: string,
  i: number,
  vars: ShellVariables,
  cwd: string | null,
  nested: boolean,
): { commands: ShellCommand[]; end: number } | undefined {
  const reader = new PlainReader(vars, cwd);
  for (;;) {
    i = skipBlanks(s, i);
    if (i >= s.length) {
      if (nested) return undefined;
      break;
    }
    if (nested && s.charCodeAt(i) === CLOSE_PAREN) {
      if (reader.begun && !reader.endCommand('')) return undefined;
      return { commands: reader.commands, end: i + 1 };
    }
    const operator = operatorAt(s, i);
    if (operator) {
      if (!reader.endCommand(operator)) return undefined;
      i += operator.length;
      // tree-sitter-bash drops the `-` of `&&-x`: a blank after an operator (or a `;` ending the script)
      const next = skipBlanks(s, i);
      if (next === s.length ? operator !== ';' || nested : next === i) return undefined;
      continue;
    }
    const r = redirectAt(s, i, reader.vars);
    if (r) {
      if (!reader.hasWords || reader.exporting) return undefined; // a redirection before the command name
      if (reader.lastWord?.value === '-') return undefined; // tree-sitter-bash drops the `-` of `- 2>&1`
      reader.addRedirect(r.redirect);
      i = r.end;
      continue;
    }
    if (reader.redirected) return undefined;
    // `NAME=value` before the command name, or after `export`
    const assignment = !reader.hasWords || reader.exporting ? assignmentAt(s, i) : undefined;
    if (assignment) {
      const at = assignment.valueStart;
      // an empty value: before a blank only (the parser reads on past a line continuation or an operator)
      const empty = endsWord(s, at, nested);
      if (empty && !isBlank(s.charCodeAt(at))) return undefined;
      const value = empty ? { end: at, value: '', dynamic: false } : wordAt(s, at, reader.vars);
      // nor does it end a value at a backslash-newline: `A=b\<newline>C=d` is not two assignments to it
      if (!value || !endsWord(s, value.end, nested) || continuationAt(s, value.end) > 0) return undefined;
      reader.addAssignment({ name: assignment.name, value }, i);
      i = value.end;
      continue;
    }
    const w = wordAt(s, i, reader.vars);
    // a word must end at a blank, an operator or the end (`a>b`, `a(`, `a\` are not plain)
    if (!w || w.end === i || !endsWord(s, w.end, nested)) return undefined;
    const raw = s.slice(i, w.end);
    if (!reader.hasWords && !COMMAND_NAME.test(raw)) return undefined;
    // after `export`, names only (no options)
    if (reader.exporting && !/^[A-Za-z_]\w*$/.test(raw)) return undefined;
    if (raw.charCodeAt(0) === EQUALS) return undefined; // tree-sitter-bash drops a lone `==`
    reader.addWord({ value: w.value, dynamic: w.dynamic, start: i, end: w.end });
    i = w.end;
  }
  // a line continued into nothing is a syntax error to the parser
  let end = s.length;
  while (isBlank(s.charCodeAt(end - 1))) end--;
  if (s.charCodeAt(end - 1) === NEWLINE) return undefined;
  if (reader.begun && !reader.endCommand('')) return undefined;
  return reader.commands.length > 0 ? { commands: reader.commands, end: s.length } : undefined;
}

/** The commands of a plain script, or undefined when the script is not one (see the module comment). */
export function readPlainScript(
  s: string,
  vars: ShellVariables = new Map(),
  cwd: string | null = null,
): ShellCommand[] | undefined {
  return readCommands(s, 0, vars, cwd, false)?.commands;
}
