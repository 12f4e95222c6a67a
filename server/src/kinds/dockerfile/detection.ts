/** A Dockerfile recognised by its content, whatever its name (the kind's detection, ./kind.ts). */
import { parseDockerfileText } from '../../../../shared/dockerfileParser';
import { DOCKERFILE_INSTRUCTIONS } from './buildkitErrors';

/**
 * A Dockerfile judged by its instructions: the first one (after ARGs) is FROM, and at least four
 * in five of them are instructions BuildKit knows. Prose, scripts and INI files fail the first test.
 */
export function looksLikeDockerfile(text: string): boolean {
  const doc = parseDockerfileText(text);
  const ins = doc.instructions;
  const first = ins.find((i) => i.keyword !== 'ARG');
  if (!first || first.keyword !== 'FROM' || first.args.length === 0) return false;
  const known = ins.filter((i) => DOCKERFILE_INSTRUCTIONS.has(i.keyword)).length;
  return known * 5 >= ins.length * 4;
}
