import type { Pitfall } from './types';

const CGROUP_PATH = /^\/sys\/fs\/cgroup(\/|$)/;

/** The host's cgroupfs bound into a Podman container, which has its own (systemd or not). */
export const cgroupBindMountPitfall: Pitfall = {
  meta: {
    id: 'cgroup-bind-mount',
    scope: 'every-container',
    summary: 'the host /sys/fs/cgroup bind-mounted into a Podman container',
    defaultSeverity: 'warning',
    explanation:
      'Podman gives every container its own cgroup namespace and mounts `/sys/fs/cgroup` itself; in systemd mode ' +
      '(`--systemd`, automatic when the command is `/sbin/init` or `systemd`) it is mounted writable on cgroup v2 ' +
      "(podman-run(1)). Binding the host's `/sys/fs/cgroup` over it shows the container the host's whole " +
      'hierarchy — read-only it breaks systemd (`Failed to create /init.scope control group: Read-only file ' +
      "system`), read-write it lets the container manage the host's cgroups. It is a leftover of Docker " +
      'recipes for cgroup v1.',
    sources: ['podman-run(1) (podman 5.4): --systemd ("On cgroup v2, /sys/fs/cgroup is mounted writeable")'],
  },
  check({ spec }) {
    if (spec.engine !== 'podman') return [];
    return spec.mounts
      .filter((m) => m.kind !== 'tmpfs' && m.source !== undefined && CGROUP_PATH.test(m.source))
      .map((m) => ({
        pitfall: 'cgroup-bind-mount' as const,
        range: m.range,
        mount: m,
        message:
          `Bind-mounting the host's ${m.source} replaces the cgroup filesystem Podman gives the container: ` +
          `remove the mount.`,
        detail:
          "Podman gives the container its own cgroup namespace, writable in systemd mode. Read-only, the host's " +
          "breaks systemd; read-write, it exposes the host's cgroups.",
      }));
  },
  fix: (report) => ({
    title: `Remove the ${report.mount!.source} mount`,
    edits: [{ op: 'remove-mount', mount: report.mount! }],
    preferred: false,
  }),
};
