/** The systemd unit kind: units of any type, drop-ins and *.in templates. */
import type { LintedKindDescriptor } from '../kindDescriptor';
import { unitFamilyKind } from './familyKind';
import { allUnitRules } from './lint';
import { unitRules } from './engineCommandRules';

export const unitKind: LintedKindDescriptor = {
  name: 'unit',
  description: 'systemd unit of any type, drop-in or *.in template (.service, .socket, .timer, .mount …)',
  label: 'unit',
  ...unitFamilyKind('unit'),
  // The run-line rules (SCT3xx) in id order, then the directive and units-in-images rules (SCT4xx, SCT7xx).
  rules: [
    ...[...unitRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id)),
    ...allUnitRules.filter((r) => r.meta.kind === 'unit'),
  ].map((r) => r.meta),
  standardInput: { probe: 'stdin.service', applies: (text) => /^[ \t]*\[/m.test(text) },
};
