/**
 * Debian packages whose services cannot start in an unprivileged container (a setting that insists
 * on a mount namespace, or PrivateUsers=), per release: generated from the packages by
 * scripts/gen-package-sandbox.ts into data/packageSandbox.json.
 */
import DATA from './data/packageSandbox.json';

export interface PackageUnit {
  unit: string;
  /** The unit's `Key=value` lines that fail there, as the package ships them. */
  settings: string[];
  /** Has an [Install] section: Debian enables and starts it on install. */
  enabled: boolean;
}

export interface PackageSandboxData {
  /** How many packages of each release were read. */
  packagesRead: Record<string, number>;
  releases: Record<string, Record<string, PackageUnit[]>>;
}

const data = DATA as PackageSandboxData;

export const PACKAGE_RELEASES = Object.keys(data.releases);

/** The Debian suite of a systemd release of ours (units/target.ts knows the base image's). */
export function suiteOfSystemd(systemdVersion: number | undefined): string {
  if (systemdVersion === 252) return 'bookworm';
  if (systemdVersion !== undefined && systemdVersion >= 262) return 'sid';
  return 'trixie';
}

/** The services of a package that fail in an unprivileged container, in a release (none when unknown). */
export function failingUnitsOf(pkg: string, suite: string): PackageUnit[] {
  return data.releases[suite]?.[pkg] ?? [];
}

export function packagesRead(suite: string): number {
  return data.packagesRead[suite] ?? 0;
}
