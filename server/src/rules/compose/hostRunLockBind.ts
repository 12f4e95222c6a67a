import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['host-run-lock-bind'];

export const composeHostRunLockBind: ComposeRule = {
  meta: {
    id: 'SCT209',
    name: 'compose-host-run-lock-bind',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: text.explanation,
    sources: text.sources,
    recipe: 'tmpfs: [/run, /run/lock] instead of binding the host directories',
  },
  check(ctx) {
    return ctx.each('host-run-lock-bind', (svc, report) => {
      const mount = report.mount!;
      const target = mount.target.replace(/\/+$/, '').replace(/^\/var\/run/, '/run');
      const hasTmpfs = svc.service.spec.mounts.some((m) => m.kind === 'tmpfs' && m.target.replace(/\/+$/, '') === target);
      const deletion = ctx.deleteMount(svc, mount);
      if (!deletion.length) return [];
      return [fix(`Replace the bind with a tmpfs on ${target}`, [...deletion, ...(hasTmpfs ? [] : ctx.tmpfsEdits(svc, [target]))], true)];
    });
  },
};
