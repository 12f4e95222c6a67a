import type { DockerfileRule } from '../ruleContext';
import { volumeEdit } from '../volumeEdit';

export const volumeCgroup: DockerfileRule = {
  meta: {
    id: 'SCT112',
    name: 'volume-cgroup',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'VOLUME /sys/fs/cgroup does not give systemd a cgroup',
    explanation:
      '`VOLUME ["/sys/fs/cgroup"]` creates an anonymous volume, an empty directory on the host\'s disk: it ' +
      'does not mount the cgroup filesystem, and on a run without a cgroup mount it hides the one the runtime ' +
      'provides. systemd needs the cgroupfs from the runtime (`-v /sys/fs/cgroup:/sys/fs/cgroup:ro` on cgroup ' +
      "v1, a writable cgroup on v2, Podman's systemd mode). It is a leftover of the old CentOS recipe.",
    sources: ['seed 003 article', '../shared/design.md §1', 'docs/verified-behaviour.md claim 8'],
    recipe: 'drop /sys/fs/cgroup from VOLUME; mount it at run time',
  },
  check(ctx) {
    return ctx.model.volumes
      .filter((v) => /^\/sys\/fs\/cgroup(\/|$)/.test(v.path.replace(/\/+$/, '')))
      .map((v) => ({
        range: v.range,
        message:
          `VOLUME ${v.path} creates an empty anonymous volume; it does not give systemd a cgroup filesystem ` +
          '(mount it at run time instead).',
        fixes: [volumeEdit(ctx, v.range, [v.path], `Remove ${v.path} from VOLUME`)],
      }));
  },
};
