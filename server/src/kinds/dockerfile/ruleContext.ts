/**
 * What a Dockerfile rule sees: the image model, the derived systemd facts, and helpers that
 * build edits in the document's own line-ending style.
 */
import type { Fix, Range, RelatedLocation, RuleMeta, Severity, TextEdit } from '../../core/types';
import type { ImageModel, RunStep } from './model';
import { scriptRange } from './model';
import type { SystemdFacts } from './facts';
import type { Span } from '../../shell/effects';

export interface RuleReport {
  range: Range;
  message: string;
  /** What the hover adds to the one-line message. */
  detail?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Lower than the rule's severity when the finding rests on a guess (unknown base image). */
  severity?: Severity;
}

export interface DockerfileRule {
  meta: RuleMeta;
  check(ctx: DockerfileContext): RuleReport[];
}

export class DockerfileContext {
  constructor(
    readonly model: ImageModel,
    readonly facts: SystemdFacts,
  ) {}

  get eol(): string {
    return this.model.lines.eol;
  }

  /** Insert whole lines before `line` (0-based); past the end, append with a line break first. */
  insertLines(line: number, lines: string[]): TextEdit {
    const index = this.model.lines;
    const body = lines.join(this.eol);
    if (line < index.lineCount) {
      return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: body + this.eol };
    }
    const last = index.lineCount - 1;
    const end = { line: last, character: index.lineText(last).length };
    const needsBreak = index.lineText(last).length > 0;
    return { range: { start: end, end }, newText: (needsBreak ? this.eol : '') + body + this.eol };
  }

  /** Line right after the target stage's FROM instruction. */
  get afterFromLine(): number {
    return this.model.target.from.getRange().end.line + 1;
  }

  /** Line after the last RUN of the target stage that installs packages (else after FROM). */
  get afterLastInstallLine(): number {
    const inTarget = this.facts.installs.filter((i) => i.step.stageIndex === this.model.target.index);
    const last = inTarget[inTarget.length - 1];
    return last ? last.step.range.end.line + 1 : this.afterFromLine;
  }

  spanRange(run: RunStep, span: Span): Range {
    return scriptRange(this.model, run, span);
  }

  /** The range of a whole instruction line's keyword (short squiggles read better). */
  keywordRange(range: Range): Range {
    const text = this.model.lines.lineText(range.start.line);
    const m = /^\s*(\S+)/.exec(text.slice(range.start.character));
    const start = range.start.character + (m ? m[0].length - m[1].length : 0);
    return {
      start: { line: range.start.line, character: start },
      end: { line: range.start.line, character: start + (m ? m[1].length : 0) },
    };
  }

  /** The FROM line's image range (where "this image …" findings point). */
  get fromRange(): Range {
    const from = this.model.target.from;
    return from.getImageRange() ?? from.getRange();
  }

  /** Range covering one whole instruction with its line break, for deletion (also on a last line without one). */
  wholeLines(range: Range): Range {
    const index = this.model.lines;
    if (range.end.line + 1 < index.lineCount) {
      return { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } };
    }
    const last = index.lineCount - 1;
    const end = { line: last, character: index.lineText(last).length };
    if (range.start.line === 0) return { start: { line: 0, character: 0 }, end };
    const previous = range.start.line - 1;
    return { start: { line: previous, character: index.lineText(previous).length }, end };
  }
}
