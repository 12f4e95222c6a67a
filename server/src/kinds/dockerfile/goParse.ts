/**
 * The Go value parsers BuildKit checks Dockerfile flags with, as their errors read: time.ParseDuration,
 * strconv.ParseBool and ParseUint, and go-units' RAMInBytes. Written from the Go documentation and
 * their behaviour, so a value BuildKit refuses is refused here with the same words.
 */

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** time.ParseDuration: the duration in nanoseconds, or Go's error text. */
export function goDuration(text: string): { ns: number } | { error: string } {
  const quoted = JSON.stringify(text);
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ns: 0 };
  if (s === '') return { error: `time: invalid duration ${quoted}` };
  let ns = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    // "5." is a number ("5.s" parses); "." alone is not.
    if (num[1] === '' && !num[2]) return { error: `time: invalid duration ${quoted}` };
    s = s.slice(num[0].length);
    const unit = (/^[^0-9.]*/.exec(s) as RegExpExecArray)[0];
    if (unit === '') return { error: `time: missing unit in duration ${quoted}` };
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}` };
    s = s.slice(unit.length);
    ns += Number(`${num[1] || '0'}.${num[2] || '0'}`) * scale;
  }
  return { ns: negative ? -ns : ns };
}

/** strconv.ParseBool's accepted spellings. */
export function goBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** strconv.ParseUint(text, base, 32) for base 8 or 10: digits only, no sign or prefix, within 32 bits. */
export function goUint32(text: string, base: 8 | 10): number | undefined {
  if (!(base === 8 ? /^[0-7]+$/ : /^[0-9]+$/).test(text)) return undefined;
  const n = parseInt(text, base);
  return n <= 0xffffffff ? n : undefined;
}

/** go-units RAMInBytes: a non-negative number, an optional space, then b or k/m/g/t/p with an optional b or ib. */
export function goRamInBytes(text: string): boolean {
  return /^(\d+(\.\d*)?|\.\d+) ?([kmgtp](b|ib)?|b)?$/i.test(text);
}
