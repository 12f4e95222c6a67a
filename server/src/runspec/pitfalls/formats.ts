/**
 * What a format (compose, devcontainer.json, a docker/podman command line …) tells the pitfall
 * table: how it names its rules, how it words messages and fix titles, and how it spells the
 * abstract edits of a fix in its own syntax. From that, one rule per pitfall and its fixes.
 */
import type { FileKind, Fix, RuleMeta, TextEdit } from '../../core/types';
import type { RunSpec } from '../../../../shared/runSpec';
import type { FixWording, PitfallId, PitfallReport, RunEdit, Vocabulary } from './types';
import { pitfall } from './table';

/** A format's rule for one pitfall: its id and recipe, and what its docs add for the format. */
export interface FormatRule {
  pitfall: PitfallId;
  id: string;
  /** The rule's name where it is not `<namePrefix><pitfall id>` (a name kept from before the table). */
  name?: string;
  /** Replaces the pitfall's summary where the format names the setting (`PodmanArgs=--privileged`). */
  summary?: string;
  recipe?: string;
  /** Appended to the pitfall's explanation. */
  explanation?: string;
  /** Appended to the pitfall's sources. */
  sources?: string[];
}

export interface RunFormat<Target> {
  kind: FileKind;
  /** Rule names are `<namePrefix><pitfall id>`. */
  namePrefix: string;
  /** Appended to every rule's summary, explanation and sources. */
  summarySuffix?: string;
  explanationSuffix?: string;
  sourcesSuffix?: string[];
  vocabulary: Vocabulary;
  wording: FixWording;
  /** The text edits of abstract edits, in this format; undefined when a change cannot be written here. */
  spell(edits: RunEdit[], target: Target): TextEdit[] | undefined;
  /** A fix from its edits (the format orders and merges them). */
  makeFix(title: string, edits: TextEdit[], preferred: boolean): Fix;
}

/** A format's `spell` from how it spells one edit: every edit spelled, or no fix at all. */
export function spellingEach<Target>(
  spellOne: (edit: RunEdit, target: Target) => TextEdit[] | undefined,
): RunFormat<Target>['spell'] {
  return (edits, target) => {
    const out: TextEdit[] = [];
    for (const edit of edits) {
      const spelled = spellOne(edit, target);
      if (!spelled) return undefined;
      out.push(...spelled);
    }
    return out;
  };
}

export function pitfallRuleMeta(format: RunFormat<unknown>, rule: FormatRule): RuleMeta {
  const meta = pitfall(rule.pitfall).meta;
  return {
    id: rule.id,
    name: rule.name ?? `${format.namePrefix}${rule.pitfall}`,
    kind: format.kind,
    defaultSeverity: meta.defaultSeverity,
    summary: `${rule.summary ?? meta.summary}${format.summarySuffix ?? ''}`,
    explanation: `${meta.explanation}${format.explanationSuffix ?? ''}${rule.explanation ?? ''}`,
    sources: [...meta.sources, ...(format.sourcesSuffix ?? []), ...(rule.sources ?? [])],
    recipe: rule.recipe,
  };
}

/** The fixes of a report in a format (none when its fix cannot be written there). */
export function pitfallFixes<Target>(
  format: RunFormat<Target>,
  report: PitfallReport,
  spec: RunSpec,
  target: Target,
): Fix[] {
  const fix = pitfall(report.pitfall).fix(report, spec, format.wording);
  if (!fix) return [];
  const edits = format.spell(fix.edits, target);
  if (!edits?.length) return [];
  return [format.makeFix(fix.title, edits, fix.preferred)];
}
