import { isCgroupRoot, PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['cgroup-v1-path-mount'];

export const devcontainerCgroupV1PathMount: DevcontainerRule = {
  meta: {
    id: 'SCT256',
    name: 'devcontainer-cgroup-v1-path-mount',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: '--cgroupns=host and a writable /sys/fs/cgroup bind (or nothing when privileged)',
  },
  check(ctx) {
    return ctx.each('cgroup-v1-path-mount', (report) => {
      const spec = ctx.file.spec;
      const mount = report.mount!;
      const deletion = ctx.deleteMount(mount);
      if (!deletion.length) return [];
      const hasRoot = spec.mounts.some((m) => m !== mount && m.kind === 'bind' && isCgroupRoot(m));
      if (spec.privileged?.value || hasRoot) return [fix(`Remove the ${mount.source ?? mount.target} mount`, deletion, true)];
      return [fix('Mount /sys/fs/cgroup read-write with --cgroupns=host instead (cgroup v1 and v2)', [...deletion, ...ctx.cgroupEdits()], true)];
    });
  },
};
