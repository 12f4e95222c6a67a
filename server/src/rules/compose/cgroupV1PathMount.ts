import { isCgroupRoot, PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['cgroup-v1-path-mount'];

export const composeCgroupV1PathMount: ComposeRule = {
  meta: {
    id: 'SCT206',
    name: 'compose-cgroup-v1-path-mount',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: 'cgroup: host + /sys/fs/cgroup:/sys/fs/cgroup:rw (or nothing when privileged)',
  },
  check(ctx) {
    return ctx.each('cgroup-v1-path-mount', (svc, report) => {
      const spec = svc.service.spec;
      const mount = report.mount!;
      const hasRoot = spec.mounts.some((m) => m !== mount && m.kind === 'bind' && isCgroupRoot(m));
      if (spec.privileged?.value || hasRoot) return [fix(`Remove the ${mount.source ?? mount.target} mount`, ctx.deleteMount(svc, mount), true)];
      const replaced = ctx.replaceMount(svc, mount, '/sys/fs/cgroup:/sys/fs/cgroup:rw');
      if (!replaced.length) return [];
      return [fix('Mount /sys/fs/cgroup read-write with cgroup: host instead (cgroup v1 and v2)', [...replaced, ...ctx.cgroupHostEdits(svc)], true)];
    });
  },
};
