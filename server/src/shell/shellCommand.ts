/**
 * What a shell script is read into, whichever reader reads it (plainScript.ts or treeSitterScript.ts),
 * and the word and path helpers both readers and the RUN analysis share.
 */
export interface ShellWord {
  /** The word's value with quotes and backslash escapes removed (expansions kept as written). */
  value: string;
  /** True when the value depends on an expansion (`$x`, `$(…)`), so it is not known statically. */
  dynamic: boolean;
  start: number;
  end: number;
}

export interface ShellRedirect {
  op: string;
  target: string;
  /** The body of a heredoc (`<<EOF`), or a here-string (`<<<`). */
  body?: string;
}

export interface ForLoop {
  variable: string;
  values: ShellWord[];
  cwd: string | null;
}

export interface ShellCommand {
  /** Words after stripping `sudo`, `env`, `exec`, `command`, `nohup` and `VAR=value` prefixes. */
  words: ShellWord[];
  /** Command name (basename of the first word), e.g. `apt-get`, `rm`. */
  name: string;
  /** Directory this command runs in, when it can be known (`cd` tracking); null when unknown. */
  cwd: string | null;
  start: number;
  end: number;
  loop?: ForLoop;
  /** Loop values excluded by a `[ "$i" = name ] || cmd` guard. */
  guardExcludes: string[];
  redirects: ShellRedirect[];
  /** Commands earlier in the same pipeline (`ls | grep -v x | xargs rm`). */
  pipedFrom: ShellCommand[];
  /** The text after `||`/`;` etc. is still run: true when this command only runs if an earlier one failed. */
  onFailureOnly: boolean;
}

export interface ParsedScript {
  commands: ShellCommand[];
  /** tree-sitter found a syntax error (the commands are a best-effort reading). */
  hasError: boolean;
}

/** Variables known before the script runs (ENV, ARG defaults): name → value. */
export type ShellVariables = ReadonlyMap<string, string>;

const PREFIX_COMMANDS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'time', 'doas']);

/**
 * A command's words without `sudo`, `env`, `exec` … and their options and assignments (`sudo -u x cmd`, `env -i A=b
 * cmd`).
 */
export function stripCommandPrefixes(words: ShellWord[]): ShellWord[] {
  let first = 0;
  while (words.length - first > 1 && PREFIX_COMMANDS.has(basename(words[first].value))) {
    first++;
    while (words.length - first > 1 && (words[first].value.startsWith('-') || /^\w+=/.test(words[first].value)))
      first++;
  }
  return first === 0 ? words : words.slice(first);
}

/** A `"…"` string's text with the escapes the shell undoes there undone (`\$ \` \" \\`, a backslash-newline). */
export function unescapeDouble(text: string): string {
  return text.includes('\\') ? text.replace(/\\([$`"\\\n])/g, '$1') : text;
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Absolute, with no empty, `.` or `..` segment and no trailing slash: what normalizing leaves as it is. */
function isNormalPath(p: string): boolean {
  if (p.charCodeAt(0) !== 47 /* / */) return false;
  if (p.length === 1) return true;
  if (p.charCodeAt(p.length - 1) === 47) return false;
  return !p.includes('//') && !p.includes('/./') && !p.includes('/../') && !p.endsWith('/.') && !p.endsWith('/..');
}

/** Resolve `target` against `cwd` (null = unknown; absolute targets resolve anyway). */
export function resolvePath(cwd: string | null, target: string): string | null {
  if (target.startsWith('/')) return normalizeContainerPath(target);
  if (cwd === null) return null;
  return normalizeContainerPath(`${cwd}/${target}`);
}

export function normalizeContainerPath(p: string): string {
  if (isNormalPath(p)) return p;
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}
