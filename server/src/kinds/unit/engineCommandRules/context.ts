/**
 * What a rule for units that drive containers sees: the unit file, the docker/podman/compose
 * commands of its Exec lines, the RunSpec of each `run`/`create` with the shared systemd pitfall
 * reports, the [Service] settings that matter (Type=, Restart=, RemainAfterExit=, KillMode=), and
 * edit builders for unit syntax (insert run flags, remove an option, add a `-` prefix, add or
 * replace a directive).
 */
import type { Fix, Position, Range, RuleMeta, Severity, TextEdit } from '../../../core/types';
import { mergeEdits } from '../../compose/edits';
import { optionRange, type EngineInvocation, type ParsedOption } from '../../../runspec/commandLine';
import { checkPitfalls, type PitfallId, type PitfallReport } from '../../../runspec/pitfalls';
import { imageKnowledge, judgeSystemd, type SystemdJudgement } from '../../../runspec/systemdIntent';
import type { RunSpec } from '../../../../../shared/runSpec';
import { unitContainerCommands, type UnitContainerCommand } from '../../../runspec/unitCommands';
import { parseBoolean, type UnitEntry, type UnitFile } from '../unitFile';
import { CLI_VOCABULARY } from './wording';

export interface UnitRuleReport {
  range: Range;
  message: string;
  /** What the hover adds to the one-line message. */
  detail?: string;
  fixes?: Fix[];
  severity?: Severity;
  /** Other lines an ignore pragma may sit above (the Exec line's first line). */
  pragmaLines?: number[];
}

export interface UnitRule {
  meta: RuleMeta;
  check(ctx: UnitContext): UnitRuleReport[];
}

export interface UnitRun {
  command: UnitContainerCommand;
  invocation: EngineInvocation;
  spec: RunSpec;
  judgement: SystemdJudgement;
  reports: PitfallReport[];
}

/**
 * The judgement and pitfalls of a run spec depend on the spec alone: kept with it, so the specs
 * of Exec lines that unitContainerCommands took from its cache are not judged again.
 */
const judgedSpecs = new WeakMap<RunSpec, Pick<UnitRun, 'judgement' | 'reports'>>();

function judged(spec: RunSpec): Pick<UnitRun, 'judgement' | 'reports'> {
  let found = judgedSpecs.get(spec);
  if (!found) {
    const judgement = judgeSystemd(spec, imageKnowledge(spec));
    found = { judgement, reports: checkPitfalls(spec, judgement, CLI_VOCABULARY) };
    judgedSpecs.set(spec, found);
  }
  return found;
}

export class UnitContext {
  readonly commands: UnitContainerCommand[];
  readonly runs: UnitRun[];

  constructor(readonly unit: UnitFile) {
    this.commands = unitContainerCommands(unit);
    this.runs = [];
    for (const command of this.commands) {
      const inv = command.invocation;
      if (inv.kind !== 'engine' || !inv.spec) continue;
      this.runs.push({ command, invocation: inv, spec: inv.spec, ...judged(inv.spec) });
    }
  }

  get eol(): string {
    return this.unit.lines.eol;
  }

  /** The last value of a [Service] setting ('' when unset). */
  service(key: string): string {
    return this.unit.last('Service', key)?.value ?? '';
  }

  /** Type= of the service ('simple' when unset). */
  get type(): string {
    return this.service('Type') || 'simple';
  }

  get remainAfterExit(): boolean {
    return parseBoolean(this.service('RemainAfterExit')) === true;
  }

  /** Restart= ('no' when unset). */
  get restart(): string {
    return this.service('Restart') || 'no';
  }

