/** The Molecule kind's linter: the systemd-in-container pitfalls of each platform of a scenario. */
import type { Finding } from '../../core/types';
import { runConfigRules } from '../../core/runRules';
import { unlintableReason, type LintOptions } from '../../core/lintOptions';
import { parseMolecule } from './model';
import { MoleculeContext } from './rules/context';
import { moleculeRules } from './rules';

/** Lint a Molecule scenario (molecule/<scenario>/molecule.yml). */
export function lintMolecule(text: string, options: LintOptions = {}): Finding[] {
  if (unlintableReason(text)) return [];
  const scenario = parseMolecule(text);
  if (scenario.platforms.length === 0) return [];
  return runConfigRules(moleculeRules, new MoleculeContext(scenario), scenario.lines, options);
}
