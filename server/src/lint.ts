/**
 * The transport-free entry point: text in, findings out. The language server, the CLI, the
 * evaluation script and the tests all call these functions.
 */
import type { Finding } from './core/types';
import { effectiveSeverity, type LintConfig } from './core/config';
import { readSuppressions, pragmaAbove } from './core/suppression';
import { parseDockerfile } from './dockerfile/model';
import { computeFacts } from './dockerfile/facts';
import { DockerfileContext } from './rules/dockerfile/context';
import { dockerfileRules } from './rules/dockerfile';
import { initShellParser } from './shell/bashParser';
import { ruleMatches } from './core/config';

export { initShellParser as initLinter };

export interface LintOptions {
  config?: LintConfig;
  /** Build stage to lint (`--target`); default: the last stage. */
  target?: string;
  /** Called when a rule throws; by default the error propagates. */
  onRuleError?: (ruleName: string, error: unknown) => void;
}

/** Why a text cannot be linted (binary content), or undefined. */
export function unlintableReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'binary content (NUL bytes): not a text file';
  return undefined;
}

export function lintDockerfile(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const model = parseDockerfile(text, options.target);
  if (model.chain.length === 0) return [];
  const facts = computeFacts(model);
  const ctx = new DockerfileContext(model, facts);
  const suppressions = readSuppressions(model.lines);
  const findings: Finding[] = [];
  for (const rule of dockerfileRules) {
    const meta = rule.meta;
    if (suppressions.global.some((k) => ruleMatches(meta, k))) continue;
    if (effectiveSeverity(meta, options.config) === 'off') continue;
    let reports;
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
      const instruction = model.dockerfile.getInstructions().find((i) => i.getRange().start.line <= r.range.start.line && i.getRange().end.line >= r.range.start.line);
      const startLine = instruction ? instruction.getRange().start.line : r.range.start.line;
      if (pragmaAbove(model.lines, suppressions, startLine).some((k) => ruleMatches(meta, k))) continue;
      findings.push({ ruleId: meta.id, ruleName: meta.name, severity, message: r.message, range: r.range, fixes: r.fixes ?? [], related: r.related, pragmaLine: startLine });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return findings;
}
