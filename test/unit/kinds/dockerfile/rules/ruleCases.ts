/**
 * The three checks every Dockerfile rule gets on each of its cases, as ESLint's RuleTester gives
 * a rule its valid and invalid code: the rule fires or stays silent; where it fires, an ignore
 * pragma (global, on the instruction, in the config) silences it; and each fix it offers removes
 * that finding and adds none.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintDockerfile } from '../../../../../server/src/lint';
import { applyFix, counts, names } from '../../../helpers';

export interface Case {
  title: string;
  text: string;
  fires: boolean;
}

/** Rules whose findings may come without a fix (the right edit depends on what the author meant). */
const MAY_HAVE_NO_FIX = new Set(['malformed-systemd-config-write', 'init-without-systemd-pkg']);

export function dockerfileRuleCases(rule: string, list: Case[]): void {
  before(() => initLinter());
  describe(rule, () => {
    for (const c of list) {
      it(`${c.fires ? 'fires' : 'silent'}: ${c.title}`, () => {
        assert.equal(names(c.text).includes(rule), c.fires, `findings: ${names(c.text).join(', ')}`);
      });
      if (!c.fires) continue;
      it(`suppressed by pragma and config: ${c.title}`, () => {
        const global = `# systemd-lint global ignore=${rule}\n${c.text}`;
        assert.ok(!names(global).includes(rule));
        assert.ok(!names(c.text, { config: { ignore: [rule] } }).includes(rule));
        const finding = lintDockerfile(c.text).find((f) => f.ruleName === rule)!;
        const lines = c.text.split('\n');
        // The pragma goes on the line before the instruction that holds the finding.
        let start = finding.range.start.line;
        while (start > 0 && /\\$/.test(lines[start - 1])) start--;
        lines.splice(start, 0, `# systemd-lint ignore=${rule}`);
        assert.ok(!names(lines.join('\n')).includes(rule), 'line pragma');
      });
      it(`each fix removes the finding and adds none: ${c.title}`, () => {
        const findings = lintDockerfile(c.text);
        const before = counts(findings);
        const target = findings.filter((f) => f.ruleName === rule);
        for (const finding of target) {
          assert.ok(finding.fixes.length > 0 || MAY_HAVE_NO_FIX.has(rule), `${rule} offers no fix`);
          finding.fixes.forEach((_fix, i) => {
            const after = applyFix(c.text, finding, i);
            const afterCounts = counts(after.findings);
            assert.ok(
              (afterCounts.get(rule) ?? 0) < (before.get(rule) ?? 0),
              `fix "${finding.fixes[i].title}" left ${rule}:\n${after.text}`,
            );
            for (const [name, n] of afterCounts)
              assert.ok(n <= (before.get(name) ?? 0), `fix "${finding.fixes[i].title}" added ${name}:\n${after.text}`);
          });
        }
      });
    }
  });
}
