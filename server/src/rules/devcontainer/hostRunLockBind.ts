import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['host-run-lock-bind'];

export const devcontainerHostRunLockBind: DevcontainerRule = {
  meta: {
    id: 'SCT259',
    name: 'devcontainer-host-run-lock-bind',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: '"runArgs": ["--tmpfs=/run", "--tmpfs=/run/lock"] instead of binding the host directories',
  },
  check(ctx) {
    return ctx.each('host-run-lock-bind', (report) => {
      const mount = report.mount!;
      const target = mount.target.replace(/\/+$/, '').replace(/^\/var\/run/, '/run');
      const hasTmpfs = ctx.file.spec.mounts.some((m) => m.kind === 'tmpfs' && m.target.replace(/\/+$/, '') === target);
      const deletion = ctx.deleteMount(mount);
      if (!deletion.length) return [];
      return [fix(`Replace the bind with a tmpfs on ${target}`, [...deletion, ...(hasTmpfs ? [] : ctx.tmpfsEdits([target]))], true)];
    });
  },
};
