/**
 * systemd's system call groups per release, flattened to the names that release's libseccomp
 * resolves on x86-64 (generated from the real tools by scripts/gen-syscall-sets.py).
 */
import SETS from './data/syscallSets.json';

/** Releases whose groups and analyzer were measured; other versions use the nearest one below. */
export const MEASURED_RELEASES = Object.keys(SETS)
  .map(Number)
  .sort((a, b) => a - b);

export function measuredRelease(systemdVersion: number): number {
  let chosen = MEASURED_RELEASES[0];
  for (const release of MEASURED_RELEASES) if (release <= systemdVersion) chosen = release;
  return chosen;
}

export function syscallSets(systemdVersion: number): Record<string, string[]> {
  return (SETS as Record<string, Record<string, string[]>>)[String(measuredRelease(systemdVersion))];
}

/** The release scored when none is named: Debian stable's (trixie). */
export const DEFAULT_SYSTEMD_VERSION = 257;
