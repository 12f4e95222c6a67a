import type { Pitfall } from './types';
import { hasCgroupRootBind, isCgroupRoot, underCgroup } from './mountPaths';
import { V2_UNVERIFIED } from './texts';

export const missingCgroupPitfall: Pitfall = {
  meta: {
    id: 'missing-cgroup',
    summary: 'systemd container without a writable cgroup',
    defaultSeverity: 'error',
    explanation:
      `systemd must find its cgroup and create \`init.scope\` and \`system.slice\` below it. An unprivileged ` +
      `container without a \`/sys/fs/cgroup\` mount cannot: on cgroup v1 Docker gives it no name=systemd hierarchy ` +
      `and PID 1 exits 255 (\`Failed to create /docker/<id>/init.scope control group: No such file or directory\`, ` +
      `verified), on cgroup v2 the cgroupfs is read-only (\`Failed to create /init.scope control group: Read-only ` +
      `file system\`). The arrangement that works on both is the host cgroupfs writable with the host cgroup ` +
      `namespace (\`cgroup: host\` / \`--cgroupns=host\` plus \`/sys/fs/cgroup:/sys/fs/cgroup:rw\`): verified on ` +
      `cgroup v1; ${V2_UNVERIFIED}. It gives the container write access to the host's cgroup tree. systemd 258 and ` +
      `newer refuse a cgroup v1 tree (\`Detected unsupported legacy cgroup hierarchy, refusing execution\`, measured ` +
      `with 262): on a hybrid cgroup v1 host bind the host's cgroup2 hierarchy instead, ` +
      `\`/sys/fs/cgroup/unified:/sys/fs/cgroup:rw\` with the host cgroup namespace, which this rule accepts as the ` +
      `cgroup mount and which boots 252, 257 and 262 there (\`systemd-container-lint preflight\` says which one a ` +
      `host needs).`,
    sources: [
      '../shared/design.md §1',
      'docs/verified-behaviour.md claim 14',
      'docs/run-profile.md (cgroup arrangements, measured)',
      'seed 001 (run flags and compose example)',
    ],
  },
  check({ spec, judgement, vocabulary: v, podmanMode, privileged, absenceKnown, anyDynamicMount }) {
    const cgroupMounts = spec.mounts.filter((m) => isCgroupRoot(m) || underCgroup(m.target));
    if (podmanMode || !absenceKnown || anyDynamicMount || privileged || cgroupMounts.length > 0) return [];
    return [
      {
        pitfall: 'missing-cgroup',
        message:
          `This container runs systemd (${judgement.why}) unprivileged without a /sys/fs/cgroup mount: systemd ` +
          'cannot create its cgroups (cgroup v1: no name=systemd hierarchy; cgroup v2: read-only cgroupfs) and ' +
          `exits. Add ${v.cgroupHost} and ${v.cgroupMount}, which works on both cgroup versions.`,
      },
    ];
  },
  fix(report, spec, w) {
    return {
      title: `Add ${w.cgroupHost} and a writable /sys/fs/cgroup mount (cgroup v1 and v2)`,
      edits: [
        ...(report.hasCgroupHost ? [] : [{ op: 'set-cgroupns-host' } as const]),
        ...(hasCgroupRootBind(spec) ? [] : [{ op: 'add-cgroup-bind' } as const]),
      ],
      preferred: true,
    };
  },
};
