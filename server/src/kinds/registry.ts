/**
 * The kind registry: one entry per file kind, the only place that lists them. Each entry joins
 * the kind's detection (./detect.ts: name patterns, content test, language ids), its linter, its
 * rules (for the catalog and the docs) and how an ignore pragma is written in it. The service,
 * the CLI, the folder walk and the rule catalog ask it; none of them names a kind.
 *
 * Adding a kind: a folder kinds/<kind>/ (model, rules/, lint.ts) and one detection entry in
 * ./detect.ts plus one entry here (docs/architecture.md walks through it).
 */
import type { Finding, RuleMeta } from '../core/types';
import type { LintOptions } from '../core/lintOptions';
import { KINDS, type KindEntry, type LintKind } from './detect';
import { lintDockerfile } from './dockerfile/lint';
import { dockerfileRules } from './dockerfile/ruleList';
import { dockerfileSyntaxRules } from './dockerfile/rules/buildkitSyntax';
import { lintCompose } from './compose/lint';
import { composeRules } from './compose/rules';
import { lintDevcontainer } from './devcontainer/lint';
import { devcontainerRules } from './devcontainer/rules';
import { describeUnitTargets, lintUnitFamily, type UnitFamilyKind } from './unit/lintFamily';
import { allUnitRules } from './unit/lint';
import { unitRules } from './unit/engineCommandRules';
import { UNIT_LIKE_EDITOR, type EditorFeatures } from './editorFeatures';

export interface KindDefinition {
  /** Detection: name patterns, content test, language ids (./detect.ts). */
  detection: KindEntry;
  /** Lint a text of this kind. */
  lint(text: string, options: LintOptions): Finding[];
  /** The kind's rules, in the order the catalog and docs/rules.md list them. */
  rules: readonly RuleMeta[];
  /** How a comment starts (the ignore pragma the quick fix inserts). */
  commentPrefix: '#' | '//';
  /** What an ignore pragma covers, as the quick fix names it: a Dockerfile instruction, else a line. */
  ignoreScope: 'instruction' | 'line';
  /** Which releases a file is judged for (CLI --verbose); undefined: the CLI says nothing. */
  targetsNote?(options: LintOptions): string;
  /** Other kinds' files read files of this kind (a Dockerfile): they are linted again when one changes. */
  readByOthers?: boolean;
  /** Files of this kind are judged for a Podman release too (the status bar shows it). */
  judgedForPodman?: boolean;
  /** Completion, hover, folding, code lenses and extra actions in the editor (./editorFeatures.ts). */
  editor?: EditorFeatures;
}

const detection = (kind: LintKind) => KINDS.find((k) => k.kind === kind)!;
const noReleaseChecks = () => 'no release-dependent checks';
const metas = (rules: readonly { meta: RuleMeta }[]) => rules.map((r) => r.meta);
const byId = (a: { meta: RuleMeta }, b: { meta: RuleMeta }) => a.meta.id.localeCompare(b.meta.id);
const unitFamily = (kind: UnitFamilyKind): Pick<KindDefinition, 'lint' | 'targetsNote' | 'editor'> => ({
  lint: (text, options) => lintUnitFamily(kind, text, options),
  targetsNote: (options) => describeUnitTargets(kind, options),
  editor: UNIT_LIKE_EDITOR,
});

/** Every kind the linter judges, in the order the rule catalog lists their rules. */
export const KIND_REGISTRY: Record<LintKind, KindDefinition> = {
  dockerfile: {
    detection: detection('dockerfile'),
    lint: lintDockerfile,
    rules: [...metas(dockerfileSyntaxRules), ...metas(dockerfileRules)],
    commentPrefix: '#',
    ignoreScope: 'instruction',
    readByOthers: true,
  },
  compose: {
    detection: detection('compose'),
    lint: lintCompose,
    rules: metas(composeRules),
    commentPrefix: '#',
    ignoreScope: 'line',
    targetsNote: noReleaseChecks,
  },
  devcontainer: {
    detection: detection('devcontainer'),
    lint: lintDevcontainer,
    rules: metas(devcontainerRules),
    commentPrefix: '//',
    ignoreScope: 'line',
    targetsNote: noReleaseChecks,
  },
  // The three INI kinds share the unit-file model and one rule run (kinds/unit/lint.ts): the
  // run-line rules (SCT3xx) and the directive and units-in-images rules (SCT4xx, SCT7xx) are
  // listed under unit, the Quadlet (SCT5xx) and .nspawn (SCT6xx) rules under their kinds.
  unit: {
    detection: detection('unit'),
    ...unitFamily('unit'),
    rules: [...metas([...unitRules].sort(byId)), ...metas(allUnitRules.filter((r) => r.meta.kind === 'unit'))],
    commentPrefix: '#',
    ignoreScope: 'line',
  },
  quadlet: {
    detection: detection('quadlet'),
    ...unitFamily('quadlet'),
    rules: metas(allUnitRules.filter((r) => r.meta.kind === 'quadlet')),
    commentPrefix: '#',
    ignoreScope: 'line',
    judgedForPodman: true,
  },
  nspawn: {
    detection: detection('nspawn'),
    ...unitFamily('nspawn'),
    rules: metas(allUnitRules.filter((r) => r.meta.kind === 'nspawn')),
    commentPrefix: '#',
    ignoreScope: 'line',
  },
};

/** The registry entry of a kind. */
export function kindDefinition(kind: LintKind): KindDefinition {
  return KIND_REGISTRY[kind];
}

/** The editor features of a document's language: the first kind serving that language that has them. */
export function editorFeatures(languageId: string): EditorFeatures | undefined {
  return Object.values(KIND_REGISTRY).find((k) => k.editor && k.detection.languageIds.includes(languageId))?.editor;
}
