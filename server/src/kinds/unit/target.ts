/**
 * Which systemd and Podman release a unit-like file is judged for, and why: the release asked
 * for (CLI flag, editor setting or config file), else — "auto" — the release of the image the
 * unit goes into where its base image says it (Debian's suites pin one systemd each), else the
 * newest release we have knowledge of. Hover, the CLI's --verbose and the status bar show it.
 */
import { KNOWN_SYSTEMD_RELEASES, newestPodman, newestSystemd } from '../../core/targetVersions';
import type { UnitFileAccess } from './workspace';
import { imagesForUnit } from './workspace';
import { splitImageReference } from '../dockerfile/baseImages';

export interface Target<T> {
  release: T;
  /** Why this release: "asked for", "image debian:bookworm (Dockerfile)", "newest known". */
  reason: string;
}

export interface ResolvedTargets {
  systemd: Target<number>;
  podman: Target<string>;
}

/**
 * systemd of Debian's images by suite (and its version number), as installed in that suite's
 * chroot by .ci/chroots-setup.sh; derived images named after the suite count too
 * (`sct/debian-systemd:bookworm`, `jrei/systemd-debian:12`).
 */
const DEBIAN_SYSTEMD: Record<string, number> = { bookworm: 252, '12': 252, trixie: 257, '13': 257, sid: 262, unstable: 262 };

/** The systemd release a base image reference ships (or installs from its suite), when we know it and have its table. */
export function systemdReleaseOfImage(reference: string | null | undefined): number | undefined {
  if (!reference || reference.includes('$')) return undefined;
  const { path, tag } = splitImageReference(reference);
  if (!/(^|[/-])debian($|[/-])/.test(path)) return undefined;
  // debian:bookworm-slim, debian:12.8, debian:bookworm-20251117
  const suite = /^(bookworm|trixie|sid|unstable|\d+)/.exec(tag)?.[1];
  const release = suite ? DEBIAN_SYSTEMD[suite] : undefined;
  return release !== undefined && KNOWN_SYSTEMD_RELEASES.includes(release) ? release : undefined;
}

export function resolveTargets(unitPath: string, asked: { systemdVersion?: number; podmanVersion?: string }, access: UnitFileAccess | undefined): ResolvedTargets {
  const podman: Target<string> = asked.podmanVersion ? { release: asked.podmanVersion, reason: 'as configured' } : { release: newestPodman(), reason: 'auto: the newest release known' };
  if (asked.systemdVersion !== undefined) return { systemd: { release: asked.systemdVersion, reason: 'as configured' }, podman };
  if (access) {
    for (const image of imagesForUnit(unitPath, access)) {
      const reference = image.dockerfile.model.base.reference;
      const release = systemdReleaseOfImage(reference);
      if (release !== undefined) return { systemd: { release, reason: `auto: the systemd of ${reference} (${image.dockerfile.path})` }, podman };
    }
  }
  return { systemd: { release: newestSystemd(), reason: 'auto: the newest release known' }, podman };
}
