import type { Pitfall, RunEdit } from './types';
import { isCgroupRoot, underCgroup } from './mountPaths';
import { V2_UNVERIFIED } from './texts';

export const cgroupRoMountPitfall: Pitfall = {
  meta: {
    id: 'cgroup-ro-mount',
    summary: '/sys/fs/cgroup mounted read-only (a cgroup v1 recipe)',
    defaultSeverity: 'warning',
    explanation:
      `\`/sys/fs/cgroup:/sys/fs/cgroup:ro\` is the cgroup v1 recipe. On cgroup v2 the bind is the single unified ` +
      `hierarchy and \`:ro\` makes it read-only, so systemd cannot create its cgroups (\`Failed to create ` +
      `/init.scope control group: Read-only file system\`); ${V2_UNVERIFIED}. On cgroup v1 it boots, but \`:ro\` ` +
      `only makes the top directory read-only: the hierarchies below stay writable from the container (verified), so ` +
      `it protects nothing either. A writable sub-tree mounted below it (e.g. \`/sys/fs/cgroup/system.slice:rw\` ` +
      `with the host cgroup namespace) is accepted. The fix mounts it writable with the host cgroup namespace, which ` +
      `works on both versions.`,
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 14'],
  },
  check({ spec, vocabulary: v }) {
    // A writable sub-tree below a read-only root is a deliberate arrangement.
    const writableBelow = spec.mounts.some((m) => m.kind === 'bind' && underCgroup(m.target) && !m.readOnly);
    if (writableBelow) return [];
    return spec.mounts
      .filter((m) => m.kind === 'bind' && isCgroupRoot(m) && m.readOnly)
      .map((m) => ({
        pitfall: 'cgroup-ro-mount' as const,
        range: m.range,
        mount: m,
        message:
          '/sys/fs/cgroup is mounted read-only: that works on cgroup v1 hosts only; on cgroup v2 systemd fails with ' +
          `"Failed to create /init.scope control group: Read-only file system". Mount it :rw with ${v.cgroupHost} ` +
          `(works on both).`,
      }));
  },
  fix(report, _spec, w) {
    const edits: RunEdit[] = [{ op: 'make-writable', mount: report.mount! }];
    if (!report.hasCgroupHost) edits.push({ op: 'set-cgroupns-host' });
    return { title: `Mount /sys/fs/cgroup read-write with ${w.cgroupHost} (cgroup v1 and v2)`, edits, preferred: true };
  },
};
