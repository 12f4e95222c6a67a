/**
 * What each systemd release accepts in each unit-file section (systemd-releases.json, generated
 * from the binaries by scripts/systemd-keys/generate.ts): the key sets, the keys a release only
 * tolerates (removed and ignored, obsolete, deprecated) with its own message, and the release
 * a key appeared in or disappeared after. Read on first use, like the directive database.
 */
// Type only: it keeps systemd-releases.json in the TypeScript program, so tsc copies it to out/.
import type releasesJson from './systemd-releases.json';

export interface KeyNote {
  kind: 'removed' | 'obsolete' | 'deprecated';
  replacement?: string;
  /** What that systemd logs (e.g. "Support for option X= has been removed and it is ignored"). */
  message: string;
}

interface ReleaseData {
  debian: { suite: string; systemd: string };
  sections: Record<string, string>;
  notes: Record<string, Record<string, KeyNote>>;
}

interface Release {
  release: number;
  suite: string;
  packageVersion: string;
  sections: Map<string, Set<string>>;
  notes: Record<string, Record<string, KeyNote>>;
}

let releases: Release[] | undefined;

function all(): Release[] {
  if (!releases) {
    const data = (
      require('./systemd-releases.json') as typeof releasesJson as unknown as { releases: Record<string, ReleaseData> }
    ).releases;
    releases = Object.entries(data)
      .map(([n, r]) => ({
        release: Number(n),
        suite: r.debian.suite,
        packageVersion: r.debian.systemd,
        sections: new Map(Object.entries(r.sections).map(([s, keys]) => [s, new Set(keys.split(' '))])),
        notes: r.notes,
      }))
      .sort((a, b) => a.release - b.release);
  }
  return releases;
}

let last: Release | undefined;

function get(release: number): Release {
  // every entry of a file asks for the same release
  if (last?.release === release) return last;
  const r = (last = all().find((x) => x.release === release));
  if (!r) throw new Error(`no key table for systemd ${release}`);
  return r;
}

/** Releases with a table, oldest first. */
export function tableReleases(): number[] {
  return all().map((r) => r.release);
}

/** "Debian bookworm, systemd 252.39-1~deb12u2". */
export function releaseOrigin(release: number): string {
  const r = get(release);
  return `Debian ${r.suite}, systemd ${r.packageVersion}`;
}

/** Whether the release's tables have `[section]` (Unit, Service, Socket … Install). */
export function releaseHasSection(release: number, section: string): boolean {
  return get(release).sections.has(section);
}

/** The keys `[section]` accepts in this release (undefined when the tables do not have the section). */
export function releaseKeys(release: number, section: string): ReadonlySet<string> | undefined {
  return get(release).sections.get(section);
}

/** What this release says about a key it accepts only to warn about it. */
export function releaseNote(release: number, section: string, key: string): KeyNote | undefined {
  return get(release).notes[section]?.[key];
}

/**
 * Where a key the release does not accept in `[section]` stands in the others: the first later
 * release that accepts it, or the last earlier one (it was removed after that).
 */
export function keyHistory(
  release: number,
  section: string,
  key: string,
): { firstLater?: number; lastEarlier?: number } {
  let firstLater: number | undefined;
  let lastEarlier: number | undefined;
  for (const r of all()) {
    if (!r.sections.get(section)?.has(key)) continue;
    if (r.release > release && firstLater === undefined) firstLater = r.release;
    if (r.release < release) lastEarlier = r.release;
  }
  return { firstLater, lastEarlier };
}

/** The keys of `[section]` this release accepts only to warn about (removed, obsolete, deprecated), sorted. */
export function toleratedKeys(release: number, section: string): string[] {
  return Object.keys(get(release).notes[section] ?? {}).sort();
}
