/**
 * In-file suppression pragmas, shared by every file kind that has `#` comments:
 *   # systemd-lint ignore=SCT101,missing-stopsignal      (the next instruction / line)
 *   # systemd-lint global ignore=unpruned-wants          (the whole file)
 */
import type { LineIndex } from '../../../shared/text';

const PRAGMA = /^\s*[#;]\s*systemd-lint\s+(global\s+)?ignore\s*=\s*([\w\-, ]+)/i;

export interface Suppressions {
  global: string[];
  /** Line (0-based) of the pragma → rules ignored for the instruction that follows. */
  byLine: Map<number, string[]>;
}

export function readSuppressions(lines: LineIndex): Suppressions {
  const result: Suppressions = { global: [], byLine: new Map() };
  if (!lines.text.includes('systemd-lint')) return result; // most files have no pragma: one search instead of a scan
  for (let i = 0; i < lines.lineCount; i++) {
    const text = lines.lineText(i);
    if (!text.includes('systemd-lint')) continue;
    const m = PRAGMA.exec(text);
    if (!m) continue;
    const keys = m[2]
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (m[1]) result.global.push(...keys);
    else result.byLine.set(i, keys);
  }
  return result;
}

/** The pragma line that applies to a finding starting at `line`: the nearest non-comment-preceded line above. */
export function pragmaAbove(lines: LineIndex, suppressions: Suppressions, instructionStartLine: number): string[] {
  if (suppressions.byLine.size === 0) return [];
  for (let l = instructionStartLine - 1; l >= 0; l--) {
    const keys = suppressions.byLine.get(l);
    if (keys) return keys;
    const text = lines.lineText(l).trim();
    if (text !== '' && !text.startsWith('#')) return [];
  }
  return [];
}
