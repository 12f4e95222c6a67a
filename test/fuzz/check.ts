/** What every fuzzed answer must satisfy: ranges inside the document they are about. */
import type { Finding, Range } from '../../server/src/core/types';

export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

export function inside(range: Range, lengths: number[]): boolean {
  const ok = (p: { line: number; character: number }) =>
    p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

/** The first range of a finding, related location or fix edit outside the text, described; undefined if none. */
export function checkRanges(findings: Finding[], text: string): string | undefined {
  const lengths = lineLengths(text);
  for (const f of findings) {
    if (!inside(f.range, lengths)) return `${f.ruleId} range ${JSON.stringify(f.range)} outside the document`;
    for (const r of f.related ?? [])
      if (!inside(r.range, lengths)) return `${f.ruleId} related range outside the document`;
    for (const fix of f.fixes)
      for (const e of fix.edits)
        if (!inside(e.range, lengths)) return `${f.ruleId} fix "${fix.title}" edit range outside the document`;
  }
  return undefined;
}
