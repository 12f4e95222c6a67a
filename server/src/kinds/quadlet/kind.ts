/** The Quadlet kind: Podman's unit-like files (.container, .pod, .kube, .network, …, .quadlets). */
import type { LintedKindDescriptor } from '../kindDescriptor';
import { unitFamilyKind } from '../unit/familyKind';
import { allUnitRules } from '../unit/lint';

export const quadletKind: LintedKindDescriptor = {
  name: 'quadlet',
  description: 'Quadlet file (.container, .pod, .kube, .network, .volume, .image, .build, .artifact, .quadlets)',
  label: 'Quadlet',
  ...unitFamilyKind('quadlet'),
  rules: allUnitRules.filter((r) => r.meta.kind === 'quadlet').map((r) => r.meta),
  judgedForPodman: true,
};
