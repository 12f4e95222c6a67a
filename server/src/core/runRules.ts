/**
 * Running a rule set over one parsed file, the same for every file kind: global pragmas and
 * config turn rules off, a throwing rule goes to `onRuleError` (or propagates), severity
 * overrides apply per report, a pragma above one of the report's pragma lines drops it, and the
 * findings come out sorted by position. Only where a kind's pragmas sit differs (the start of a
 * Dockerfile instruction, a unit entry's first line, a compose service's key): `pragmaLinesOf`.
 */
import { effectiveSeverity, ruleMatches, type LintConfig } from './config';
import { pragmaAbove, readSuppressions, type Suppressions } from './suppression';
import type { LineIndex } from '../../../shared/text';
import type { Finding, Fix, Range, RelatedLocation, RuleMeta, Severity } from './types';

/** A rule's report before config, pragmas and severity are applied. */
export interface RawReport {
  range: Range;
  message: string;
  /** What the hover adds to the one-line message. */
  detail?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  severity?: Severity;
}

export interface RuleRunOptions {
  config?: LintConfig;
  /** Called when a rule throws; by default the error propagates. */
  onRuleError?: (ruleName: string, error: unknown) => void;
}

/**
 * `pragmaLinesOf(report)`: the lines an ignore pragma may sit above; the first is the
 * finding's `pragmaLine` (where "ignore" quick fixes insert one).
 */
export function runRules<C, R extends RawReport>(
  rules: readonly { meta: RuleMeta; check(ctx: C): R[] }[],
  ctx: C,
  lines: LineIndex,
  suppressions: Suppressions,
  options: RuleRunOptions,
  pragmaLinesOf: (report: R) => readonly number[],
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const meta = rule.meta;
    if (suppressions.global.length > 0 && suppressions.global.some((k) => ruleMatches(meta, k))) continue;
    if (effectiveSeverity(meta, options.config) === 'off') continue;
    let reports: R[];
    try {
      reports = rule.check(ctx);
    } catch (e) {
      if (!options.onRuleError) throw e;
      options.onRuleError(meta.name, e);
      continue;
    }
    for (const r of reports) {
      const severity = effectiveSeverity(meta, options.config, r.severity);
      if (severity === 'off') continue;
      const pragmaLines = pragmaLinesOf(r);
      if (pragmaLines.some((l) => pragmaAbove(lines, suppressions, l).some((k) => ruleMatches(meta, k)))) continue;
      const finding: Finding = {
        ruleId: meta.id,
        ruleName: meta.name,
        severity,
        message: r.message,
        range: r.range,
        fixes: r.fixes ?? [],
        related: r.related,
        pragmaLine: pragmaLines[0],
      };
      if (r.detail) finding.detail = r.detail;
      findings.push(finding);
    }
  }
  return findings.sort(byPosition);
}

/** Findings by line, column, then rule id (`SCTnnn`: code-unit order, without localeCompare's collation cost). */
export function byPosition(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/**
 * A run-configuration rule's report: `pragmaLines`, other lines an ignore pragma may sit above (a compose service's
 * key, a unit's Exec line).
 */
export interface RunConfigReport extends RawReport {
  pragmaLines?: number[];
}

/** Run rules of a run-configuration kind: a pragma above the finding's line or one of its `pragmaLines`. */
export function runConfigRules<C>(
  rules: readonly { meta: RuleMeta; check(ctx: C): RunConfigReport[] }[],
  ctx: C,
  lines: LineIndex,
  options: RuleRunOptions,
  suppressions: Suppressions = readSuppressions(lines),
): Finding[] {
  return runRules(rules, ctx, lines, suppressions, options, (r) => [r.range.start.line, ...(r.pragmaLines ?? [])]);
}
