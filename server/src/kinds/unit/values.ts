/**
 * Checks a value against what the directive database says the key takes: booleans
 * (systemd.syntax(7)), time spans (systemd.time(7)), integers, sizes and closed enums. Careful
 * by design: a value is accepted whenever the man page's own text could allow it (a special value
 * the type lists, a literal the description mentions), and values with specifiers or variables
 * are not judged, so that an "invalid value" finding is one systemd (or Quadlet) would reject.
 */
import type { Directive } from './knowledge/directives';

const TRUE_WORDS = ['1', 'yes', 'y', 'true', 't', 'on'];
const FALSE_WORDS = ['0', 'no', 'n', 'false', 'f', 'off'];

export function isBoolean(value: string): boolean {
  const v = value.toLowerCase();
  return TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v);
}

/** systemd.time(7) "PARSING TIME SPANS" units; "ns"/"nsec" are accepted where the granularity permits. */
const TIME_UNITS = [
  'usec',
  'us',
  'μs',
  'µs',
  'msec',
  'ms',
  'seconds',
  'second',
  'sec',
  's',
  'minutes',
  'minute',
  'min',
  'm',
  'hours',
  'hour',
  'hr',
  'h',
  'days',
  'day',
  'd',
  'weeks',
  'week',
  'w',
  'months',
  'month',
  'M',
  'years',
  'year',
  'y',
  'nsec',
  'ns',
];
const TIME_SPAN = new RegExp(
  `^(?:\\s*\\d+(?:\\.\\d+)?\\s*(?:${[...TIME_UNITS].sort((a, b) => b.length - a.length).join('|')})?)+\\s*$`,
);

/** A systemd time span: "90", "2h 30min", "55s500ms", "1.5s", "infinity". */
export function isTimeSpan(value: string): boolean {
  if (value === 'infinity') return true;
  return TIME_SPAN.test(value);
}

/** An integer, optionally with the 1024-based suffixes systemd accepts for buffer sizes and limits. */
export function isInteger(value: string): boolean {
  return /^[+-]?\d+$/.test(value) || /^\d+(?:\.\d+)?[KMGTPE]$/.test(value);
}

/** A size in bytes: "512M", "1G", "4096", "50%", "infinity". */
export function isSize(value: string): boolean {
  return (
    value === 'infinity' ||
    /^\d+(?:\.\d+)?\s*[KMGTPE]?$/i.test(value) ||
    /^\d+(?:\.\d+)?%$/.test(value) ||
    /^\d+(?:\.\d+)?‰$/.test(value)
  );
}

/** Does `value` match one of the page's listed literals (`file:<path>` matches `file:` and anything)? */
export function matchesListed(value: string, listed: readonly string[]): boolean {
  return listed.some((l) => {
    const placeholder = l.indexOf('<');
    if (placeholder >= 0) return value.startsWith(l.slice(0, placeholder)) && value.length > placeholder;
    return l === value;
  });
}

/** Whether the description mentions the value as a literal (a value the type sentence left out). */
function docMentions(directive: Directive, value: string): boolean {
  const doc = directive.doc;
  if (value.length < 2) return false;
  // Each occurrence, standing as a word: no RegExp built from the value on every call.
  for (let at = doc.indexOf(value); at >= 0; at = doc.indexOf(value, at + 1)) {
    const end = at + value.length;
    if ((at === 0 || BEFORE_MENTION.test(doc[at - 1])) && (end === doc.length || AFTER_MENTION.test(doc[end])))
      return true;
  }
  return false;
}

