/** The compose kind (compose.yaml, docker-compose*.yml, or any YAML whose services look like compose's). */
import type { LintedKindDescriptor } from '../kindDescriptor';
import { COMPOSE_CERTAIN, looksLikeCompose } from './detection';
import { lintCompose } from './lint';
import { composeRules } from './rules';

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export const composeKind: LintedKindDescriptor = {
  name: 'compose',
  description: 'compose file (compose.yaml, docker-compose*.yml, or any YAML with services)',
  label: 'compose',
  languageIds: ['dockercompose', 'yaml'],
  byName: (path) => (COMPOSE_CERTAIN.test(base(path)) ? 'certain' : /\.ya?ml$/i.test(path) ? 'hint' : undefined),
  byContent: looksLikeCompose,
  byLanguage: (languageId) => languageId === 'dockercompose',
  standardInput: { probe: 'stdin.yaml' },
  lint: lintCompose,
  rules: composeRules.map((r) => r.meta),
  commentPrefix: '#',
  ignoreScope: 'line',
  targetsNote: () => 'no release-dependent checks',
};
