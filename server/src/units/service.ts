/**
 * What the language server calls for `systemd-unit` documents (units, drop-ins, Quadlet, .nspawn,
 * networkd files), transport-free: diagnostics' findings, completion, hover (the man page's text
 * merged with the rule explanations of findings under the cursor), folding. Quick fixes and the
 * ignore pragma come from the shared codeActions() of ../service.ts, as for Dockerfiles.
 */
import type { CompletionItem, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import type { Finding } from '../core/types';
import type { LintConfig } from '../core/config';
import { fileKindOf, lintFile, unlintableReason } from '../lint';
import { hover as findingsHover, MAX_LINT_CHARS } from '../service';
import { unitCompletion } from './completion';
import { unitHover } from './hover';
import type { ShownTargets } from './hover';
import { sectionFoldingRanges } from './folding';
import { baseName, isUnitSearchPath } from './document';
import { unitFileType } from './fileType';
import type { UnitFileAccess } from './workspace';

/**
 * Findings for a unit-like document at `path` (a file-system path; its name and folders decide
 * the file type). `access` lets the rules read neighbours (the Dockerfile that COPYs a unit, a
 * Quadlet's drop-ins and .build file); without it those rules stay silent.
 */
export function lintUnitDocument(path: string, text: string, config: LintConfig | undefined, access?: UnitFileAccess, onRuleError?: (rule: string, e: unknown) => void): Finding[] {
  if (text.length > MAX_LINT_CHARS || unlintableReason(text)) return [];
  const kind = fileKindOf(path, text);
  if (kind !== 'unit' && kind !== 'quadlet' && kind !== 'nspawn') return [];
  return lintFile(kind, text, { config, path, readFile: access?.readFile, listDir: access?.listDir, onRuleError });
}

/** Completion items; `workspaceUnitNames` are file names the editor knows (web.service, db.container …). */
export function unitDocumentCompletion(
  path: string,
  text: string,
  position: Position,
  workspaceUnitNames: readonly string[] = [],
  targets: ShownTargets = {},
): CompletionItem[] {
  if (text.length > MAX_LINT_CHARS) return [];
  return unitCompletion(path, text, position, workspaceUnitNames, targets);
}

/** The man page's text for the key, section or specifier under the cursor, after the explanation of any finding there. */
export function unitDocumentHover(
  path: string,
  text: string,
  position: Position,
  findings: Finding[] = [],
  targets: ShownTargets = {},
): Hover | null {
  const docs = text.length > MAX_LINT_CHARS ? null : unitHover(path, text, position, targets);
  const rules = findingsHover(findings, position);
  if (!docs) return rules;
  if (!rules) return docs;
  const value = (h: Hover) => (h.contents as { value: string }).value;
  return { contents: { kind: 'markdown', value: `${value(rules)}\n\n---\n\n${value(docs)}` }, range: rules.range };
}

/** One folding range per section (a language configuration cannot say "until the next ["). */
export function unitFoldingRanges(text: string): FoldingRange[] {
  return sectionFoldingRanges(text).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: 'region' }));
}

/** The unit and Quadlet file names among workspace paths, for completion of dependency keys. */
export function workspaceUnitNames(paths: readonly string[]): string[] {
  const names = new Set<string>();
  for (const p of paths) {
    if (!isUnitSearchPath(p) && !/\.(network|volume|image|build|artifact)$/.test(p)) continue;
    const t = unitFileType(p);
    if (t && t !== 'nspawn' && !/\.conf$/.test(p)) names.add(baseName(p));
  }
  return [...names].sort();
}
