/** The Molecule kind: Ansible role test scenarios, whose platforms are container run configurations. */
import type { LintedKindDescriptor } from '../kindDescriptor';
import { looksLikeMolecule, moleculeByName } from './detection';
import { lintMolecule } from './lint';
import { moleculeRules } from './rules';

export const moleculeKind: LintedKindDescriptor = {
  name: 'molecule',
  description: 'Molecule scenario (molecule/<scenario>/molecule.yml: docker and podman platforms)',
  label: 'molecule.yml',
  languageIds: ['yaml'],
  byName: moleculeByName,
  byContent: looksLikeMolecule,
  lint: lintMolecule,
  rules: moleculeRules.map((r) => r.meta),
  commentPrefix: '#',
  ignoreScope: 'line',
  targetsNote: () => 'no release-dependent checks',
};
