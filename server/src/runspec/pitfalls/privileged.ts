import type { Pitfall, RunEdit } from './types';
import { hasCgroupRootBind, missingRunTmpfs } from './mountPaths';

export const privilegedPitfall: Pitfall = {
  meta: {
    id: 'privileged',
    summary: 'privileged is broader than systemd needs',
    defaultSeverity: 'info',
    explanation:
      'Privileged mode gives the container every capability, all host devices and a writable `/sys`. systemd needs ' +
      'far less: tmpfs on `/run` and `/run/lock` and a writable cgroup, which an unprivileged container gets from ' +
      "tmpfs mounts and the host cgroup namespace with the cgroupfs bind. With the host's `/dev/tty*` and a writable " +
      '`/sys`, the gettys and udev of an image that does not mask them meet their start conditions and would run on ' +
      "the host's terminals and devices (inferred from those conditions: privileged containers could not be run on " +
      "this project's test host). On hosts whose capability bounding set is reduced, privileged containers cannot " +
      'start at all (`unable to apply caps: operation not permitted`). The quick fix replaces it with the narrower ' +
      'set; keep it if the service needs privileges for something else.',
    sources: [
      '../shared/design.md §1',
      'docs/verified-behaviour.md claim 5',
      'docs/verified-behaviour.md corrections 3',
    ],
  },
  check({ spec, vocabulary: v, privileged: isPrivileged }) {
    if (!isPrivileged) return [];
    return [
      {
        pitfall: 'privileged',
        range: spec.privileged!.range,
        message: `Privileged mode is more than systemd needs: use ${v.tmpfs}, ${v.cgroupHost} and ${v.cgroupMount}.`,
        detail:
          "Those are enough for systemd, without the host's devices and every capability that privileged mode gives.",
      },
    ];
  },
  fix(report, spec, w) {
    const tmpfs = missingRunTmpfs(spec);
    const edits: RunEdit[] = [{ op: 'remove-privileged' }];
    if (tmpfs.length) edits.push({ op: 'add-tmpfs', targets: tmpfs });
    if (!report.hasCgroupHost) edits.push({ op: 'set-cgroupns-host' });
    if (!hasCgroupRootBind(spec)) edits.push({ op: 'add-cgroup-bind' });
    return {
      title: `Replace ${w.privileged} with ${w.tmpfs}, ${w.cgroupHost} and a writable /sys/fs/cgroup mount`,
      edits,
      preferred: false,
    };
  },
};
