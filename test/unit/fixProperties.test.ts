/**
 * Properties of every quick fix the linter offers on the real files of ../shared/corpus (all
 * kinds) and the test fixtures: applying it removes that diagnostic, adds no error-severity
 * diagnostic, and leaves a text that still parses; the preferred fixes applied together
 * (fix-all) converge in one pass.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { parseTree, type ParseError } from 'jsonc-parser';
import { applyEdits } from '../../shared/text';
import type { Finding } from '../../server/src/core/types';
import { initLinter, lintFile, type LintKind } from '../../server/src/lint';
import { fixAllEdits } from '../../server/src/core/fixes';
import { corpusCheckout, loadCorpus } from '../../scripts/corpus';

before(() => initLinter());

/** Problems a parser of the file kind reports (Dockerfiles and units have error-tolerant readers: none). */
function parseProblems(kind: LintKind, text: string): number {
  if (kind === 'compose') return parseDocument(text).errors.length;
  if (kind === 'devcontainer') {
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: true });
    return errors.length;
  }
  return 0;
}

const key = (f: Finding) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}`;
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').length;

describe('fix properties on the corpus', () => {
  const { dir, records } = loadCorpus();
  const checkout = corpusCheckout(dir, records);
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  let fixesChecked = 0;

  for (const record of records) {
    const kind = record.kind as LintKind;
    it(`${record.id} (${kind})`, () => {
      const text = fs.readFileSync(path.join(dir, record.file), 'utf8');
      const options = { path: checkout.pathOf(record), readFile: checkout.readFile, listDir: () => undefined };
      const lint = (t: string) => lintFile(kind, t, options);
      const before = lint(text);
      const problemsBefore = parseProblems(kind, text);
      for (const finding of before) {
        for (const fix of finding.fixes) {
          const fixed = applyEdits(text, fix.edits);
          const after = lint(fixed);
          fixesChecked++;
          const sameRuleBefore = before.filter((f) => f.ruleId === finding.ruleId).length;
          const sameRuleAfter = after.filter((f) => f.ruleId === finding.ruleId).length;
          assert.ok(
            sameRuleAfter < sameRuleBefore || !after.some((f) => key(f) === key(finding)),
            `"${fix.title}" left ${finding.ruleId} in ${record.id}`,
          );
          assert.ok(
            errors(after) <= errors(before),
            `"${fix.title}" added an error in ${record.id}: ${after
              .filter((f) => f.severity === 'error')
              .map(key)
              .join(', ')}`,
          );
          assert.ok(
            parseProblems(kind, fixed) <= problemsBefore,
            `"${fix.title}" broke the ${kind} syntax of ${record.id}`,
          );
        }
      }
      // Fix-all converges in one pass: nothing a preferred fix could change is left.
      const once = applyEdits(text, fixAllEdits(before));
      const left = lint(once).filter((f) => f.fixes.some((x) => x.preferred));
      assert.deepEqual(
        left.map((f) => `${key(f)} ${f.message}`),
        [],
        `fix-all left fixable findings in ${record.id}`,
      );
      assert.ok(parseProblems(kind, once) <= problemsBefore, `fix-all broke the ${kind} syntax of ${record.id}`);
    });
  }

  it('checked a meaningful number of fixes', () => {
    assert.ok(fixesChecked >= 50, `only ${fixesChecked} fixes checked`);
  });
});
