/** Molecule rules (SCT8xx), in id order. */
import type { MoleculeRule } from './context';
import { moleculePitfallRules } from './pitfallAdapter';
import { moleculeNoInitCommand } from './noInitCommand';

export const moleculeRules: MoleculeRule[] = [...moleculePitfallRules, moleculeNoInitCommand];
