/** devcontainer.json recognised by its path (the kind's detection, ./kind.ts). */

/** .devcontainer.json, .devcontainer/devcontainer.json, .devcontainer/<name>/devcontainer.json. */
export function isDevcontainerPath(path: string): boolean {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = parts[parts.length - 1];
  if (name === '.devcontainer.json') return true;
  return (
    name === 'devcontainer.json' &&
    (parts[parts.length - 2] === '.devcontainer' || parts[parts.length - 3] === '.devcontainer')
  );
}
