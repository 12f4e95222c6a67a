/**
 * What a unit-file rule (unit, Quadlet or .nspawn) sees: the document (type, drop-in, parsed
 * entries), access to neighbouring files when the caller gives it, and helpers that build exact
 * edits in the document's own line-ending style.
 */
import type { Fix, Range, RelatedLocation, RuleMeta, Severity, TextEdit } from '../../core/types';
import type { LintConfig } from '../../core/config';
import type { UnitDocument } from './document';
import type { UnitEntry, UnitSection } from './unitFile';
import { classifyEntry, entryClassifier, type EntryStatus } from './classify';
import { imagesForUnit, type ImageForUnit, type UnitFileAccess } from './workspace';
import { resolveTargets, type ResolvedTargets } from './target';
import type { ContainerReleases } from '../../../../shared/containerReleases';

export interface UnitFileRuleReport {
  range: Range;
  message: string;
  /** What the hover adds to the one-line message. */
  detail?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Other than the rule's default (a Quadlet generator error is worse than a systemd warning). */
  severity?: Severity;
}

export interface UnitFileRule {
  meta: RuleMeta;
  /** Which documents the rule looks at (by default: those of its meta.kind). */
  appliesTo?(doc: UnitDocument): boolean;
  check(ctx: UnitFileContext): UnitFileRuleReport[];
}

/** The releases a file is judged for, as asked (undefined: "auto"). */
export interface UnitTargets {
  systemdVersion?: number;
  /** "5.4", "5.8" … */
  podmanVersion?: string;
  /** Running containers that said which releases they have ("auto" asks them first). */
  containers?: readonly ContainerReleases[];
}

/** An entry and its classification. */
export interface Classified<S extends EntryStatus['status']> {
  entry: UnitEntry;
  status: Extract<EntryStatus, { status: S }>;
}

export class UnitFileContext {
  private images: ImageForUnit[] | undefined;
  /** classifyEntry results by entry index: five rules classify every entry of the file. */
  private readonly statuses: (EntryStatus | undefined)[] = [];
  private classifier: ((entry: UnitEntry) => EntryStatus) | undefined;
  private groups: Map<string, Classified<EntryStatus['status']>[]> | undefined;
  private resolved: ResolvedTargets | undefined;

  constructor(
    readonly doc: UnitDocument,
    readonly access: UnitFileAccess | undefined,
    /** The releases asked for (flag, setting or config file); undefined: "auto". */
    readonly targets: UnitTargets = {},
    /** The lint configuration (where the unit runs: target, runProfile). */
    readonly config?: LintConfig,
  ) {}

  /** The releases this file is judged for, with the reason ("auto" worked out on first use). */
  get releases(): ResolvedTargets {
    return (this.resolved ??= resolveTargets(this.doc.path, this.targets, this.access, this.targets.containers));
  }

  get unit() {
    return this.doc.unit;
  }

  get eol(): string {
    return this.doc.unit.lines.eol;
  }

  /** What the directive database says about an entry (classifyEntry, worked out once per entry). */
  classify(entry: UnitEntry): EntryStatus {
    const release = this.releases.systemd.release;
    // not one of this file's
    if (this.unit.entries[entry.index] !== entry) return classifyEntry(this.doc, entry, release);
    return (this.statuses[entry.index] ??= (this.classifier ??= entryClassifier(this.doc, release))(entry));
  }

  /**
   * The file's entries of one classification, in file order, with it: five rules each want one
   * group (most files have no unknown or misplaced key at all), so the file is classified once.
   */
  entriesWith<S extends EntryStatus['status']>(status: S): readonly Classified<S>[] {
    if (!this.groups) {
      const groups = new Map<string, Classified<EntryStatus['status']>[]>();
      for (const entry of this.unit.entries) {
        const s = this.classify(entry);
        const group = groups.get(s.status);
        if (group) group.push({ entry, status: s });
        else groups.set(s.status, [{ entry, status: s }]);
      }
      this.groups = groups;
    }
    return (this.groups.get(status) ?? []) as unknown as Classified<S>[];
  }

