/**
 * The editor features of `systemd-unit` documents (units, drop-ins, Quadlet, .nspawn, networkd
 * files), transport-free: completion, hover (the man page's text; ../../service.ts puts the
 * explanations of findings under the cursor first), folding. Findings, quick fixes and the ignore
 * pragma come from ../../service.ts, as for every kind.
 */
import type { CompletionItem, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import { MAX_LINT_CHARS } from '../../core/lintOptions';
import { unitCompletion } from './completion';
import { unitHover } from './hover';
import type { ShownTargets } from './hover';
import { sectionFoldingRanges } from './folding';
import { baseName, isUnitSearchPath } from './document';
import { unitFileType } from './fileType';

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

/**
 * The man page's text for the key, section or specifier under the cursor (the service puts findings' explanations
 * first).
 */
export function unitDocumentHover(
  path: string,
  text: string,
  position: Position,
  targets: ShownTargets = {},
): Hover | null {
  return text.length > MAX_LINT_CHARS ? null : unitHover(path, text, position, targets);
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
