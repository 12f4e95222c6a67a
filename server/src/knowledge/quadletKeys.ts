/**
 * What Quadlet itself accepts, per Podman release: the keys of each Quadlet group as the
 * generator's source lists them (quadletKeys.json, made by scripts/quadlet/generateKeys.ts from
 * pkg/systemd/quadlet/quadlet.go of each release tag). A key outside its group's list makes the
 * generator refuse the whole file; the man page (the directive database) only gives hover text.
 */
// Type only: it keeps quadletKeys.json in the TypeScript program, so tsc copies it to out/.
import type tablesJson from './quadletKeys.json';
import { BoundedMemo } from '../../../shared/boundedMemo';

interface Table {
  source: string;
  groups: Record<string, string[]>;
  deprecated: string[];
  /** Man-page text of groups newer than the directive database's man page (Podman 5.4's). */
  docs?: Record<string, Record<string, string>>;
}

interface Loaded {
  source: string;
  groups: Map<string, Set<string>>;
  deprecated: Set<string>;
  docs: Record<string, Record<string, string>>;
}

let tables: Map<string, Loaded> | undefined;

function load() {
  if (!tables) {
    const json = require('./quadletKeys.json') as typeof tablesJson as unknown as { releases: Record<string, Table> };
    tables = new Map(
      Object.entries(json.releases)
        .sort(([a], [b]) => compareVersions(a, b))
        .map(([release, t]) => [
          release,
          {
            source: t.source,
            groups: new Map(Object.entries(t.groups).map(([g, k]) => [g, new Set(k)])),
            deprecated: new Set(t.deprecated),
            docs: t.docs ?? {},
          },
        ]),
    );
  }
  return tables;
}

/** The first Podman release with Quadlet (podman-systemd.unit(5), Podman 4.4 release notes). */
export const FIRST_QUADLET_RELEASE = '4.4';

/** "5.4.2" → [5, 4, 2]; undefined when it is not a version. */
export function parseVersion(version: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Versions compared so far, parsed: the rules compare the same few releases for every file. */
const parsedVersions = new BoundedMemo<string, readonly number[]>(500);
const ZERO: readonly number[] = [0, 0, 0];

function versionParts(version: string): readonly number[] {
  return parsedVersions.get(version, () => parseVersion(version) ?? ZERO);
}

export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The releases we hold a key table for, oldest first ("5.4", "5.8"). */
export function quadletReleases(): string[] {
  return [...load().keys()];
}

export type QuadletTarget =
  /** `release`: the table used (the newest one not newer than the version asked for, else the oldest). */
  | { quadlet: true; version: string; release: string; source: string }
  /** Nothing reads the file: that Podman has no Quadlet at all. */
  | { quadlet: false; version: string; missing: 'quadlet' }
  /** Nothing reads the file: that release's Quadlet has no such file type (`.artifact` before 5.8). */
  | { quadlet: false; version: string; missing: 'file-type'; group: string; since: string; release: string };

/**
 * What a Podman version (undefined: the newest we know) means for a Quadlet file whose own group
 * is `group` (`Container`, `Artifact` …; undefined: any file type).
 */
export function quadletTarget(version?: string, group?: string): QuadletTarget {
  // Asked for every key of a Quadlet file: the answer depends on the two names only.
  const key = `${version ?? ''}\0${group ?? ''}\0${version === undefined ? 1 : 0}${group === undefined ? 1 : 0}`;
  return targets.get(key, () => readTarget(version, group));
}

/** Versions come from settings: a handful, unless fuzzed. */
const targets = new BoundedMemo<string, QuadletTarget>(64);

function readTarget(version?: string, group?: string): QuadletTarget {
  const releases = quadletReleases();
  const asked = version ?? releases[releases.length - 1];
  if (parseVersion(asked) && compareVersions(asked, FIRST_QUADLET_RELEASE) < 0)
    return { quadlet: false, version: asked, missing: 'quadlet' };
  const release = [...releases].reverse().find((r) => compareVersions(r, asked) <= 0) ?? releases[0];
  const since = group === undefined ? release : quadletGroupSince(group);
  if (since !== undefined && compareVersions(since, release) > 0)
    return { quadlet: false, version: asked, missing: 'file-type', group: group!, since, release };
  return { quadlet: true, version: asked, release, source: load().get(release)!.source };
}

/** The first release we know whose generator reads `[group]` (a file type), if any. */
export function quadletGroupSince(group: string): string | undefined {
  return quadletReleases().find((r) => isQuadletGroup(r, group));
}

/** podman-systemd.unit(5)'s text for a key of a group the directive database does not have. */
export function quadletKeyDoc(group: string, key: string): string | undefined {
  for (const release of [...quadletReleases()].reverse()) {
    const doc = load().get(release)!.docs[group]?.[key];
    if (doc !== undefined) return doc;
  }
  return undefined;
}

/** The groups a release's generator reads (Container … Quadlet), sorted. */
export function quadletGroups(release: string): string[] {
  return [...(load().get(release)?.groups.keys() ?? [])].sort();
}

/** The keys of `[group]` in a release's table, sorted (empty when the release does not read the group). */
export function quadletGroupKeys(release: string, group: string): string[] {
  return [...(load().get(release)?.groups.get(group) ?? [])].sort();
}

/** Whether the release's generator reads `[group]` (Container, Quadlet …) and checks its keys. */
export function isQuadletGroup(release: string, group: string): boolean {
  return load().get(release)?.groups.has(group) ?? false;
}

/** Whether `key` is accepted in `[group]` by the release's generator. */
export function quadletAccepts(release: string, group: string, key: string): boolean {
  return load().get(release)?.groups.get(group)?.has(key) ?? false;
}

/** The first release we know that accepts `key` in `[group]`, if any. */
export function quadletKeySince(group: string, key: string): string | undefined {
  return quadletReleases().find((r) => quadletAccepts(r, group, key));
}

/** Keys Quadlet still reads but marks deprecated, with what to use instead (podman-systemd.unit(5)). */
const REPLACEMENTS: Record<string, string> = {
  RemapUsers: 'UserNS=',
  RemapUid: 'UIDMap= (with UserNS=)',
  RemapGid: 'GIDMap= (with UserNS=)',
  RemapUidSize: 'UserNS=auto:size=N',
  VolatileTmp: 'Tmpfs=/tmp',
};

/** For a key the release marks deprecated: what replaces it; undefined otherwise. */
export function quadletDeprecation(release: string, key: string): { replacement: string } | undefined {
  if (!load().get(release)?.deprecated.has(key)) return undefined;
  return { replacement: REPLACEMENTS[key] ?? 'its documented replacement' };
}
