/** Choosing fixes to apply together: the editor's "Fix all" and the CLI's `--fix` take the same ones. */
import type { Finding, Fix, Range, TextEdit } from './types';
import { comparePositions } from '../../../shared/text';

/** The preferred fix of every finding, dropping any that would overlap an earlier one. */
export function chosenFixes(findings: Finding[]): Fix[] {
  const chosen: Fix[] = [];
  const edits: TextEdit[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.preferred);
    if (!fix) continue;
    const clash = fix.edits.some((e) => edits.some((c) => strictlyOverlaps(c.range, e.range)));
    if (clash) continue;
    chosen.push(fix);
    edits.push(...fix.edits);
  }
  return chosen;
}

/** The edits of `chosenFixes`, applied together. */
export function fixAllEdits(findings: Finding[]): TextEdit[] {
  return chosenFixes(findings).flatMap((fix) => fix.edits);
}

function strictlyOverlaps(a: Range, b: Range): boolean {
  const aEmpty = comparePositions(a.start, a.end) === 0;
  const bEmpty = comparePositions(b.start, b.end) === 0;
  if (aEmpty && bEmpty) return false; // two insertions at one point are fine
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}
