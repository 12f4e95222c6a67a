import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['cgroup-rw-without-cgroupns-host'];

export const composeCgroupRwWithoutCgroupnsHost: ComposeRule = {
  meta: {
    id: 'SCT205',
    name: 'compose-cgroup-rw-without-cgroupns-host',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} The \`cgroup\` key needs Docker Compose v2 (the Compose Specification).`,
    sources: [...text.sources, 'Compose Specification: services.cgroup'],
    recipe: 'cgroup: host',
  },
  check(ctx) {
    return ctx.each('cgroup-rw-without-cgroupns-host', (svc) => [fix('Add cgroup: host', ctx.cgroupHostEdits(svc), true)]);
  },
};
