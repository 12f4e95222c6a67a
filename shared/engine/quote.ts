/**
 * Quoting for the commands and unit files we render: an argv array becomes text only through
 * these functions, so no user string reaches a shell or a unit file unquoted.
 */

/** Characters that never need quoting in a POSIX shell word (not at a word start: see below). */
const SAFE_WORD = /^[A-Za-z0-9_/.:=@%+,-]+$/;

/** One POSIX shell word: as is when safe, else single-quoted (`'` becomes `'\''`). */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  // `=`/`:`/`@` are literal mid-word; a leading `~` would expand, a leading `#` comments out.
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** argv → one command line a POSIX shell splits back into exactly argv. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/**
 * One word of a systemd unit-file command line (ExecStart=, Quadlet Exec=): double-quoted with
 * C escapes when needed; `%` doubled (specifiers) and `$` doubled (variable expansion).
 */
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (escaped !== '' && /^[A-Za-z0-9_/.:=@+,%$-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

export function systemdJoin(argv: readonly string[]): string {
  return argv.map(systemdQuote).join(' ');
}

/** Line breaks as spaces: a value that goes on one line of a unit or settings file. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
