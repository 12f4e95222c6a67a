import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { isCgroupRoot } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT.privileged;

export const composePrivileged: ComposeRule = {
  meta: {
    id: 'SCT203',
    name: 'compose-privileged',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: 'tmpfs: [/run, /run/lock] + cgroup: host + /sys/fs/cgroup:/sys/fs/cgroup:rw instead of privileged: true',
  },
  check(ctx) {
    return ctx.each('privileged', (svc) => {
      const pair = ctx.ownPrivileged(svc);
      if (!pair) return [];
      const spec = svc.service.spec;
      const tmpfs = new Set(spec.mounts.filter((m) => m.kind === 'tmpfs').map((m) => m.target));
      const missing = ['/run', '/run/lock'].filter((d) => !tmpfs.has(d));
      const hasRoot = spec.mounts.some((m) => m.kind === 'bind' && isCgroupRoot(m));
      const edits = [ctx.deletePair(pair), ...ctx.tmpfsEdits(svc, missing, [pair]), ...(hasRoot ? ctx.cgroupHostEdits(svc, [pair]) : ctx.cgroupEdits(svc, [pair]))];
      return [fix('Replace privileged: true with tmpfs, cgroup: host and a writable /sys/fs/cgroup mount', edits)];
    });
  },
};
