/**
 * The language service without a transport: findings → LSP diagnostics, code actions and
 * hovers. server.ts only forwards LSP requests here, so tests can drive it directly.
 */
import type {
  CodeAction,
  Diagnostic,
  Hover,
  Position,
  Range as LspRange,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Finding, Fix, Severity, TextEdit } from './core/types';
import { comparePositions } from '../../shared/text';
import { fixAllEdits } from './core/fixes';
import type { LintConfig } from './core/config';
import { MAX_LINT_CHARS, unlintableReason, type LintOptions } from './core/lintOptions';
import { fileKindOf, lintFile } from './lint';
import { documentKind } from './kinds/detect';
import { kindNamed, LINT_KINDS } from './kinds/registry';
import { allRuleMetas, ruleDocsUrl } from './kinds/ruleCatalog';

export const DIAGNOSTIC_SOURCE = 'systemd-container-tools';
export const FIX_ALL_KIND = 'source.fixAll.systemd';
export { MAX_LINT_CHARS };

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  fixes: Fix[];
  ruleName: string;
  pragmaLine: number;
  /** How the ignore pragma starts in this file kind. */
  commentPrefix?: string;
  /**
   * What an ignore pragma covers, as the quick fix names it: a Dockerfile instruction, else a line (its key, Exec line,
   * service).
   */
  ignoreScope?: 'instruction' | 'line';
}

/** Where a document is and how to read its neighbours (compose build contexts, unit files' Dockerfile). */
export interface DocumentContext {
  /** Absolute file path; undefined for untitled documents. */
  path?: string;
  readFile?: LintOptions['readFile'];
  listDir?: LintOptions['listDir'];
  /** The editor's systemdVersion / podmanVersion settings when not "auto" (they win over the config file). */
  systemdVersion?: number;
  podmanVersion?: string;
  /** Running containers that said which releases they have (the client asks them through the engine). */
  containers?: LintOptions['containers'];
}

export { documentKind };

export function lintDocument(
  languageId: string,
  text: string,
  config: LintConfig | undefined,
  onRuleError?: (rule: string, e: unknown) => void,
  context: DocumentContext = {},
): Finding[] {
  if (text.length > MAX_LINT_CHARS || unlintableReason(text)) return [];
  const kind = documentKind(languageId, context.path, text);
  if (!kind) return [];
  return lintFile(kind, text, {
    config,
    onRuleError,
    path: context.path,
    readFile: context.readFile,
    listDir: context.listDir,
    systemdVersion: context.systemdVersion,
    podmanVersion: context.podmanVersion,
    containers: context.containers,
  });
}

/** Rule metadata by id (a diagnostic is made for every finding of every lint). */
let metaById: Map<string, (typeof allRuleMetas)[number]> | undefined;

export function toDiagnostic(uri: string, f: Finding): Diagnostic {
  metaById ??= new Map(allRuleMetas.map((m) => [m.id, m]));
  const meta = metaById.get(f.ruleId);
  const kind = meta && LINT_KINDS.includes(meta.kind) ? kindNamed(meta.kind) : undefined;
  const data: DiagnosticData = {
    fixes: f.fixes,
    ruleName: f.ruleName,
    pragmaLine: f.pragmaLine,
    commentPrefix: kind?.commentPrefix ?? '#',
    ignoreScope: kind?.ignoreScope ?? 'line',
  };
  return {
    range: f.range,
    severity: LSP_SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: meta ? { href: ruleDocsUrl(meta) } : undefined,
    message: `${f.message} (${f.ruleName})`,
    relatedInformation: f.related?.map((r) => ({ location: { uri, range: r.range }, message: r.message })),
    data,
  };
}

function workspaceEdit(uri: string, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits.map((e) => ({ range: e.range, newText: e.newText })) } };
}

