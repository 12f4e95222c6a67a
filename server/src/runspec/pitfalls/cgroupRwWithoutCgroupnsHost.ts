import type { Pitfall } from './types';
import { CGROUP, clean, isCgroupRoot } from './mountPaths';

export const cgroupRwWithoutCgroupnsHostPitfall: Pitfall = {
  meta: {
    id: 'cgroup-rw-without-cgroupns-host',
    summary: 'writable host cgroupfs without the host cgroup namespace',
    defaultSeverity: 'warning',
    explanation:
      `In a private cgroup namespace the container's systemd takes the bind-mounted host \`/sys/fs/cgroup\` for its ` +
      `own and creates \`init.scope\` and \`system.slice\` at the root of the host's hierarchy, managing the host's ` +
      `cgroup tree instead of its own sub-tree (verified with a private namespace on cgroup v1). Docker uses a ` +
      `private namespace by default on cgroup v2 hosts; on cgroup v1 its default is the host namespace. With the ` +
      `host namespace systemd stays below the container's own cgroup.`,
    sources: [
      'docs/verified-behaviour.md claim 14',
      'docs/verified-behaviour.md corrections 1',
      '../shared/design.md §1',
    ],
  },
  check({ spec, vocabulary: v, hasCgroupHost, absenceKnown }) {
    if (hasCgroupHost || !absenceKnown) return [];
    return spec.mounts
      .filter((m) => m.kind === 'bind' && isCgroupRoot(m) && !m.readOnly && clean(m.source ?? '') === CGROUP)
      .map((m) => ({
        pitfall: 'cgroup-rw-without-cgroupns-host' as const,
        range: m.range,
        mount: m,
        message:
          `The host's /sys/fs/cgroup is mounted writable without ${v.cgroupHost}: in a private cgroup namespace ` +
          `(Docker's default on cgroup v2) systemd creates its cgroups at the root of the host's hierarchy. Add ` +
          `${v.cgroupHost}.`,
      }));
  },
  fix(_report, _spec, w) {
    return { title: `Add ${w.cgroupHost}${w.optionsPlace}`, edits: [{ op: 'set-cgroupns-host' }], preferred: true };
  },
};
