/**
 * The host's cgroup layout, which the engine's API does not tell: Docker reports
 * `CgroupVersion: 1` for pure v1 and for hybrid hosts alike, and only a hybrid host has the
 * cgroup2 hierarchy at /sys/fs/cgroup/unified that boots systemd ≥ 258 (runProfile.ts).
 *
 * Asked of the engine itself, so it is right for remote engines too: a container that never
 * starts is created with that path as a bind source (`Mounts`, which, unlike `-v`, refuses a
 * missing source instead of creating it). Kept per engine connection for the session.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { toEngineError } from './errors';
import type { CgroupLayout, EngineFacts } from './facts';
import { UNIFIED_SOURCE } from './runProfile';
import { removeInBackground } from './probeRemovals';

export interface LayoutProbeOptions {
  endpoint?: Endpoint;
  labels?: Record<string, string>;
  /** Remove the probe container in the background (probeRemovals.ts). */
  deferRemoval?: boolean;
}

const layouts = new WeakMap<Docker, CgroupLayout>();

/**
 * True for the engine's answer to a bind whose source does not exist. Docker refuses it; Podman
 * tries to create the source, which on a cgroup v1 host fails: systemd mounts /sys/fs/cgroup
 * read-only (measured with Podman 4.3.1: "mkdir /sys/fs/cgroup/…: read-only file system").
 */
export function isMissingBindSource(e: unknown): boolean {
  return /bind source path does not exist|no such file or directory|mkdir \S+: read-only file system/i.test(
    String((e as { json?: { message?: string }; message?: string })?.json?.message ?? (e as Error)?.message ?? e),
  );
}

/**
 * `unified` on cgroup v2 engines (from the API), `hybrid` or `legacy` on v1 engines, Docker and
 * Podman (probed with a throwaway container made from `image`, which must exist), undefined for
 * engines that report no cgroup version.
 */
export async function probeCgroupLayout(
  docker: Docker,
  facts: EngineFacts,
  image: string,
  options: LayoutProbeOptions = {},
): Promise<CgroupLayout | undefined> {
  if (facts.cgroupVersion === undefined) return undefined;
  if (facts.cgroupVersion === 2) return 'unified';
  const known = layouts.get(docker);
  if (known) return known;
  let container: Docker.Container | undefined;
  let layout: CgroupLayout;
  try {
    container = await docker.createContainer({
      Image: image,
      Entrypoint: ['/sct-probe-never-started'],
      Cmd: [],
      NetworkDisabled: true,
      Labels: { 'sct.probe': 'cgroup-layout', ...(options.labels ?? {}) },
      HostConfig: { Mounts: [{ Type: 'bind', Source: UNIFIED_SOURCE, Target: '/sct-probe-cgroup2', ReadOnly: true }] },
    });
    layout = 'hybrid';
  } catch (e) {
    if (!isMissingBindSource(e)) throw toEngineError(e, options.endpoint);
    layout = 'legacy';
  } finally {
    const made = container;
    if (made && options.deferRemoval) removeInBackground(() => made.remove({ force: true }));
    else if (made) await made.remove({ force: true }).catch(() => undefined);
  }
  layouts.set(docker, layout);
  return layout;
}

/** The facts with `cgroupLayout` filled in (a copy; the input is not changed). */
export async function withCgroupLayout(
  docker: Docker,
  facts: EngineFacts,
  image: string,
  options: LayoutProbeOptions = {},
): Promise<EngineFacts> {
  if (facts.cgroupLayout) return facts;
  const layout = await probeCgroupLayout(docker, facts, image, options);
  return layout ? { ...facts, cgroupLayout: layout } : facts;
}
