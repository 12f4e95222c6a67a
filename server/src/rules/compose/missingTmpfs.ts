import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['missing-tmpfs'];

export const composeMissingTmpfs: ComposeRule = {
  meta: {
    id: 'SCT201',
    name: 'compose-missing-tmpfs',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} In a compose file: the \`tmpfs:\` key, or a volume of \`type: tmpfs\`.`,
    sources: text.sources,
    recipe: 'tmpfs: [/run, /run/lock]',
  },
  check(ctx) {
    return ctx.each('missing-tmpfs', (svc, report) => [fix(`Add tmpfs ${report.missingTmpfs!.join(', ')}`, ctx.tmpfsEdits(svc, report.missingTmpfs!), true)]);
  },
};
