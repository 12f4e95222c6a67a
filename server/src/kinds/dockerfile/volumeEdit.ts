import type { Fix, Range } from '../../core/types';
import type { DockerfileContext } from './ruleContext';

/** Remove some paths from a VOLUME instruction, or the whole instruction when none remain. */
export function volumeEdit(ctx: DockerfileContext, range: Range, remove: string[], title: string): Fix {
  const all = ctx.model.volumes.filter((v) => v.range === range).map((v) => v.path);
  const keep = all.filter((p) => !remove.includes(p));
  if (keep.length === 0) return { title, edits: [{ range: ctx.wholeLines(range), newText: '' }], preferred: true };
  return {
    title,
    edits: [{ range, newText: `VOLUME [${keep.map((p) => JSON.stringify(p)).join(', ')}]` }],
    preferred: true,
  };
}
