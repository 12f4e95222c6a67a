import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['missing-cgroup'];

export const devcontainerMissingCgroup: DevcontainerRule = {
  meta: {
    id: 'SCT252',
    name: 'devcontainer-missing-cgroup',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: '"runArgs": ["--cgroupns=host"], "mounts": ["source=/sys/fs/cgroup,target=/sys/fs/cgroup,type=bind"]',
  },
  check(ctx) {
    return ctx.each('missing-cgroup', () => [fix('Add --cgroupns=host and a writable /sys/fs/cgroup mount (cgroup v1 and v2)', ctx.cgroupEdits(), true)]);
  },
};
