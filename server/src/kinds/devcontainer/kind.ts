/** The devcontainer.json kind (.devcontainer/devcontainer.json, .devcontainer.json). */
import type { LintedKindDescriptor } from '../kindDescriptor';
import { isDevcontainerPath } from './detection';
import { lintDevcontainer } from './lint';
import { devcontainerRules } from './rules';

export const devcontainerKind: LintedKindDescriptor = {
  name: 'devcontainer',
  description: 'devcontainer.json (.devcontainer/, .devcontainer.json)',
  label: 'devcontainer.json',
  languageIds: ['json', 'jsonc'],
  byName: (path) => (isDevcontainerPath(path) ? 'certain' : undefined),
  byContent: () => true,
  lint: lintDevcontainer,
  rules: devcontainerRules.map((r) => r.meta),
  commentPrefix: '//',
  ignoreScope: 'line',
  targetsNote: () => 'no release-dependent checks',
};
