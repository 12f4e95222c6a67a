/**
 * Folding ranges for unit files: a section runs from its [Header] to the last non-blank line
 * before the next header. A language-configuration.json cannot say "until the next [" (its
 * markers need an end line of their own), so the language server provides these.
 */
export interface LineRange {
  /** 0-based, inclusive. */
  startLine: number;
  endLine: number;
}

export function sectionFoldingRanges(text: string): LineRange[] {
  const lines = text.split(/\r?\n/);
  const ranges: LineRange[] = [];
  let start = -1;
  let lastContent = -1;
  const close = () => {
    if (start >= 0 && lastContent > start) ranges.push({ startLine: start, endLine: lastContent });
  };
  lines.forEach((line, i) => {
    if (/^\s*\[[^\]]*\]\s*$/.test(line)) {
      close();
      start = lastContent = i;
    } else if (line.trim() !== '') {
      lastContent = i;
    }
  });
  close();
  return ranges;
}
