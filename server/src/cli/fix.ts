/**
 * `--fix`: apply each finding's preferred fix (the ones the editor's "Fix all" applies), lint
 * again, and repeat while that changes the text, since one fix can make another possible
 * (an installed systemd makes the init CMD's fix apply). A file with nothing to fix is not touched.
 */
import { createTwoFilesPatch } from 'diff';
import type { Finding } from '../core/types';
import { applyEdits } from '../../../shared/text';
import { chosenFixes } from '../core/fixes';

/** Enough for every chain of fixes the rules have; a guard against two fixes undoing each other. */
const MAX_PASSES = 10;

export interface FixOutcome {
  /** The text after the fixes. */
  text: string;
  /** The findings left in it. */
  findings: Finding[];
  /** How many fixes were applied over all passes. */
  applied: number;
}

export async function fixText(text: string, lint: (text: string) => Promise<Finding[]>): Promise<FixOutcome> {
  let current = text;
  let findings = await lint(current);
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = chosenFixes(findings);
    if (fixes.length === 0) break;
    const next = applyEdits(
      current,
      fixes.flatMap((fix) => fix.edits),
    );
    if (next === current) break;
    applied += fixes.length;
    current = next;
    findings = await lint(current);
  }
  return { text: current, findings, applied };
}

/** A unified diff of what `--fix` would write, as `--fix-dry-run` prints it. */
export function fixDiff(file: string, before: string, after: string): string {
  const name = file.replace(/^\/+/, '');
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
  // Start at the file headers, as git diff does (jsdiff puts an "=====" rule above them).
  return patch.slice(patch.indexOf('--- '));
}
