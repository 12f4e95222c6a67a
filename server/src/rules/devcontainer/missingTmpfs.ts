import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['missing-tmpfs'];

export const devcontainerMissingTmpfs: DevcontainerRule = {
  meta: {
    id: 'SCT251',
    name: 'devcontainer-missing-tmpfs',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} In devcontainer.json: \`--tmpfs\` in \`runArgs\`, or a \`type=tmpfs\` mount.`,
    sources: text.sources,
    recipe: '"runArgs": ["--tmpfs=/run", "--tmpfs=/run/lock"]',
  },
  check(ctx) {
    return ctx.each('missing-tmpfs', (report) => [fix(`Add --tmpfs ${report.missingTmpfs!.join(', ')} to runArgs`, ctx.tmpfsEdits(report.missingTmpfs!), true)]);
  },
};
