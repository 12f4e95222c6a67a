/**
 * A reader for the commonest shell scripts, without the shell parser: commands of plain words
 * (letters, digits, `_ . / : = , % @ + -`, the globs `*` and `?`), `'…'` and `"…"` strings,
 * `$NAME` / `${NAME}` expansions, joined by `&&`, `||`, `;` and `|` across backslash-newlines,
 * with redirections at the end of a command (`2> /dev/null`, `>>log`, `2>&1`). That is most
 * RUN bodies and `sh -c` lines; tree-sitter's WebAssembly is the larger part of the cost of
 * reading one, so such scripts skip it.
 *
 * For a script it reads, it gives exactly the commands parseWithTreeSitter gives (words, spans,
 * working directories, redirections, pipes, failure branches): test/unit/plainScript.test.ts
 * checks that on the corpus and on random scripts. Anything else (keywords, assignments,
 * subshells, command substitution, escapes, comments, heredocs, line breaks) gives undefined,
 * and the caller parses the script.
 */
import {
  basename,
  resolvePath,
  stripCommandPrefixes,
  type ShellCommand,
  type ShellRedirect,
  type ShellVariables,
  type ShellWord,
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

/** A backslash-newline at `i`: tree-sitter-bash ends a word there, as at a blank. */
function continuesAt(s: string, i: number): boolean {
  return s.charCodeAt(i) === BACKSLASH && s.charCodeAt(i + 1) === NEWLINE;
}

/** Whether the blanks before `i` hold a backslash-newline. */
function continuedBefore(s: string, i: number): boolean {
  for (let k = i - 1; k > 0; k--) {
    const c = s.charCodeAt(k);
    if (c === NEWLINE) return s.charCodeAt(k - 1) === BACKSLASH;
    if (!isBlank(c)) return false;
  }
  return false;
}

/** Past blanks and backslash-newlines, from `i`. */
function skipBlanks(s: string, i: number): number {
  for (;;) {
    if (isBlank(s.charCodeAt(i))) i++;
    else if (continuesAt(s, i)) i += 2;
    else return i;
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
 * A `"…"` string at `i` without escapes, backquotes or `$` other than `$NAME`/`${NAME}`. Its value as tree-sitter's
 * reading gives it: every expansion known → the text with the values put in; otherwise the text as written.
 */
function doubleQuotedAt(s: string, i: number, vars: ShellVariables): WordRead | undefined {
  let j = i + 1;
  let rebuilt = '';
  let from = j;
  let expansions = 0;
  let allKnown = true;
  let lastExpansionEnd = -1;
  for (;;) {
    if (j >= s.length) return undefined;
    const c = s.charCodeAt(j);
    if (c === DOUBLE_QUOTE) break;
    if (c === BACKTICK) return undefined;
    if (c === BACKSLASH) {
      // `\n` stays as written; escapes proper (`\$`, `\"`, `\\`, a line break) are left to the parser
      const escaped = s.charCodeAt(j + 1);
      if (escaped === DOLLAR || escaped === BACKTICK || escaped === DOUBLE_QUOTE || escaped === BACKSLASH)
        return undefined;
      if (escaped === NEWLINE || j + 1 >= s.length) return undefined;
      j += 2;
      continue;
    }
    if (c !== DOLLAR) {
      j++;
      continue;
    }
    // tree-sitter-bash makes no string_content of blanks between the quote or an expansion and
    // an expansion, and its span then starts at the blanks: the parser's reading is kept raw
    let k = j;
    while (isBlank(s.charCodeAt(k - 1))) k--;
    if (k < j && (k === i + 1 || k === lastExpansionEnd)) return undefined;
    const e = expansionAt(s, j);
    if (!e) return undefined;
    expansions++;
    lastExpansionEnd = e.end;
    const known = vars.get(e.name);
    if (known === undefined) allKnown = false;
    else if (allKnown) rebuilt += s.slice(from, j) + known;
    from = j = e.end;
  }
  const inner = s.slice(i + 1, j);
  if (expansions > 0 && allKnown) return { end: j + 1, value: rebuilt + s.slice(from, j), dynamic: false };
  return { end: j + 1, value: inner, dynamic: expansions > 0 };
}

/**
 * The word at `i`: plain characters and globs with at most one `$NAME` expansion (tree-sitter-bash splits
 * `${V}x$V/x` in two, and `$V=x` after the `$`), or plain characters and quoted strings. Undefined when it holds
 * anything else.
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
      const e = expansionAt(s, i);
      if (!e) return undefined;
      expanded = true;
      const known = vars.get(e.name);
      value += s.slice(from, i) + (known ?? s.slice(i, e.end));
      dynamic = known === undefined;
      from = i = e.end;
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
 * A redirection at `i` (`>`, `>>`, `<`, with one optional descriptor digit; a plain target without
 * expansions, or `>&N`), or undefined when there is none or it is not plain.
 */
function redirectAt(s: string, i: number): { end: number; redirect: ShellRedirect } | undefined {
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
  let k = j;
  while (isPlain(s.charCodeAt(k))) k++;
  if (k === j) return undefined;
  return { end: k, redirect: { op, target: s.slice(j, k) } };
}

/** Reading state: the command being read and what the next one inherits. */
class PlainReader {
  readonly commands: ShellCommand[] = [];
  private words: ShellWord[] = [];
  private redirects: ShellRedirect[] = [];
  private onFailureOnly = false;
  /** The earlier stages while a pipeline is being read. */
  private stages: ShellCommand[] | undefined;

  constructor(private cwd: string | null) {}

  get hasWords(): boolean {
    return this.words.length > 0;
  }

  get redirected(): boolean {
    return this.redirects.length > 0;
  }

  get lastWord(): ShellWord | undefined {
    return this.words[this.words.length - 1];
  }

  addWord(w: ShellWord): void {
    this.words.push(w);
  }

  addRedirect(r: ShellRedirect): void {
    this.redirects.push(r);
  }

  /** Ends the command before `operator` ('' at the end of the script); false when it cannot be read plainly. */
  endCommand(operator: string): boolean {
    const words = this.words;
    // keywords mean more than words: left to the parser (assignments fail COMMAND_NAME)
    if (words.length === 0 || SPECIAL_COMMANDS.has(words[0].value)) return false;
    const stripped = stripCommandPrefixes(words);
    const inPipeline = this.stages !== undefined || operator === '|';
    const command: ShellCommand = {
      words: stripped,
      name: basename(stripped[0].value),
      cwd: this.cwd,
      start: words[0].start,
      end: words[words.length - 1].end,
      loop: undefined,
      guardExcludes: [],
      redirects: this.redirects,
      pipedFrom: this.stages ? [...this.stages] : [],
      onFailureOnly: this.onFailureOnly,
    };
    this.commands.push(command);
    // `cd` moves the main line only: not from a failure branch, nor from a pipeline's subshells
    if (command.name === 'cd' && !this.onFailureOnly && !inPipeline) {
      const target = stripped[1];
      this.cwd = target && !target.dynamic ? resolvePath(this.cwd, target.value) : target ? null : '/root';
    }
    if (operator === '|') (this.stages ??= []).push(command);
    else {
      this.stages = undefined;
      // the right side of `||` (the whole pipeline there) runs only when the left failed
      this.onFailureOnly = operator === '||';
    }
    this.words = [];
    this.redirects = [];
    return true;
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

/** The commands of a plain script, or undefined when the script is not one (see the module comment). */
export function readPlainScript(
  s: string,
  vars: ShellVariables = new Map(),
  cwd: string | null = null,
): ShellCommand[] | undefined {
  const reader = new PlainReader(cwd);
  let i = 0;
  for (;;) {
    i = skipBlanks(s, i);
    if (i >= s.length) break;
    const operator = operatorAt(s, i);
    if (operator) {
      if (!reader.endCommand(operator)) return undefined;
      i += operator.length;
      // tree-sitter-bash drops the `-` of `&&-x`: a blank after an operator (or a `;` ending the script)
      const next = skipBlanks(s, i);
      if (next === s.length ? operator !== ';' : next === i) return undefined;
      continue;
    }
    const r = redirectAt(s, i);
    if (r) {
      if (!reader.hasWords) return undefined; // a redirection before the command name
      if (reader.lastWord?.value === '-') return undefined; // tree-sitter-bash drops the `-` of `- 2>&1`
      reader.addRedirect(r.redirect);
      i = r.end;
      continue;
    }
    const w = wordAt(s, i, vars);
    if (!w || w.end === i || reader.redirected) return undefined;
    const e = s.charCodeAt(w.end);
    // a word must end at a blank, an operator or the end (`a>b`, `a(`, `a\` are not plain)
    if (w.end < s.length && !isBlank(e) && e !== SEMI && e !== AMP && e !== PIPE && !continuesAt(s, w.end))
      return undefined;
    const raw = s.slice(i, w.end);
    if (!reader.hasWords && !COMMAND_NAME.test(raw)) return undefined;
    if (raw.charCodeAt(0) === EQUALS) return undefined; // tree-sitter-bash drops a lone `==`
    reader.addWord({ value: w.value, dynamic: w.dynamic, start: i, end: w.end });
    i = w.end;
  }
  // a line continued into nothing is a syntax error to the parser
  let end = s.length;
  while (isBlank(s.charCodeAt(end - 1))) end--;
  if (s.charCodeAt(end - 1) === NEWLINE) return undefined;
  if (reader.hasWords && !reader.endCommand('')) return undefined;
  return reader.commands.length > 0 ? reader.commands : undefined;
}
