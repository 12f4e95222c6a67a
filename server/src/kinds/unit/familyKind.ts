/**
 * What the three INI kinds (unit, Quadlet, .nspawn) share in their descriptors: they share the
 * unit-file model and one rule run (./lintFamily.ts), are told apart by name and content
 * (./detection.ts), are judged as the file a `.in` template makes, and have one set of editor
 * features. Each kind's own descriptor (unit/kind.ts, quadlet/kind.ts, nspawn/kind.ts) adds its rules.
 */
import type { LintedKindDescriptor } from '../kindDescriptor';
import type { EditorFeatures } from '../editorFeatures';
import { describeUnitTargets, lintUnitFamily, type UnitFamilyKind } from './lintFamily';
import { unitByContent, unitByName, unitFamily } from './detection';
import { templateTarget } from './fileType';
import { unitDocumentCompletion, unitDocumentHover, unitFoldingRanges, workspaceUnitNames } from './editor';
import { exposureHover, exposureLenses, hardeningAction } from '../../security/editor';

/** The editor features of the unit-like kinds (unit, Quadlet, .nspawn), one set for all three. */
export const UNIT_LIKE_EDITOR: EditorFeatures = {
  untitledPath: '/untitled.service',
  completion: unitDocumentCompletion,
  namesAmong: workspaceUnitNames,
  // The exposure table of [Service] stands alone; elsewhere the man page's text under the findings'.
  hover: async (path, text, position, targets) => {
    const exposure = exposureHover(path, text, position);
    if (exposure) return { hover: exposure, withFindings: false };
    return { hover: unitDocumentHover(path, text, position, await targets()), withFindings: true };
  },
  folding: unitFoldingRanges,
  codeLenses: exposureLenses,
  extraQuickFixes: (uri, path, text, range, config) => {
    const harden = hardeningAction(uri, path, text, range, config);
    return harden ? [harden] : [];
  },
  judgedForReleases: true,
};

type FamilyPart = Omit<LintedKindDescriptor, 'name' | 'description' | 'label' | 'rules'>;

/** The descriptor fields one unit-like kind shares with the other two. */
export function unitFamilyKind(family: UnitFamilyKind): FamilyPart {
  return {
    languageIds: ['systemd-unit'],
    // Any unit-like name is a hint for each of the three: `.network` is networkd's or Quadlet's by content.
    byName: unitByName,
    byContent: unitByContent(family),
    // A systemd-unit document is the family its path and text say, a plain unit when they say none.
    byLanguage: (languageId, path, text) =>
      languageId === 'systemd-unit' &&
      ((path ? unitFamily(path.replace(/\\/g, '/'), text) : undefined) ?? 'unit') === family,
    lintPath: templateTarget,
    lint: (text, options) => lintUnitFamily(family, text, options),
    targetsNote: (options) => describeUnitTargets(family, options),
    commentPrefix: '#',
    ignoreScope: 'line',
    editor: UNIT_LIKE_EDITOR,
  };
}