  /** Reports of one run-configuration pitfall across the unit's run/create commands. */
  each(pitfall: PitfallId, build: (run: UnitRun, report: PitfallReport) => Fix[]): UnitRuleReport[] {
    const out: UnitRuleReport[] = [];
    for (const run of this.runs) {
      for (const report of run.reports.filter((r) => r.pitfall === pitfall)) {
        let fixes: Fix[];
        try {
          fixes = build(run, report).filter((f) => f.edits.length > 0);
        } catch {
          fixes = [];
        }
        out.push({
          range: report.range ?? run.invocation.verbArg.range,
          message: report.message,
          detail: report.detail,
          severity: report.severity,
          fixes,
          pragmaLines: [run.command.entry.firstLine],
        });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------- edits

  private written(range: Range): string {
    const lines = this.unit.lines;
    return lines.text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
  }

  /** Insert options right after the verb (`docker run` → `docker run --tmpfs /run`). */
  insertOptions(invocation: EngineInvocation, options: string[]): TextEdit {
    const at = invocation.verbArg.range.end;
    return { range: { start: at, end: at }, newText: ` ${options.join(' ')}` };
  }

  /** Remove an option (and its separate value); a letter of a cluster (`-dit`) is removed from the cluster. */
  removeOption(o: ParsedOption): TextEdit {
    if (o.clustered && o.short && !o.takesValue) {
      const text = this.written(o.arg.range);
      if (text === o.arg.value) return { range: o.arg.range, newText: text.replace(o.short, '') };
    }
    const range = optionRange(o);
    const lines = this.unit.lines;
    const before = lines.lineText(range.start.line).slice(0, range.start.character);
    const after = lines.lineText(range.end.line).slice(range.end.character);
    // Alone on a continuation line: drop the whole line.
    if (before.trim() === '' && /^\s*\\\s*$/.test(after) && range.start.line > 0) {
      // On the file's last line there is no next line to end at: end at the end of this one.
      if (range.end.line + 1 >= lines.lineCount) {
        return {
          range: {
            start: { line: range.start.line, character: 0 },
            end: { line: range.end.line, character: lines.lineText(range.end.line).length },
          },
          newText: '',
        };
      }
      return {
        range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } },
        newText: '',
      };
    }
    const start: Position =
      before.endsWith(' ') || before.endsWith('\t')
        ? { line: range.start.line, character: range.start.character - 1 }
        : range.start;
    return { range: { start, end: range.end }, newText: '' };
  }

  /** Replace what is written at a range when it is written plainly (no quotes or escapes to keep). */
  replacePlain(range: Range, value: string, newValue: string): TextEdit | undefined {
    return this.written(range) === value ? { range, newText: newValue } : undefined;
  }

  /** Add `-` to an Exec line's prefixes. */
  dashPrefix(entry: UnitEntry): TextEdit {
    const at = entry.positionAt(0);
    return { range: { start: at, end: at }, newText: '-' };
  }

  /** Add `Key=value` at the end of a section (creating [Unit]/[Service] at a sensible place when missing). */
  addDirective(section: string, lines: string[]): TextEdit {
    const s = this.unit.section(section);
    const eol = this.eol;
    if (s) {
      const last = s.entries[s.entries.length - 1];
      const line = last ? last.lastLine : s.headerRange.start.line;
      const at = { line, character: this.unit.lines.lineText(line).length };
      return { range: { start: at, end: at }, newText: lines.map((l) => `${eol}${l}`).join('') };
    }
    // No such section: [Unit] goes before the first section, others at the end.
    if (section === 'Unit') {
      const first = this.unit.sections[0];
      const line = first ? first.headerRange.start.line : 0;
      const at = { line, character: 0 };
      return { range: { start: at, end: at }, newText: `[Unit]${eol}${lines.join(eol)}${eol}${eol}` };
    }
    const lastLine = this.unit.lines.lineCount - 1;
    const at = { line: lastLine, character: this.unit.lines.lineText(lastLine).length };
    return { range: { start: at, end: at }, newText: `${eol}${eol}[${section}]${eol}${lines.join(eol)}` };
  }

  /** Set a [Service] setting: replace the last assignment's value, or add it. */
  setService(key: string, value: string): TextEdit {
    const entry = this.unit.last('Service', key);
    if (entry && entry.value !== '') return { range: entry.valueRange, newText: value };
    return this.addDirective('Service', [`${key}=${value}`]);
  }

  /** Delete an entry's whole lines. */
  deleteEntry(entry: UnitEntry): TextEdit {
    const lines = this.unit.lines;
    if (entry.lastLine + 1 < lines.lineCount)
      return {
        range: { start: { line: entry.firstLine, character: 0 }, end: { line: entry.lastLine + 1, character: 0 } },
        newText: '',
      };
    const start =
      entry.firstLine > 0
        ? { line: entry.firstLine - 1, character: lines.lineText(entry.firstLine - 1).length }
        : { line: 0, character: 0 };
    return {
      range: { start, end: { line: entry.lastLine, character: lines.lineText(entry.lastLine).length } },
      newText: '',
    };
  }

  /** Insert a whole line before an entry. */
  lineBefore(entry: UnitEntry, text: string): TextEdit {
    const at = { line: entry.firstLine, character: 0 };
    return { range: { start: at, end: at }, newText: `${text}${this.eol}` };
  }
}

export function fix(title: string, edits: TextEdit[], preferred = false): Fix {
  return { title, edits: mergeEdits(edits), preferred: preferred || undefined };
}
