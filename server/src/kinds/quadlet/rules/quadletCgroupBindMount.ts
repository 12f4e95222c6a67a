import type { UnitFileRule } from '../../unit/ruleContext';
import { mounts } from '../podmanArgs';
import { wordsRange } from '../podmanEdits';

const CGROUP_PATH = /^\/sys\/fs\/cgroup(\/|$)/;

export const quadletCgroupBindMount: UnitFileRule = {
  meta: {
    id: 'SCT502',
    name: 'quadlet-cgroup-bind-mount',
    kind: 'quadlet',
    defaultSeverity: 'warning',
    summary: 'the host /sys/fs/cgroup bind-mounted into a Quadlet container',
    explanation:
      'Podman gives every container its own cgroup namespace and mounts `/sys/fs/cgroup` itself; in systemd mode ' +
      '(`--systemd`, automatic when the command is `/sbin/init` or `systemd`) it is mounted writable on cgroup v2 ' +
      "(podman-run(1)). Binding the host's `/sys/fs/cgroup` over it shows the container the host's whole " +
      'hierarchy — read-only it breaks systemd (`Failed to create /init.scope control group: Read-only file ' +
      "system`), read-write it lets the container manage the host's cgroups. It is a leftover of Docker " +
      'recipes for cgroup v1; Quadlet requires cgroup v2 (podman-systemd.unit(5)). Remove the mount, and ' +
      'run systemd images in systemd mode.',
    sources: [
      'podman-run(1) (podman 5.4): --systemd ("On cgroup v2, /sys/fs/cgroup is mounted writeable")',
      'podman-systemd.unit(5) (podman 5.4): "Quadlet requires the use of cgroup v2"',
      '../shared/design.md §1',
    ],
    recipe: 'no /sys/fs/cgroup mount (Podman provides it)',
  },
  appliesTo: (doc) => doc.fileType === 'quadlet-container',
  check(ctx) {
    return mounts(ctx)
      .filter((m) => CGROUP_PATH.test(m.source))
      .map((m) => ({
        range: m.words ? wordsRange(m.words) : m.entry.range,
        message:
          `Bind-mounting the host's ${m.source} replaces the cgroup filesystem Podman gives the container: ` +
          `remove the mount.`,
        detail:
          "Podman gives the container its own cgroup namespace, writable in systemd mode. Read-only, the host's " +
          "breaks systemd; read-write, it exposes the host's cgroups.",
        fixes: m.words ? [] : [{ title: `Remove the ${m.source} mount`, edits: [ctx.deleteEntry(m.entry)] }],
      }));
  },
};
