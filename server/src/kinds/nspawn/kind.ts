/** The .nspawn kind: systemd-nspawn's settings files. */
import type { LintedKindDescriptor } from '../kindDescriptor';
import { unitFamilyKind } from '../unit/familyKind';
import { allUnitRules } from '../unit/lint';

export const nspawnKind: LintedKindDescriptor = {
  name: 'nspawn',
  description: 'systemd-nspawn settings (.nspawn)',
  label: '.nspawn',
  ...unitFamilyKind('nspawn'),
  rules: allUnitRules.filter((r) => r.meta.kind === 'nspawn').map((r) => r.meta),
};
