import type { MountSpec } from '../../../../shared/runSpec';
import { CGROUP, clean, isCgroupRoot } from './mountPaths';
import type { Pitfall } from './types';

const CGROUP_PATH = /^\/sys\/fs\/cgroup(\/|$)/;

/**
 * A hybrid cgroup v1 host's cgroup2 hierarchy bound as the container's /sys/fs/cgroup: what the
 * run profile does for Podman there when the image's systemd is 258 or later, which refuses the
 * v1 tree Podman mounts (docs/run-profile.md). Removing it would stop that boot.
 */
const isHybridWorkaround = (m: MountSpec): boolean =>
  m.source !== undefined && clean(m.source) === `${CGROUP}/unified` && isCgroupRoot(m);

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
      'recipes for cgroup v1. One bind is a workaround rather than a leftover: on a hybrid cgroup v1 host, ' +
      "the host's cgroup2 hierarchy `/sys/fs/cgroup/unified` bound as `/sys/fs/cgroup` is what lets systemd 258 " +
      'and later boot under Podman, which mounts a v1 tree there that they refuse; the finding then says so and ' +
      'offers no removal.',
    sources: [
      'podman-run(1) (podman 5.4): --systemd ("On cgroup v2, /sys/fs/cgroup is mounted writeable")',
      'docs/run-profile.md: Podman on a v1 hybrid host with systemd ≥ 258 (measured with Podman 4.3.1 and systemd 262)',
    ],
  },
  check({ spec }) {
    if (spec.engine !== 'podman') return [];
    return spec.mounts
      .filter((m) => m.kind !== 'tmpfs' && m.source !== undefined && CGROUP_PATH.test(m.source))
      .map((m) => ({
        pitfall: 'cgroup-bind-mount' as const,
        range: m.range,
        mount: m,
        ...(isHybridWorkaround(m)
          ? {
              message:
                `Binding the host's ${m.source} as /sys/fs/cgroup gives the container the host's whole cgroup2 ` +
                'hierarchy, writable: keep it only on a hybrid cgroup v1 host, for systemd 258 or later.',
              detail:
                "On a hybrid host Podman mounts a cgroup v1 tree, which systemd 258 and later refuse; the host's " +
                'cgroup2 hierarchy instead lets it boot. On cgroup v2, which Quadlet requires, the source does not ' +
                'exist and systemd mode needs no mount.',
            }
          : {
              message:
                `Bind-mounting the host's ${m.source} replaces the cgroup filesystem Podman gives the container: ` +
                `remove the mount.`,
              detail:
                'Podman gives the container its own cgroup namespace, writable in systemd mode. ' +
                "Read-only, the host's breaks systemd; read-write, it exposes the host's cgroups.",
            }),
      }));
  },
  // The hybrid-host workaround has no fix: removing it stops systemd 258+ from booting there.
  fix: (report) =>
    isHybridWorkaround(report.mount!)
      ? undefined
      : {
          title: `Remove the ${report.mount!.source} mount`,
          edits: [{ op: 'remove-mount', mount: report.mount! }],
          preferred: false,
        },
};