  /** Every entry of `key` in `section` that counts (after the last empty reset). */
  list(section: string, key: string): UnitEntry[] {
    return this.unit.list(section, key);
  }

  last(section: string, key: string): UnitEntry | undefined {
    return this.unit.last(section, key);
  }

  /** The images (Dockerfiles) this unit file goes into; empty without file access. */
  imagesForUnit(): ImageForUnit[] {
    if (!this.access) return [];
    this.images ??= imagesForUnit(this.doc.path, this.access);
    return this.images;
  }

  /** Deletes an entry's whole lines (continuations included). */
  deleteEntry(entry: UnitEntry): TextEdit {
    return { range: this.wholeLines(entry.firstLine, entry.lastLine), newText: '' };
  }

  wholeLines(firstLine: number, lastLine: number): Range {
    const lines = this.unit.lines;
    if (lastLine + 1 < lines.lineCount)
      return { start: { line: firstLine, character: 0 }, end: { line: lastLine + 1, character: 0 } };
    // the last line of the file: take the line break before it instead
    if (firstLine > 0) {
      const prev = firstLine - 1;
      return {
        start: { line: prev, character: lines.lineText(prev).length },
        end: { line: lastLine, character: lines.lineText(lastLine).length },
      };
    }
    return {
      start: { line: firstLine, character: 0 },
      end: { line: lastLine, character: lines.lineText(lastLine).length },
    };
  }

  /** Replace `value.slice(start, end)` of an entry. */
  replaceInValue(entry: UnitEntry, start: number, end: number, newText: string): TextEdit {
    return { range: entry.rangeOf(start, end), newText };
  }

  /**
   * Remove one whitespace-separated word from a value (and one space next to it); the whole entry when it is the only
   * word.
   */
  removeWord(entry: UnitEntry, start: number, end: number): TextEdit {
    const v = entry.value;
    if (v.slice(0, start).trim() === '' && v.slice(end).trim() === '') return this.deleteEntry(entry);
    let s = start;
    let e = end;
    if (/\s/.test(v[e] ?? '')) while (/\s/.test(v[e] ?? '')) e++;
    else while (s > 0 && /\s/.test(v[s - 1])) s--;
    return { range: entry.rangeOf(s, e), newText: '' };
  }

  /** Insert lines at the end of `[section]` (after its last entry), or append the section. */
  insertIntoSection(section: string, lines: string[]): TextEdit {
    const eol = this.eol;
    const target = this.unit.sections.filter((s) => s.name === section).pop();
    const idx = this.unit.lines;
    if (target) {
      const last = lastEntryLine(target);
      const at = last + 1;
      if (at < idx.lineCount)
        return {
          range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } },
          newText: lines.join(eol) + eol,
        };
      const end = { line: last, character: idx.lineText(last).length };
      return { range: { start: end, end }, newText: eol + lines.join(eol) };
    }
    const lastLine = idx.lineCount - 1;
    const end = { line: lastLine, character: idx.lineText(lastLine).length };
    const lastText = idx.lineText(lastLine);
    const lead = lastText === '' ? (lastLine > 0 && idx.lineText(lastLine - 1).trim() !== '' ? eol : '') : eol + eol;
    return { range: { start: end, end }, newText: `${lead}[${section}]${eol}${lines.join(eol)}${eol}` };
  }

  /** The text of an entry's lines as written (for moving it elsewhere). */
  entryText(entry: UnitEntry): string[] {
    const out: string[] = [];
    for (let l = entry.firstLine; l <= entry.lastLine; l++) out.push(this.unit.lines.lineText(l));
    return out;
  }
}

function lastEntryLine(section: UnitSection): number {
  const last = section.entries[section.entries.length - 1];
  return last ? last.lastLine : section.headerRange.start.line;
}
