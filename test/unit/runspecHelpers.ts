/** Helpers for the run-configuration rule tests (compose, devcontainer, units). */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../shared/text';
import type { Finding } from '../../server/src/core/types';
import type { LintOptions } from '../../server/src/lint';

export type Lint = (text: string, options?: LintOptions) => Finding[];

export const lines = (ls: string[]): string => ls.join('\n') + '\n';

export function ruleNames(lint: Lint, text: string, options?: LintOptions): string[] {
  return lint(text, options).map((f) => f.ruleName);
}

function count(names: string[], name: string): number {
  return names.filter((n) => n === name).length;
}

/**
 * Apply every fix of every finding (of `only` when given) and lint again: the finding's rule has
 * one finding fewer and no rule gains a finding. Returns the fixed texts by fix title.
 */
export function assertFixesClean(
  lint: Lint,
  text: string,
  options: LintOptions = {},
  only?: string,
): Map<string, string> {
  const before = lint(text, options);
  const names = before.map((f) => f.ruleName);
  const out = new Map<string, string>();
  for (const f of before) {
    if (only && f.ruleName !== only) continue;
    for (const fix of f.fixes) {
      const fixed = applyEdits(text, fix.edits);
      const after = lint(fixed, options).map((x) => x.ruleName);
      assert.ok(
        count(after, f.ruleName) < count(names, f.ruleName),
        `${f.ruleName}: "${fix.title}" leaves the finding:\n${fixed}`,
      );
      for (const n of new Set(after))
        assert.ok(count(after, n) <= count(names, n), `${f.ruleName}: "${fix.title}" adds ${n}:\n${fixed}`);
      out.set(`${out.size} ${f.ruleName}: ${fix.title}`, fixed);
    }
  }
  return out;
}

/** The one fixed text of a rule's first (or only) fix. */
export function fixed(lint: Lint, text: string, rule: string, options: LintOptions = {}, fixIndex = 0): string {
  const f = lint(text, options).find((x) => x.ruleName === rule);
  assert.ok(f, `${rule} not reported`);
  assert.ok(f.fixes[fixIndex], `${rule} has no fix ${fixIndex}`);
  return applyEdits(text, f.fixes[fixIndex].edits);
}

/**
 * A format's adapter rules each fire on their own case and not on the format's clean text, and
 * every rule of the adapter has a case.
 */
export function assertEachRuleFires(
  names: (text: string) => string[],
  cases: Record<string, string>,
  clean: string,
  adapterRules: readonly { meta: { name: string } }[],
): void {
  for (const [rule, text] of Object.entries(cases)) {
    assert.ok(names(text).includes(rule), `${rule}: ${names(text).join(', ')}`);
    assert.ok(!names(clean).includes(rule), `${rule} on the clean text`);
  }
  for (const r of adapterRules) assert.ok(Object.hasOwn(cases, r.meta.name), `no case for ${r.meta.name}`);
}
