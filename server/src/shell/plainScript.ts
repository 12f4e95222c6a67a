/**
 * A reader for the commonest `sh -c` scripts of unit files, without the shell parser: plain words
 * (no quotes, escapes, globs or braces), `$NAME` / `${NAME}` expansions, commands joined by `&&`,
 * `||` and `;`, and redirections at the end of a command (`2> /dev/null`, `>>log`, `2>&1`).
 * For such a script it gives exactly the words and the onFailureOnly flag that parseScript gives
 * (test/unit/plainScript.test.ts checks that against tree-sitter); for anything else, undefined,
 * and the caller parses the script.
 */
import { stripCommandPrefixes, type ShellWord } from './script';

export interface PlainCommand {
  words: ShellWord[];
  onFailureOnly: boolean;
}

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

const SPACE = 32;
const EQUALS = 61;
const TAB = 9;
const DOLLAR = 36;
const AMP = 38;
const SEMI = 59;
const GT = 62;
const LT = 60;
const PIPE = 124;
const OPEN_BRACE = 123;
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

/**
 * The end of the plain word at `i` (plain characters and expansions) and whether it expands; undefined when it holds
 * anything else.
 */
function wordEnd(s: string, i: number): { end: number; dynamic: boolean } | undefined {
  let dynamic = false;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isPlain(c)) {
      // tree-sitter-bash splits `$V=x$V/x` after the second `$`: no `=` after an expansion
      if (c === EQUALS && dynamic) return undefined;
      i++;
      continue;
    }
    if (c !== DOLLAR) break;
    // One `$NAME` or `${NAME}`; any other `$` (`$1`, `$@`, `${X:-d}`, `$(…)`) is not plain, nor
    // is a second expansion (tree-sitter-bash splits `${V}x$V/x` into two words).
    if (dynamic) return undefined;
    dynamic = true;
    let j = i + 1;
    const braced = s.charCodeAt(j) === OPEN_BRACE;
    if (braced) j++;
    if (!isNameStart(s.charCodeAt(j))) return undefined;
    while (isNameChar(s.charCodeAt(j))) j++;
    if (braced && s.charCodeAt(j++) !== CLOSE_BRACE) return undefined;
    i = j;
  }
  return { end: i, dynamic };
}

/**
 * A redirection at `i` (`>`, `>>`, `<`, with one optional descriptor digit; a plain target without
 * expansions, or `>&N`): the offset after it, or -1 when there is none or it is not plain.
 */
function redirectEnd(s: string, i: number): number {
  let j = i;
  // a descriptor 1-9 before `>` only: tree-sitter-bash reads `0>` and `0<` as the word 0 and a redirection
  const d = s.charCodeAt(j);
  if (d >= 49 && d <= 57 && s.charCodeAt(j + 1) === GT) j++;
  const c = s.charCodeAt(j);
  if (c === LT) j++;
  else if (c === GT && s.charCodeAt(j + 1) === GT) j += 2;
  else if (c === GT && s.charCodeAt(j + 1) === AMP) {
    // `>&N`: a descriptor, written right after
    let k = j + 2;
    if (!isDigit(s.charCodeAt(k))) return -1;
    while (isDigit(s.charCodeAt(k))) k++;
    return k;
  } else if (c === GT) j++;
  else return -1;
  while (s.charCodeAt(j) === SPACE || s.charCodeAt(j) === TAB) j++;
  const target = wordEnd(s, j);
  if (!target || target.end === j || target.dynamic) return -1;
  return target.end;
}

/** The commands of a plain script, or undefined when the script is not one (see the module comment). */
export function parsePlainScript(s: string): PlainCommand[] | undefined {
  const commands: PlainCommand[] = [];
  let words: ShellWord[] = [];
  let redirected = false;
  let onFailureOnly = false;
  let i = 0;
  const endCommand = (): boolean => {
    if (words.length === 0) return false;
    // keywords mean more than words: left to the parser (assignments, `A=1 cmd`, fail COMMAND_NAME)
    if (SPECIAL_COMMANDS.has(words[0].value)) return false;
    const stripped = stripCommandPrefixes(words);
    if (stripped.length > 0) commands.push({ words: stripped, onFailureOnly });
    words = [];
    redirected = false;
    return true;
  };
  for (;;) {
    while (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB) i++;
    if (i >= s.length) break;
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    // `&&`, `||`, `;` end a command; the right side of `||` runs only when the left failed.
    if ((c === AMP && next === AMP) || (c === PIPE && next === PIPE) || (c === SEMI && next !== SEMI)) {
      if (!endCommand()) return undefined;
      onFailureOnly = c === PIPE;
      i += c === SEMI ? 1 : 2;
      // tree-sitter-bash drops the `-` of `&&-x`: a blank after an operator, or the parser decides
      if (s.charCodeAt(i) !== SPACE && s.charCodeAt(i) !== TAB) return undefined;
      continue;
    }
    const r = redirectEnd(s, i);
    if (r >= 0) {
      if (words.length === 0) return undefined; // a redirection before the command name
      if (words[words.length - 1].value === '-') return undefined; // tree-sitter-bash drops the `-` of `- 2>&1`
      redirected = true;
      i = r;
      continue;
    }
    const w = wordEnd(s, i);
    if (!w || w.end === i || redirected) return undefined;
    const e = s.charCodeAt(w.end);
    // a word must end at a blank, an operator or the end (`a>b`, `a(`, `a"…"` are not plain)
    if (w.end < s.length && e !== SPACE && e !== TAB && e !== SEMI && e !== AMP && e !== PIPE) return undefined;
    const value = s.slice(i, w.end);
    if (words.length === 0 && !COMMAND_NAME.test(value)) return undefined;
    if (value.charCodeAt(0) === EQUALS) return undefined; // tree-sitter-bash drops a lone `==`
    words.push({ value, dynamic: w.dynamic, start: i, end: w.end });
    i = w.end;
  }
  if (!endCommand()) return undefined;
  return commands;
}
