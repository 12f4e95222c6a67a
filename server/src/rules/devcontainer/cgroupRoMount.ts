import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, writableMountText, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['cgroup-ro-mount'];

export const devcontainerCgroupRoMount: DevcontainerRule = {
  meta: {
    id: 'SCT254',
    name: 'devcontainer-cgroup-ro-mount',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: '"runArgs": ["--cgroupns=host"] with a writable /sys/fs/cgroup bind',
  },
  check(ctx) {
    return ctx.each('cgroup-ro-mount', (report) => {
      const edits = ctx.rewriteValue(report.mount!.range, writableMountText);
      return edits.length ? [fix('Mount /sys/fs/cgroup read-write with --cgroupns=host (cgroup v1 and v2)', [...edits, ...ctx.cgroupHostEdits()], true)] : [];
    });
  },
};
