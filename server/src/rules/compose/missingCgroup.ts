import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['missing-cgroup'];

export const composeMissingCgroup: ComposeRule = {
  meta: {
    id: 'SCT202',
    name: 'compose-missing-cgroup',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} The \`cgroup\` key needs Docker Compose v2 (the Compose Specification).`,
    sources: [...text.sources, 'Compose Specification: services.cgroup'],
    recipe: 'cgroup: host + volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
  },
  check(ctx) {
    return ctx.each('missing-cgroup', (svc) => [fix('Add cgroup: host and a writable /sys/fs/cgroup mount (cgroup v1 and v2)', ctx.cgroupEdits(svc), true)]);
  },
};
