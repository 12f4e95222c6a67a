/**
 * Values the pages (or NEWS) mark as deprecated or strongly recommended against, with what they
 * say. The invalid-value rule leaves these to the deprecated-value rule.
 */
import { isBoolean } from './values';

export interface DeprecatedValue {
  /** Man page and key, as in the directive database. */
  manPage: string;
  key: string;
  matches(value: string): boolean;
  /** One line for the message: what is wrong and what to use instead. */
  message: string;
  /** What the sources say, for the hover. */
  note: string;
  /** Replacement values, the first one preferred when `preferred` is set. */
  replacements: string[];
  preferred: boolean;
  source: string;
}

export const DEPRECATED_VALUES: DeprecatedValue[] = [
  {
    manPage: 'systemd.kill(5)',
    key: 'KillMode',
    matches: (v) => v === 'none',
    message:
      'KillMode=none leaves the processes running when the unit stops, and systemd warns about it: use mixed or ' +
      'control-group',
    note:
      'systemd.kill(5) (257) says "If set to none, no process is killed (strongly recommended against!)" and ' +
      'that it "allows processes to escape the service manager\'s lifecycle and resource management"; since systemd ' +
      '246 the manager logs a warning for services using it (NEWS). The 257 page does not call the value ' +
      'deprecated, but the warning is what systemd-analyze verify and the journal show',
    replacements: ['mixed', 'control-group'],
    preferred: false,
    source: 'systemd.kill(5) (systemd 257); systemd NEWS, CHANGES WITH 246',
  },
  {
    manPage: 'systemd.network(5)',
    key: 'IPMasquerade',
    matches: (v) => isBoolean(v) && !/^(0|no|n|false|f|off)$/i.test(v),
    message: 'A positive boolean for IPMasquerade= is deprecated: use ipv4 (what it means) or both',
    note:
      'systemd.network(5) (257): "any positive boolean values such as "yes" or "true" are now deprecated"; ' +
      '"IPMasquerade=yes", the same as "ipv4", retains its meaning (NEWS, systemd 248)',
    replacements: ['ipv4', 'both'],
    preferred: true,
    source: 'systemd.network(5) (systemd 257); systemd NEWS, CHANGES WITH 248',
  },
];

/** The keys of DEPRECATED_VALUES: every known entry of every file is asked about. */
const KEYS = new Set(DEPRECATED_VALUES.map((d) => d.key));

export function deprecatedValue(manPage: string, key: string, value: string): DeprecatedValue | undefined {
  if (!KEYS.has(key)) return undefined;
  return DEPRECATED_VALUES.find((d) => d.manPage === manPage && d.key === key && d.matches(value.trim()));
}
