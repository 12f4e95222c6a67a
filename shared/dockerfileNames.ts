/**
 * The names a Dockerfile goes by, for the kind registry's detection (server/src/kinds/detect.ts)
 * and the client's build and run commands alike: one set of patterns, matched on a base name.
 */

/** Dockerfile, Containerfile, *.dockerfile, *.containerfile: certain. */
export const DOCKERFILE_CERTAIN = /^(dockerfile|containerfile)$|\.(dockerfile|containerfile)$/i;
/** Dockerfile.fedora, Containerfile-dev, Dockerfile_ci, dev.Dockerfile.j2: the content decides. */
export const DOCKERFILE_HINT = /^(dockerfile|containerfile)[._-].+|\.(dockerfile|containerfile)\.[^.]+$/i;

/** Named like a Dockerfile, certainly or as a hint (a base name, no folders). */
export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_CERTAIN.test(name) || DOCKERFILE_HINT.test(name);
}
