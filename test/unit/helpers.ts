import { applyEdits } from '../../shared/text';
import type { Finding } from '../../server/src/core/types';
import { lintDockerfile, type LintOptions } from '../../server/src/lint';

export const df = (lines: string[]): string => lines.join('\n') + '\n';

export function names(text: string, options?: LintOptions): string[] {
  return lintDockerfile(text, options).map((f) => f.ruleName);
}

/** Apply a fix and lint again; returns the new findings. */
export function applyFix(text: string, finding: Finding, fixIndex = 0): { text: string; findings: Finding[] } {
  const fixed = applyEdits(text, finding.fixes[fixIndex].edits);
  return { text: fixed, findings: lintDockerfile(fixed) };
}

/** How many findings each rule has. */
export function counts(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleName, (m.get(f.ruleName) ?? 0) + 1);
  return m;
}
