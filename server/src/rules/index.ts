/** Metadata of every rule of every file kind: the docs generator and the server read it here. */
import type { RuleMeta } from '../core/types';
import { dockerfileRules } from './dockerfile';
import { composeRules } from '../kinds/compose/rules';
import { devcontainerRules } from '../kinds/devcontainer/rules';
import { unitRules } from '../kinds/unit/engineCommandRules';
import { allUnitRules } from '../units/lintUnitFile';
import { fileNotLintableMeta } from './general/fileNotLintable';
import { dockerfileSyntaxRules } from './dockerfile/buildkitSyntax';

export const allRuleMetas: RuleMeta[] = [
  fileNotLintableMeta,
  ...dockerfileSyntaxRules.map((r) => r.meta),
  ...dockerfileRules.map((r) => r.meta),
  ...composeRules.map((r) => r.meta),
  ...devcontainerRules.map((r) => r.meta),
  ...[...unitRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id)).map((r) => r.meta),
  // unit-file directive checks (SCT4xx), Quadlet (SCT5xx), .nspawn (SCT6xx), units inside images (SCT7xx)
  ...allUnitRules.map((r) => r.meta),
];

export function ruleByKey(key: string): RuleMeta | undefined {
  const k = key.toLowerCase();
  return allRuleMetas.find((m) => m.id.toLowerCase() === k || m.name === k);
}

export const DOCS_URL = 'https://github.com/systemd-container-tools/systemd-container-tools/blob/main/docs/rules.md';

export function ruleDocsUrl(meta: RuleMeta): string {
  return `${DOCS_URL}#${meta.id.toLowerCase()}-${meta.name}`;
}
