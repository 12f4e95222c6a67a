/** The Dockerfile kind (Dockerfile, Containerfile, *.dockerfile, or any file of Dockerfile instructions). */
import type { LintedKindDescriptor } from '../kindDescriptor';
import { DOCKERFILE_CERTAIN, DOCKERFILE_HINT } from '../../../../shared/dockerfileNames';
import { looksLikeDockerfile } from './detection';
import { lintDockerfile } from './lint';
import { dockerfileRules } from './ruleList';
import { dockerfileSyntaxRules } from './rules/buildkitSyntax';

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export const dockerfileKind: LintedKindDescriptor = {
  name: 'dockerfile',
  description: 'Dockerfile or Containerfile (any name: judged by its instructions)',
  label: 'Dockerfile',
  languageIds: ['dockerfile'],
  byName: (path) =>
    DOCKERFILE_CERTAIN.test(base(path)) ? 'certain' : DOCKERFILE_HINT.test(base(path)) ? 'hint' : undefined,
  byContent: looksLikeDockerfile,
  byLanguage: (languageId) => languageId === 'dockerfile',
  triedWithoutName: true,
  hintWithoutContent: 'named like a Dockerfile but holds no Dockerfile instructions',
  standardInputFallback: true,
  lint: lintDockerfile,
  rules: [...dockerfileSyntaxRules, ...dockerfileRules].map((r) => r.meta),
  commentPrefix: '#',
  ignoreScope: 'instruction',
  readByOthers: true,
  takesBuildTarget: true,
};
