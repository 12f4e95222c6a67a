import { PITFALL_TEXT } from '../../runspec/pitfalls';
import { fix, type DevcontainerRule } from './context';

const text = PITFALL_TEXT['missing-container-env'];

export const devcontainerMissingContainerEnv: DevcontainerRule = {
  meta: {
    id: 'SCT258',
    name: 'devcontainer-missing-container-env',
    kind: 'devcontainer',
    defaultSeverity: text.defaultSeverity,
    summary: text.summary,
    explanation: `${text.explanation} A devcontainer built from a Dockerfile is judged from that Dockerfile.`,
    sources: text.sources,
    recipe: '"containerEnv": {"container": "docker"}',
  },
  check(ctx) {
    return ctx.each('missing-container-env', () => [fix('Add container=docker to containerEnv', ctx.containerEnvEdits(), true)]);
  },
};
