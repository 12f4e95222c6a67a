/**
 * Kubernetes and OpenShift manifests: recognised so that a folder walk or an editor does not take
 * them for compose files, and skipped with a reason (they are not run configurations we judge).
 */
import type { SkippedKindDescriptor } from '../kindDescriptor';
import { topLevelYamlKeys } from '../compose/detection';

/** A Kubernetes or OpenShift manifest: top-level `apiVersion:` and `kind:` (in any of its documents). */
export function looksLikeKubernetes(text: string): boolean {
  const keys = topLevelYamlKeys(text);
  return keys.has('apiVersion') && keys.has('kind');
}

export const kubernetesKind: SkippedKindDescriptor = {
  name: 'kubernetes',
  description: 'Kubernetes or OpenShift manifest (recognised and skipped)',
  label: 'Kubernetes manifest',
  languageIds: ['yaml'],
  byName: (path) => (/\.ya?ml$/i.test(path) ? 'hint' : undefined),
  byContent: looksLikeKubernetes,
  skipReason: 'a Kubernetes/OpenShift manifest (apiVersion and kind): not linted',
};
