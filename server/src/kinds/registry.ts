/**
 * The kind registry: the list of file kinds, the only place that names them. Each kind's folder
 * exports one descriptor (kinds/<kind>/kind.ts: name, detection, language ids, linter, rules,
 * editor features; ./kindDescriptor.ts). Detection (./detect.ts), the service, the CLI, the folder
 * walk and the rule catalog ask the descriptors; none of them names a kind.
 *
 * Adding a kind: a folder kinds/<kind>/ with its kind.ts, and one line here (docs/architecture.md
 * walks through a real one).
 */
import type { KindDescriptor, LintedKindDescriptor } from './kindDescriptor';
import type { EditorFeatures } from './editorFeatures';
import { dockerfileKind } from './dockerfile/kind';
import { composeKind } from './compose/kind';
import { kubernetesKind } from './kubernetes/kind';
import { devcontainerKind } from './devcontainer/kind';
import { moleculeKind } from './molecule/kind';
import { quadletKind } from './quadlet/kind';
import { nspawnKind } from './nspawn/kind';
import { unitKind } from './unit/kind';

/**
 * Every kind, in the order detection tries them (a certain name wins at once, a hinted one when
 * its content agrees) and `--help` lists them. The rule catalog lists rules by id block, whatever
 * this order.
 */
export const KINDS: readonly KindDescriptor[] = [
  dockerfileKind,
  composeKind,
  kubernetesKind,
  devcontainerKind,
  moleculeKind,
  quadletKind,
  nspawnKind,
  unitKind,
];

/** The kinds the linter judges, in registry order. */
export const LINTED_KINDS: readonly LintedKindDescriptor[] = KINDS.filter(
  (k): k is LintedKindDescriptor => !k.skipReason,
);

/** A kind's name: one of the registry's linted kinds (`--kind`, the rules' `kind`). */
export type LintKind = string;

/** The names of the kinds the linter judges (for `--kind` and `--help`), in registry order. */
export const LINT_KINDS: readonly LintKind[] = LINTED_KINDS.map((k) => k.name);

/** The descriptor of a linted kind; throws on a name that is none (a programming error). */
export function kindNamed(name: LintKind): LintedKindDescriptor {
  const kind = LINTED_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`no file kind named "${name}" (${LINT_KINDS.join(', ')})`);
  return kind;
}

/** The editor features of a document's language: the first kind serving that language that has them. */
export function editorFeatures(languageId: string): EditorFeatures | undefined {
  return LINTED_KINDS.find((k) => k.editor && k.languageIds.includes(languageId))?.editor;
}
