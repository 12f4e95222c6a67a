/**
 * The releases unit and Quadlet files are judged for: the systemd and Podman versions the
 * linter has knowledge of, and the parsing of the `systemdVersion` / `podmanVersion` settings,
 * CLI flags and config-file keys ("auto" or a known release). Unknown releases are refused with
 * the list of known ones, so a typo never silently means "the newest".
 */
import { quadletReleases } from '../knowledge/quadletKeys';

/** systemd releases with a key table (server/src/kinds/unit/knowledge/systemd-releases.json), oldest first. */
export const KNOWN_SYSTEMD_RELEASES: readonly number[] = [252, 257, 262];
/**
 * Podman releases with Quadlet knowledge, oldest first: those of the generated key tables
 * (quadletKeys.json, scripts/quadlet/generateKeys.ts), so a new release is one regeneration.
 */
export const KNOWN_PODMAN_RELEASES: readonly string[] = Object.freeze(quadletReleases());

export type VersionSetting<T> = T | 'auto';

export class VersionError extends Error {}

/** "252", 252, "auto" → 252 or 'auto'; anything else is a VersionError naming the known releases. */
export function parseSystemdVersion(value: unknown, source: string): VersionSetting<number> {
  if (value === undefined || value === null || value === '' || value === 'auto') return 'auto';
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!KNOWN_SYSTEMD_RELEASES.includes(n)) {
    throw new VersionError(
      `${source}: unknown systemd release "${text}" (known: ${KNOWN_SYSTEMD_RELEASES.join(', ')} or auto)`,
    );
  }
  return n;
}

/** "5.4", "5.4.2" (the patch level does not change Quadlet's keys), "auto" → "5.4" or 'auto'. */
export function parsePodmanVersion(value: unknown, source: string): VersionSetting<string> {
  if (value === undefined || value === null || value === '' || value === 'auto') return 'auto';
  const text = String(value).trim();
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text);
  const release = m ? `${Number(m[1])}.${Number(m[2])}` : '';
  // a release before Quadlet (4.4) is known too: its Quadlet files are told that nothing reads them
  if (m && (Number(m[1]) < 4 || (Number(m[1]) === 4 && Number(m[2]) < 4))) return release;
  if (!KNOWN_PODMAN_RELEASES.includes(release)) {
    const known = `${KNOWN_PODMAN_RELEASES.join(', ')}, a release before 4.4 (no Quadlet) or auto`;
    throw new VersionError(`${source}: unknown Podman release "${text}" (known: ${known})`);
  }
  return release;
}

export function newestSystemd(): number {
  return KNOWN_SYSTEMD_RELEASES[KNOWN_SYSTEMD_RELEASES.length - 1];
}

export function newestPodman(): string {
  return KNOWN_PODMAN_RELEASES[KNOWN_PODMAN_RELEASES.length - 1];
}

/** The first of the given settings that is not "auto" (flag or editor setting before the config file). */
export function firstExplicit<T>(...settings: (VersionSetting<T> | undefined)[]): T | undefined {
  for (const s of settings) if (s !== undefined && s !== 'auto') return s;
  return undefined;
}
