import type { Pitfall, RunEdit } from './types';
import { CGROUP, clean, hasCgroupRootBind } from './mountPaths';

export const cgroupV1PathMountPitfall: Pitfall = {
  meta: {
    id: 'cgroup-v1-path-mount',
    summary: 'mounts the cgroup v1 hierarchy /sys/fs/cgroup/systemd',
    defaultSeverity: 'warning',
    explanation:
      '`/sys/fs/cgroup/systemd` is the name=systemd hierarchy of cgroup v1 (and hybrid) hosts. Current hosts run ' +
      'cgroup v2, where that path is no hierarchy at all: the mount gives systemd nothing it can use, and a bind ' +
      "whose source is missing makes Docker create the directory, which inside the host's cgroup2 filesystem creates " +
      'a cgroup. Mount `/sys/fs/cgroup` itself (writable, with the host cgroup namespace), or nothing when the ' +
      'container is privileged.',
    sources: [
      '../shared/design.md §1',
      'docs/verified-behaviour.md environment (v1 hybrid layout: name=systemd at /sys/fs/cgroup/systemd)',
      'corpus README: compose_cgroup_v1_path_mount',
    ],
  },
  check({ spec, vocabulary: v, privileged }) {
    const isV1Path = (p: string | undefined) =>
      p !== undefined && (clean(p) === `${CGROUP}/systemd` || clean(p).startsWith(`${CGROUP}/systemd/`));
    return spec.mounts
      .filter((m) => m.kind !== 'tmpfs' && (isV1Path(m.source) || isV1Path(m.target)))
      .map((m) => ({
        pitfall: 'cgroup-v1-path-mount' as const,
        range: m.range,
        mount: m,
        message:
          `${m.source ?? m.target} is the cgroup v1 name=systemd hierarchy; it does not exist on cgroup v2 hosts. ` +
          (privileged
            ? 'A privileged container gets a writable cgroupfs without it.'
            : `Mount /sys/fs/cgroup itself with ${v.cgroupHost}.`),
      }));
  },
  fix(report, spec, w) {
    const mount = report.mount!;
    // Privileged, or with the cgroupfs already bound, the mount only has to go.
    if (spec.privileged?.value || hasCgroupRootBind(spec, mount)) {
      return {
        title: `Remove the ${mount.source ?? mount.target} mount`,
        edits: [{ op: 'remove-mount', mount }],
        preferred: true,
      };
    }
    const edits: RunEdit[] = [{ op: 'replace-with-cgroup-bind', mount }];
    if (!report.hasCgroupHost) edits.push({ op: 'set-cgroupns-host' });
    return {
      title: `Mount /sys/fs/cgroup read-write with ${w.cgroupHost} instead (cgroup v1 and v2)`,
      edits,
      preferred: true,
    };
  },
};
