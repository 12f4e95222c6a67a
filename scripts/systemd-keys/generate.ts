/**
 * Regenerates server/src/kinds/unit/knowledge/systemd-releases.json: for each systemd release of
 * Debian (252 bookworm, 257 trixie, 262 sid) the keys each unit-file section accepts and what
 * that systemd says about the ones it only tolerates, from the binaries themselves:
 *
 *   - candidates: `systemd --dump-configuration-items` (keys with a real parser, aliases
 *     included) and the `Section.Key` strings of the parser table in libsystemd-core (which also
 *     holds the keys systemd only warns about);
 *   - the verdict: `systemd-analyze verify` on a probe file per section holding every candidate,
 *     once with empty values and once with a plain value of the key's type. "Unknown key" means
 *     not accepted; "has been removed and it is ignored", "is obsolete, replacing by X=" and
 *     "please use X= instead" are kept, with the message, as removed / obsolete / deprecated.
 *
 *   sudo bash .ci/chroots-setup.sh
 *   npx tsc -p tsconfig.test.json && node out/scripts/systemd-keys/generate.js [--check]
 *
 * --check compares with the committed file instead of writing it (exit 1 on a difference).
 * See docs/directive-database.md ("Per-release key tables").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stableJson } from '../directives/stableJson';
import {
  chrootDir,
  dumpConfigurationItems,
  parserTableKeys,
  scratch,
  SUITES,
  systemdPackageVersion,
  unknownKeyOf,
  verify,
} from './chroot';

export const RELEASES_PATH = path.resolve(__dirname, '../../../server/src/kinds/unit/knowledge/systemd-releases.json');

/** The unit type a probe of each section is written as ([Unit] and [Install] in a service). */
const PROBE_TYPE: Record<string, string> = {
  Unit: 'service',
  Install: 'service',
  Service: 'service',
  Socket: 'socket',
  Mount: 'mount',
  Automount: 'automount',
  Swap: 'swap',
  Timer: 'timer',
  Path: 'path',
  Slice: 'slice',
  Scope: 'scope',
};
/** Probe file names: a mount or automount unit is named after its Where=, a swap after What=. */
const PROBE_NAME: Record<string, string> = {
  mount: 'sct\\x2dprobe.mount',
  automount: 'sct\\x2dprobe.automount',
  swap: 'dev-sct\\x2dprobe.swap',
};

