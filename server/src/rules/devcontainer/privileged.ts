import { isCgroupRoot, PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT.privileged;

export const devcontainerPrivileged: DevcontainerRule = {
  meta: {
    id: 'SCT253',
    name: 'devcontainer-privileged',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: '--tmpfs /run, --tmpfs /run/lock, --cgroupns=host and a /sys/fs/cgroup bind instead of "privileged": true',
  },
  check(ctx) {
    return ctx.each('privileged', () => {
      const spec = ctx.file.spec;
      // Only `"privileged": true` is rewritten here; a --privileged in runArgs is left to the user.
      const tmpfs = new Set(spec.mounts.filter((m) => m.kind === 'tmpfs').map((m) => m.target));
      const missing = ['/run', '/run/lock'].filter((d) => !tmpfs.has(d)).map((d) => `--tmpfs=${d}`);
      const hasRoot = spec.mounts.some((m) => m.kind === 'bind' && isCgroupRoot(m));
      const removal = ctx.removePrivileged();
      if (!removal.length) return [];
      const rest = hasRoot ? ctx.runArgsEdits([...missing, ...(spec.cgroupns?.value === 'host' ? [] : ['--cgroupns=host'])]) : ctx.cgroupEdits(missing);
      return [fix('Replace "privileged": true with --tmpfs, --cgroupns=host and a writable /sys/fs/cgroup mount', [...removal, ...rest])];
    });
  },
};
