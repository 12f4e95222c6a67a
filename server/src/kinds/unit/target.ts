/**
 * Which systemd and Podman release a unit-like file is judged for, and why: the release asked
 * for (CLI flag, editor setting or config file), else — "auto" — what a running container of the
 * unit's image says of itself (the editor asks it through the engine), the release of the image
 * the unit goes into where its base image says it (Debian's suites pin one systemd each), what a
 * running container of the unit's workspace says, else the newest release we have knowledge of.
 * Hover, the CLI's --verbose and the status bar show it.
 */
import { KNOWN_SYSTEMD_RELEASES, newestPodman, newestSystemd } from '../../core/targetVersions';
import type { UnitFileAccess } from './workspace';
import { imagesForUnit, normalizePath } from './workspace';
import { splitImageReference } from '../dockerfile/baseImages';
import type { ContainerReleases } from '../../../../shared/containerReleases';

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
const DEBIAN_SYSTEMD: Record<string, number> = {
  bookworm: 252,
  '12': 252,
  trixie: 257,
  '13': 257,
  sid: 262,
  unstable: 262,
};

/**
 * The systemd release a base image reference ships (or installs from its suite), when we know it and have its table.
 */
export function systemdReleaseOfImage(reference: string | null | undefined): number | undefined {
  if (!reference || reference.includes('$')) return undefined;
  const { path, tag } = splitImageReference(reference);
  if (!/(^|[/-])debian($|[/-])/.test(path)) return undefined;
  // debian:bookworm-slim, debian:12.8, debian:bookworm-20251117
  const suite = /^(bookworm|trixie|sid|unstable|\d+)/.exec(tag)?.[1];
  const release = suite ? DEBIAN_SYSTEMD[suite] : undefined;
  return release !== undefined && KNOWN_SYSTEMD_RELEASES.includes(release) ? release : undefined;
}

/** The key table a systemd version is judged with: the newest one not newer than it, else the oldest. */
export function systemdTableFor(version: number): number {
  return [...KNOWN_SYSTEMD_RELEASES].reverse().find((r) => r <= version) ?? KNOWN_SYSTEMD_RELEASES[0];
}

/** "5.4.2" → "5.4" (Quadlet's keys change with the minor release); undefined when it is not a version. */
export function podmanRelease(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

function within(path: string, folder: string): boolean {
  const p = normalizePath(path);
  const f = normalizePath(folder).replace(/\/$/, '');
  return p.startsWith(`${f}/`);
}

function systemdFrom(c: ContainerReleases, where: string): Target<number> {
  const release = systemdTableFor(c.systemd!);
  const table = release === c.systemd ? '' : `, judged with the systemd ${release} table`;
  return { release, reason: `auto: systemd ${c.systemd} in running container ${c.name}${where}${table}` };
}

function podmanFrom(c: ContainerReleases, where: string): Target<string> {
  return {
    release: podmanRelease(c.podman!)!,
    reason: `auto: Podman ${c.podman} in running container ${c.name}${where}`,
  };
}

export function resolveTargets(
  unitPath: string,
  asked: { systemdVersion?: number; podmanVersion?: string },
  access: UnitFileAccess | undefined,
  containers: readonly ContainerReleases[] = [],
): ResolvedTargets {
  // the images the unit goes into: for systemd's "auto", and for Podman's when a container may answer
  const wanted = asked.systemdVersion === undefined || (asked.podmanVersion === undefined && containers.length > 0);
  const images = access && wanted ? imagesForUnit(unitPath, access) : [];
  const dockerfiles = new Set(images.map((i) => normalizePath(i.dockerfile.path)));
  const ofImage = containers.filter((c) => c.dockerfile !== undefined && dockerfiles.has(normalizePath(c.dockerfile)));
  const inWorkspace = containers.filter((c) => c.workspaceFolder !== undefined && within(unitPath, c.workspaceFolder));
  const imageNote = (c: ContainerReleases) => ` (of the image ${c.dockerfile} builds)`;
  const workspaceNote = (c: ContainerReleases) =>
    ` (from ${c.dockerfile ?? 'this workspace'}, in the unit's workspace)`;

  let podman: Target<string> | undefined = asked.podmanVersion
    ? { release: asked.podmanVersion, reason: 'as configured' }
    : undefined;
  if (!podman) {
    const answered = (c: ContainerReleases) => c.podman !== undefined && podmanRelease(c.podman) !== undefined;
    const own = ofImage.find(answered);
    const near = inWorkspace.find(answered);
    podman = own ? podmanFrom(own, imageNote(own)) : near ? podmanFrom(near, workspaceNote(near)) : undefined;
  }
  podman ??= { release: newestPodman(), reason: 'auto: the newest release known' };

  if (asked.systemdVersion !== undefined)
    return { systemd: { release: asked.systemdVersion, reason: 'as configured' }, podman };
  const own = ofImage.find((c) => c.systemd !== undefined);
  if (own) return { systemd: systemdFrom(own, imageNote(own)), podman };
  for (const image of images) {
    const reference = image.dockerfile.model.base.reference;
    const release = systemdReleaseOfImage(reference);
    if (release !== undefined)
      return { systemd: { release, reason: `auto: the systemd of ${reference} (${image.dockerfile.path})` }, podman };
  }
  const near = inWorkspace.find((c) => c.systemd !== undefined);
  if (near) return { systemd: systemdFrom(near, workspaceNote(near)), podman };
  return { systemd: { release: newestSystemd(), reason: 'auto: the newest release known' }, podman };
}
