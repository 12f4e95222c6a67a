import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['cgroup-rw-without-cgroupns-host'];

export const devcontainerCgroupRwWithoutCgroupnsHost: DevcontainerRule = {
  meta: {
    id: 'SCT255',
    name: 'devcontainer-cgroup-rw-without-cgroupns-host',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: '"runArgs": ["--cgroupns=host"]',
  },
  check(ctx) {
    return ctx.each('cgroup-rw-without-cgroupns-host', () => [fix('Add --cgroupns=host to runArgs', ctx.cgroupHostEdits(), true)]);
  },
};
