import * as assert from 'node:assert/strict';
import { applyEdits } from '../../shared/text';
import type { Finding } from '../../server/src/core/types';
import { lintUnitFile, type UnitLintOptions } from '../../server/src/kinds/unit/lint';

export const unit = (lines: string[]): string => lines.join('\n') + '\n';

export function lint(path: string, text: string, options?: UnitLintOptions): Finding[] {
  return lintUnitFile(path, text, options);
}

export function names(path: string, text: string, options?: UnitLintOptions): string[] {
  return lint(path, text, options).map((f) => f.ruleName);
}

export function only(path: string, text: string, rule: string, options?: UnitLintOptions): Finding[] {
  return lint(path, text, options).filter((f) => f.ruleName === rule);
}

/**
 * Apply a finding's fix, lint again: the finding is gone and no finding appeared that was not
 * there before (compared by rule and message). Returns the fixed text.
 */
export function applyFixClean(
  path: string,
  text: string,
  finding: Finding,
  fixIndex = 0,
  options?: UnitLintOptions,
): string {
  const fix = finding.fixes[fixIndex];
  assert.ok(fix, `no fix ${fixIndex} for ${finding.ruleName}: ${finding.message}`);
  const fixed = applyEdits(text, fix.edits);
  const count = (findings: Finding[]) => {
    const m = new Map<string, number>();
    for (const f of findings) m.set(`${f.ruleName}: ${f.message}`, (m.get(`${f.ruleName}: ${f.message}`) ?? 0) + 1);
    return m;
  };
  const before = count(lint(path, text, options));
  const after = count(lint(path, fixed, options));
  const key = `${finding.ruleName}: ${finding.message}`;
  assert.ok(
    (after.get(key) ?? 0) < (before.get(key) ?? 0),
    `${finding.ruleName} still reported after "${fix.title}":\n${fixed}`,
  );
  const added = [...after].filter(([k, n]) => n > (before.get(k) ?? 0)).map(([k]) => k);
  assert.deepEqual(added, [], `"${fix.title}" introduced findings:\n${fixed}`);
  return fixed;
}

/** An in-memory workspace for the rules that read neighbouring files. */
export function memoryFs(files: Record<string, string>): Required<Pick<UnitLintOptions, 'readFile' | 'listDir'>> {
  return {
    readFile: (p) => files[p],
    listDir: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = new Set<string>();
      for (const p of Object.keys(files)) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
      return names.size ? [...names] : undefined;
    },
  };
}