const BEFORE_MENTION = /[\s"'“(,]/;
const AFTER_MENTION = /[\s"'”),.;:]/;

/**
 * Values the page allows beyond the first paragraph the database keeps, with the sentence.
 * Booleans that also take a list are not judged at all.
 */
const EXTRA_VALUES: Record<string, string[]> = {
  // podman-systemd.unit(5) Notify=: "setting Notify to healthy will postpone startup notifications …"
  'podman-systemd.unit(5) Notify': ['healthy'],
};
const BOOLEAN_OR_LIST = new Set([
  // systemd.resource-control(5): "Takes either a boolean argument or a (possibly empty) list of control group
  // controller names."
  'systemd.resource-control(5) Delegate',
  // systemd.exec(5): "Either takes a boolean argument, or a space-separated list of namespace type identifiers."
  'systemd.exec(5) RestrictNamespaces',
]);

export interface ValueProblem {
  message: string;
  /** Accepted literals to offer as replacements. */
  choices: string[];
}

/**
 * The effective type of a key: a `…Sec` key is a time span whatever the sentence said ("TriggerLimitIntervalSec= takes
 * an integer").
 */
export function effectiveType(directive: Directive): Directive['type'] {
  if (
    directive.name.endsWith('Sec') &&
    (directive.type === 'integer' || directive.type === 'string') &&
    !directive.manPage.startsWith('podman')
  )
    return 'timespan';
  return directive.type;
}

/** Whether a value has the form of the key's type (an enum: only lists of typed items, which are not judged). */
function fitsType(directive: Directive, type: Directive['type'], v: string): boolean {
  switch (type) {
    case 'boolean':
      return isBoolean(v);
    case 'enum':
      return !!directive.multiple; // lists of typed items (SendOption=uint8:…) are not plain literals
    case 'timespan':
      return isTimeSpan(v);
    case 'integer':
      return isInteger(v);
    case 'size':
      return isSize(v);
    default:
      return false;
  }
}

/**
 * What is wrong with `value` for this directive, or undefined when it is acceptable or cannot be
 * judged. Empty values (a reset), specifiers (`%i`) and variables (`$X`) are never judged.
 */
export function checkValue(directive: Directive, value: string): ValueProblem | undefined {
  // Most keys take strings, paths or command lines: nothing to judge (asked first, it is the cheapest).
  const type = effectiveType(directive);
  if (type !== 'boolean' && type !== 'enum' && type !== 'timespan' && type !== 'integer' && type !== 'size')
    return undefined;
  const v = value.trim();
  if (v === '' || v.includes('%') || v.includes('$')) return undefined;
  // Condition*= and Assert*= take "!" and "|" prefixes and comparison operators.
  if (directive.name.startsWith('Condition') || directive.name.startsWith('Assert')) return undefined;
  // A value of the key's form is accepted whatever the page lists: that cheap check settles most entries.
  if (fitsType(directive, type, v)) return undefined;
  const id = `${directive.manPage} ${directive.name}`;
  if (BOOLEAN_OR_LIST.has(id)) return undefined;
  const listed = [...(directive.values ?? []), ...(EXTRA_VALUES[id] ?? [])];
  if (matchesListed(v, listed) || docMentions(directive, v)) return undefined;
  const key = `${directive.name}=`;
  switch (type) {
    case 'boolean':
      return {
        message:
          `${key} takes a boolean (yes/no, true/false, on/off, ` +
          `1/0)${listed.length ? ` or ${listed.map((x) => `"${x}"`).join(', ')}` : ''}; "${v}" is not one.`,
        choices: ['yes', 'no', ...listed.filter((x) => !x.includes('<'))],
      };
    case 'enum':
      return {
        message: `${key} takes one of ${listed.map((x) => `"${x}"`).join(', ')}; "${v}" is not one of them.`,
        choices: listed.filter((x) => !x.includes('<')),
      };
    case 'timespan':
      return {
        message:
          `${key} takes a time span (e.g. "90", "5min", "1h 30min", "infinity"; units: us, ms, s, min, h, d, w, ` +
          `M, y); "${v}" is not one.`,
        choices: [],
      };
    case 'integer':
      return { message: `${key} takes an integer; "${v}" is not one.`, choices: [] };
    case 'size':
      return {
        message: `${key} takes a size in bytes (e.g. "512M", "2G", a percentage, "infinity"); "${v}" is not one.`,
        choices: [],
      };
    default:
      return undefined;
  }
}
