/** A Molecule scenario recognised by its name and content (the kind's detection, ./kind.ts). */
import { topLevelYamlKeys } from '../compose/detection';

/** `molecule.yml` in a `molecule/<scenario>/` folder is certain; elsewhere the content decides. */
export function moleculeByName(path: string): 'certain' | 'hint' | undefined {
  const parts = path.split('/');
  if (!/^molecule\.ya?ml$/.test(parts[parts.length - 1])) return undefined;
  return parts[parts.length - 3] === 'molecule' ? 'certain' : 'hint';
}

/** A Molecule scenario: top-level `platforms:` beside `driver:`, `provisioner:` or `scenario:`. */
export function looksLikeMolecule(text: string): boolean {
  const keys = topLevelYamlKeys(text);
  return keys.has('platforms') && (keys.has('driver') || keys.has('provisioner') || keys.has('scenario'));
}
