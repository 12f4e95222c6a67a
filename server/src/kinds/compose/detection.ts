/** A compose file recognised by its name and content (the kind's detection, ./kind.ts). */

/** Top-level keys of a YAML text (lines that start a key in column 0), from a quick line scan. */
export function topLevelYamlKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/^(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][\w.-]*))[ \t]*:(?=[ \t]|$)/gm))
    keys.add(m[1] ?? m[2] ?? m[3]);
  return keys;
}

/** Keys a compose service may have (compose-spec): one of them marks a mapping as a service. */
const SERVICE_KEYS = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'volumes',
  'depends_on',
  'extends',
  'deploy',
  'networks',
  'restart',
  'container_name',
  'privileged',
  'tmpfs',
  'cgroup',
  'cgroup_parent',
  'cap_add',
  'stop_signal',
  'healthcheck',
  'labels',
  'expose',
  'working_dir',
  'user',
  'hostname',
  'init',
  'profiles',
  'secrets',
  'configs',
  'devices',
  'security_opt',
  'network_mode',
  'stdin_open',
  'tty',
  'logging',
  'ulimits',
  'platform',
]);

/**
 * A compose file: a YAML mapping with `services:` whose entries are mappings with service keys
 * (`image:`, `build:`, …), read from the indentation without a YAML parse. A Kubernetes manifest
 * (top-level `apiVersion:` and `kind:`) is not one.
 */
export function looksLikeCompose(text: string): boolean {
  const keys = topLevelYamlKeys(text);
  if (!keys.has('services') || (keys.has('apiVersion') && keys.has('kind'))) return false;
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^(?:services|"services"|'services')[ \t]*:[ \t]*(#.*)?$/.test(l));
  if (at < 0) return false;
  let serviceIndent = -1;
  let keyIndent = -1;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = /^ */.exec(line)![0].length;
    if (indent === 0) break; // the next top-level key
    const key = /^ *(?:"([^"]+)"|'([^']+)'|([^\s:#][^:#]*?))[ \t]*:(?=[ \t]|$)/.exec(line);
    if (!key) continue;
    const name = key[1] ?? key[2] ?? key[3];
    if (serviceIndent < 0) serviceIndent = indent;
    if (indent === serviceIndent) {
      keyIndent = -1;
      continue;
    }
    if (keyIndent < 0) keyIndent = indent;
    if (indent === keyIndent && SERVICE_KEYS.has(name)) return true;
  }
  return false;
}

/** compose.yaml, compose.override.yml, docker-compose.yml, docker-compose.prod.yaml, docker-compose-dev.yml. */
export const COMPOSE_CERTAIN = /^compose(\.[\w-]+)*\.ya?ml$|^docker-compose[\w.-]*\.ya?ml$/i;