function overlaps(a: LspRange, b: LspRange): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/** Quick fixes for the diagnostics in the request, plus "ignore" and fix-all actions. */
export function codeActions(
  uri: string,
  text: string,
  range: LspRange,
  diagnostics: Diagnostic[],
  only: string[] | undefined,
  findings: Finding[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  const wantsQuickFix =
    !only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k));
  const wantsFixAll = !only || only.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source);
  if (wantsQuickFix) {
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE || !overlaps(d.range, range)) continue;
      const data = d.data as DiagnosticData | undefined;
      for (const fix of data?.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: !!fix.preferred,
          edit: workspaceEdit(uri, fix.edits),
        });
      }
      if (data?.ruleName)
        actions.push(
          ignoreAction(
            uri,
            text,
            d,
            data.ruleName,
            data.pragmaLine ?? d.range.start.line,
            data.commentPrefix ?? '#',
            data.ignoreScope ?? 'instruction',
          ),
        );
    }
  }
  if (wantsFixAll) {
    const edits = fixAllEdits(findings);
    if (edits.length)
      actions.push({
        title: 'Fix all systemd issues in this file',
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(uri, edits),
      });
  }
  return actions;
}

/**
 * Insert `# systemd-lint ignore=<rule>` (`//` in JSON) above the instruction or line (not a continuation line), with
 * its indentation.
 */
function ignoreAction(
  uri: string,
  text: string,
  d: Diagnostic,
  ruleName: string,
  line: number,
  commentPrefix: string,
  scope: 'instruction' | 'line',
): CodeAction {
  const lineText = text.split(/\r?\n/)[line] ?? '';
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Ignore ${ruleName} for this ${scope}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: workspaceEdit(uri, [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: `${indent}${commentPrefix} systemd-lint ignore=${ruleName}${eol}`,
      },
    ]),
  };
}

export function hover(findings: Finding[], position: Position): Hover | null {
  const hits = findings.filter(
    (f) => comparePositions(f.range.start, position) <= 0 && comparePositions(position, f.range.end) <= 0,
  );
  if (hits.length === 0) return null;
  const parts = hits.map((f) => {
    const meta = allRuleMetas.find((m) => m.id === f.ruleId)!;
    // This finding's particulars first, then what the rule says of every such finding.
    const detail = f.detail ? [f.detail, ''] : [];
    return [
      `**${meta.id} ${meta.name}** — ${meta.summary}`,
      '',
      ...detail,
      meta.explanation,
      meta.recipe ? `\nExpected: \`${meta.recipe}\`` : '',
      `\n[Rule documentation](${ruleDocsUrl(meta)})`,
    ].join('\n');
  });
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: hits[0].range };
}

/**
 * Findings for a document at `path` whose kind its name and text decide (the unit-like kinds:
 * units, drop-ins, Quadlet, .nspawn), or none. `access` lets the rules read neighbours (the
 * Dockerfile that COPYs a unit, a Quadlet's drop-ins and .build file); without it they stay silent.
 */
export function lintDocumentAt(
  path: string,
  text: string,
  config: LintConfig | undefined,
  access?: Pick<LintOptions, 'readFile' | 'listDir'>,
  onRuleError?: (rule: string, e: unknown) => void,
): Finding[] {
  if (text.length > MAX_LINT_CHARS || unlintableReason(text)) return [];
  const kind = fileKindOf(path, text);
  if (!kind || !kindNamed(kind).languageIds.includes('systemd-unit')) return [];
  return lintFile(kind, text, { config, path, readFile: access?.readFile, listDir: access?.listDir, onRuleError });
}

/** The explanation of any finding under the cursor, then the kind's own hover (a man page's text). */
export function hoverWithDocs(findings: Finding[], position: Position, docs: Hover | null): Hover | null {
  const rules = hover(findings, position);
  if (!docs) return rules;
  if (!rules) return docs;
  const value = (h: Hover) => (h.contents as { value: string }).value;
  return { contents: { kind: 'markdown', value: `${value(rules)}\n\n---\n\n${value(docs)}` }, range: rules.range };
}
