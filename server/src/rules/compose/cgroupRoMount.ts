import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['cgroup-ro-mount'];

export const composeCgroupRoMount: ComposeRule = {
  meta: {
    id: 'SCT204',
    name: 'compose-cgroup-ro-mount',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: 'cgroup: host + /sys/fs/cgroup:/sys/fs/cgroup:rw',
  },
  check(ctx) {
    return ctx.each('cgroup-ro-mount', (svc, report) => {
      const edits = ctx.makeWritable(svc, report.mount!);
      if (!edits.length) return [];
      return [fix('Mount /sys/fs/cgroup read-write with cgroup: host (cgroup v1 and v2)', [...edits, ...ctx.cgroupHostEdits(svc)], true)];
    });
  },
};
