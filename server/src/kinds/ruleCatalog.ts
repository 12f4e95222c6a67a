/** Metadata of every rule of every file kind: the docs generator and the server read it here. */
import type { RuleMeta } from '../core/types';
import { fileNotLintableMeta } from '../core/fileNotLintable';
import { LINTED_KINDS } from './registry';

/**
 * The id's block (SCT1xx Dockerfile, SCT2xx compose …): the catalog lists blocks in order, each as its kind lists it.
 */
const block = (m: RuleMeta) => Math.floor(Number(m.id.slice(3)) / 100);

export const allRuleMetas: RuleMeta[] = [
  fileNotLintableMeta,
  ...LINTED_KINDS.flatMap((k) => k.rules).sort((a, b) => block(a) - block(b)),
];

export function ruleByKey(key: string): RuleMeta | undefined {
  const k = key.toLowerCase();
  return allRuleMetas.find((m) => m.id.toLowerCase() === k || m.name === k);
}

export const DOCS_URL = 'https://github.com/systemd-container-tools/systemd-container-tools/blob/main/docs/rules.md';

export function ruleDocsUrl(meta: RuleMeta): string {
  return `${DOCS_URL}#${meta.id.toLowerCase()}-${meta.name}`;
}
