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
import type { RuleMeta, Range, Fix, RelatedLocation, Severity } from './core/types';
import { LineIndex } from './core/text';
import { parseCompose } from './compose/model';
import { ComposeContext } from './rules/compose/context';
import { composeRules } from './rules/compose';
import { parseDevcontainer } from './devcontainer/model';
import { DevcontainerContext } from './rules/devcontainer/context';
import { devcontainerRules } from './rules/devcontainer';

export { initShellParser as initLinter };

export interface LintOptions {
  config?: LintConfig;
  /** Build stage to lint (`--target`); default: the last stage. */
  target?: string;
  /** Called when a rule throws; by default the error propagates. */
  onRuleError?: (ruleName: string, error: unknown) => void;
  /**
   * Absolute path of the linted file: compose build contexts, `extends` files and devcontainer
   * Dockerfiles are resolved against its folder. Without it (or without readFile) they are unknown.
   */
  path?: string;
  /** Reads a sibling file by absolute path (undefined when it cannot be read); the CLI and server pass fs. */
  readFile?: (file: string) => string | undefined;
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

/** A rule's report before config, pragmas and severity are applied. */
interface RawReport {
  range: Range;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  severity?: Severity;
  /** Other lines an ignore pragma may sit above (a compose service's key, a unit's Exec line). */
  pragmaLines?: number[];
}

/**
 * Run rules of a run-configuration kind: global pragmas, config, per-finding pragmas (above the
 * finding's line or one of its `pragmaLines`), severity overrides; findings sorted by position.
 */
function runRules<C>(rules: { meta: RuleMeta; check(ctx: C): RawReport[] }[], ctx: C, pragmaText: string, options: LintOptions): Finding[] {
  const lines = new LineIndex(pragmaText);
  const suppressions = readSuppressions(lines);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const meta = rule.meta;
    if (suppressions.global.some((k) => ruleMatches(meta, k))) continue;
    if (effectiveSeverity(meta, options.config) === 'off') continue;
    let reports: RawReport[];
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
      const startLine = r.range.start.line;
      const candidates = [startLine, ...(r.pragmaLines ?? [])];
      if (candidates.some((l) => pragmaAbove(lines, suppressions, l).some((k) => ruleMatches(meta, k)))) continue;
      findings.push({ ruleId: meta.id, ruleName: meta.name, severity, message: r.message, range: r.range, fixes: r.fixes ?? [], related: r.related, pragmaLine: startLine });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return findings;
}

/** Lint a compose file (compose.yaml, docker-compose*.yml): the systemd-in-container pitfalls of each service that runs systemd. */
export function lintCompose(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const file = parseCompose(text, { path: options.path, readFile: options.readFile });
  if (file.services.length === 0) return [];
  const ctx = new ComposeContext(file, { path: options.path, readFile: options.readFile });
  return runRules(
    composeRules.map((rule) => ({ meta: rule.meta, check: (c: ComposeContext) => rule.check(c).map((r) => ({ ...r, pragmaLines: [r.serviceLine] })) })),
    ctx,
    text,
    options,
  );
}

/**
 * JSONC comments as the shared pragma reader sees them: `// systemd-lint ignore=…` becomes
 * `#  systemd-lint ignore=…` (same length, so lines and columns do not move).
 */
function jsoncPragmaText(text: string): string {
  return text.replace(/^([ \t]*)\/\//gm, '$1# ');
}

/** Lint a devcontainer.json (JSON with comments): the systemd-in-container pitfalls of the container it describes. */
export function lintDevcontainer(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const file = parseDevcontainer(text);
  if (!file.root) return [];
  const ctx = new DevcontainerContext(file, { path: options.path, readFile: options.readFile });
  return runRules(devcontainerRules, ctx, jsoncPragmaText(text), options);
}