/** A value of the type word the dump prints, so that the parser accepts it and says what it thinks of it. */
function sampleValue(type: string | undefined): string {
  if (!type) return '';
  const word = type.split(/[\s[]/)[0];
  const samples: Record<string, string> = {
    BOOLEAN: 'yes',
    SECONDS: '5s',
    NANOSECONDS: '5s',
    LIMIT: '100M',
    SHARES: '100',
    WEIGHT: '100',
    CPUWEIGHT: '100',
    UNSIGNED: '1',
    INTEGER: '1',
    SIZE: '1M',
    PATH: '/run/sct-probe',
    UNIT: 'sct-probe.service',
    SLICE: 'sct-probe.slice',
    STRING: 'sct-probe',
    SIGNAL: 'SIGTERM',
  };
  return samples[word] ?? '';
}

export type NoteKind = 'removed' | 'obsolete' | 'deprecated';

export interface KeyNote {
  kind: NoteKind;
  /** The key to use instead, where systemd names one. */
  replacement?: string;
  /** What this systemd says (file and line left out). */
  message: string;
}

export interface ReleaseTable {
  debian: { suite: string; systemd: string };
  /** section → accepted keys, sorted, space-separated. */
  sections: Record<string, string>;
  /** section → key → what systemd says about a key it accepts only to warn. */
  notes: Record<string, Record<string, KeyNote>>;
}

export function noteOf(text: string, key: string): KeyNote | undefined {
  if (!text.includes(`${key}=`) && !text.includes(`'${key}'`)) return undefined;
  const obsolete = /is obsolete, replacing by (\w+)=/.exec(text);
  if (obsolete) return { kind: 'obsolete', replacement: obsolete[1], message: text };
  if (/has been removed|no longer supported|not supported anymore/i.test(text))
    return { kind: 'removed', message: text };
  if (/deprecated|please use|will be removed/i.test(text)) {
    const use = /use (\w+)= instead/.exec(text) ?? /please use (\w+)=/.exec(text);
    return { kind: 'deprecated', replacement: use?.[1], message: text };
  }
  return undefined;
}

/**
 * verify on a probe of `keys` in `[section]`: the lines verify answered about. A setting whose
 * parse error is fatal stops the parse of the rest of the file: the probe goes on after it.
 */
function probe(dir: string, section: string, keys: string[], value: (key: string) => string): Map<string, string[]> {
  const type = PROBE_TYPE[section];
  const { inside, outside } = scratch(dir, 'keys');
  const name = PROBE_NAME[type] ?? `sct-probe.${type}`;
  const said = new Map<string, string[]>();
  let start = 0;
  while (start < keys.length) {
    const batch = keys.slice(start);
    // line 1 is the header, key i is on line i + 2
    fs.writeFileSync(path.join(outside, name), `[${section}]\n${batch.map((k) => `${k}=${value(k)}`).join('\n')}\n`);
    const result = verify(dir, [`${inside}/${name}`]);
    let last = 0;
    for (const m of result.messages) {
      if (m.file !== `${inside}/${name}`) continue;
      const key = batch[m.line - 2];
      if (!key) continue;
      said.set(key, [...(said.get(key) ?? []), m.text]);
      last = Math.max(last, m.line);
    }
    const fatal = result.other.some((l) => /has fatal error|bad unit file setting/.test(l));
    if (!fatal || last === 0) break;
    start += last - 1; // the key after the fatal one
  }
  return said;
}

export function generateRelease(suite: string, expected: number): ReleaseTable {
  const dir = chrootDir(suite);
  const { release, version } = systemdPackageVersion(dir);
  if (release !== expected)
    throw new Error(
      `${suite}: systemd ${release}, expected ${expected} (update SUITES in scripts/systemd-keys/chroot.ts)`,
    );
  const dump = dumpConfigurationItems(dir);
  const table = parserTableKeys(dir, dump.keys());
  const sections: Record<string, string> = {};
  const notes: Record<string, Record<string, KeyNote>> = {};
  for (const [section, items] of dump) {
    if (!PROBE_TYPE[section]) throw new Error(`${suite}: section [${section}] has no probe unit type`);
    const candidates = [...new Set([...items.keys(), ...table.get(section)!])].sort(compare);
    const empty = probe(dir, section, candidates, () => '');
    const typed = probe(dir, section, candidates, (k) => sampleValue(items.get(k)));
    const accepted: string[] = [];
    for (const key of candidates) {
      const messages = [...(empty.get(key) ?? []), ...(typed.get(key) ?? [])];
      if (messages.some((t) => unknownKeyOf(t))) continue;
      // a key of the parser table that no probe heard of is not proof enough: it must be in the dump or tolerated
      accepted.push(key);
      const note = messages.map((t) => noteOf(t, key)).find((n) => n);
      if (note) (notes[section] ??= {})[key] = note;
    }
    sections[section] = accepted.join(' ');
  }
  return { debian: { suite, systemd: version }, sections, notes };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function releasesJson(): string {
  const releases: Record<string, ReleaseTable> = {};
  for (const { suite, release } of SUITES) releases[String(release)] = generateRelease(suite, release);
  return `${stableJson({ generator: 'scripts/systemd-keys/generate.ts', releases }, 4)}\n`;
}

if (require.main === module) {
  const text = releasesJson();
  if (process.argv.includes('--check')) {
    const committed = fs.readFileSync(RELEASES_PATH, 'utf8');
    if (committed !== text) {
      console.error(
        `${RELEASES_PATH} differs from what the chroots' systemd say now: regenerate it (node ` +
          'out/scripts/systemd-keys/generate.js)',
      );
      process.exit(1);
    }
    console.log(`${RELEASES_PATH}: regenerated, same bytes`);
  } else {
    fs.writeFileSync(RELEASES_PATH, text);
    console.log(`wrote ${RELEASES_PATH}`);
  }
}
