/** Path tests on mounts that several pitfalls share. */
import type { MountSpec, RunSpec } from '../../../../shared/runSpec';

export const CGROUP = '/sys/fs/cgroup';
export const RUN_DIRS = new Set(['/run', '/run/lock', '/var/run', '/var/run/lock']);

/** A path without trailing slashes (`/` stays). */
export const clean = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

export function isCgroupRoot(m: MountSpec): boolean {
  return clean(m.target) === CGROUP;
}

export function underCgroup(p: string | undefined): boolean {
  return p !== undefined && clean(p).startsWith(`${CGROUP}/`);
}

/** A bind of /sys/fs/cgroup itself (other than `except`). */
export function hasCgroupRootBind(spec: RunSpec, except?: MountSpec): boolean {
  return spec.mounts.some((m) => m !== except && m.kind === 'bind' && isCgroupRoot(m));
}

/** The tmpfs targets a fix replacing privileged mode adds (as written: no path cleaning). */
export function missingRunTmpfs(spec: RunSpec): string[] {
  const tmpfs = new Set(spec.mounts.filter((m) => m.kind === 'tmpfs').map((m) => m.target));
  return ['/run', '/run/lock'].filter((d) => !tmpfs.has(d));
}
