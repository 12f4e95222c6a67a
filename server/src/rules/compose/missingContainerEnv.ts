import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type ComposeRule } from './context';

const text = PITFALL_TEXT['missing-container-env'];

export const composeMissingContainerEnv: ComposeRule = {
  meta: {
    id: 'SCT208',
    name: 'compose-missing-container-env',
    kind: 'compose',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} A service built from a Dockerfile in the workspace is judged from that Dockerfile ` + `(its ENV and its base image); an \`env_file\` may set it, so the rule stays silent then.`,
    sources: text.sources,
    recipe: 'environment: [container=docker]',
  },
  check(ctx) {
    return ctx.each('missing-container-env', (svc) => [fix('Add container=docker to environment', ctx.containerEnvEdits(svc), true)]);
  },
};
