import type { Range, TextEdit } from '../../core/types';
import type { UnitFileContext } from '../unit/ruleContext';
import type { ArgWord, PodmanOption } from './podmanArgs';

export function wordsRange(words: ArgWord[]): Range {
  const first = words[0];
  const last = words[words.length - 1];
  return first.entry.rangeOf(first.start, last.end);
}

/** Remove an option's words from its PodmanArgs= line (the whole line when nothing else is left). */
export function removeOption(ctx: UnitFileContext, option: PodmanOption): TextEdit {
  const words = option.words;
  return ctx.removeWord(words[0].entry, words[0].start, words[words.length - 1].end);
}
