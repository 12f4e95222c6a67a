/**
 * What Quadlet itself accepts, per Podman release: the keys of each Quadlet group as the
 * generator's source lists them (quadletKeys.json, made by scripts/quadlet/generateKeys.ts from
 * pkg/systemd/quadlet/quadlet.go of each release tag). A key outside its group's list makes the
 * generator refuse the whole file; the man page (the directive database) only gives hover text.
 */
// Type only: it keeps quadletKeys.json in the TypeScript program, so tsc copies it to out/.
import type tablesJson from './quadletKeys.json';

interface Table {
  source: string;
  groups: Record<string, string[]>;
  deprecated: string[];
}

let tables: Map<string, { source: string; groups: Map<string, Set<string>>; deprecated: Set<string> }> | undefined;

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

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [0, 0, 0];
  const y = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The releases we hold a key table for, oldest first ("5.4", "5.8"). */
export function quadletReleases(): string[] {
  return [...load().keys()];
}

export type QuadletTarget =
  /** `release`: the table used (the newest one not newer than the version asked for, else the oldest). */
  { quadlet: true; version: string; release: string; source: string } | { quadlet: false; version: string };

/** What a Podman version (undefined: the newest we know) means for Quadlet files. */
export function quadletTarget(version?: string): QuadletTarget {
  const releases = quadletReleases();
  const asked = version ?? releases[releases.length - 1];
  if (parseVersion(asked) && compareVersions(asked, FIRST_QUADLET_RELEASE) < 0)
    return { quadlet: false, version: asked };
  const release = [...releases].reverse().find((r) => compareVersions(r, asked) <= 0) ?? releases[0];
  return { quadlet: true, version: asked, release, source: load().get(release)!.source };
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
