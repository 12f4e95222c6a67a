/**
 * Names for the containers "Run with systemd" creates. Left to the engine, a container gets two
 * random words (`quirky_turing`); named after its image, it is the name a person types in
 * `docker exec -it web bash` and recognises in `docker ps`.
 */
import type Docker from 'dockerode';
import { serviceNameFromImage, type RunProfile } from './runProfile';
import { toEngineError } from './errors';
import type { Endpoint } from './endpoint';

/** The engine's container name grammar (daemon/names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The image's name (`web` for `sct-local/web:latest`), or `systemd-container` when it makes no valid name. */
export function containerNameFor(image: string): string {
  const base = serviceNameFromImage(image).replace(/^[^a-z0-9]+/, '');
  return VALID_NAME.test(base) ? base : 'systemd-container';
}

/**
 * The first of `base`, `base-2`, `base-3` … that no container (running or not) has. A container
 * created with the same name in between makes the create fail with the engine's own message.
 */
export async function freeContainerName(docker: Docker, base: string, endpoint?: Endpoint): Promise<string> {
  const all = await docker.listContainers({ all: true }).catch((e: unknown) => {
    throw toEngineError(e, endpoint);
  });
  const taken = new Set(all.flatMap((c) => (c.Names ?? []).map((n) => n.replace(/^\//, ''))));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The profile with the container's name set where the create call and the shown command read it. */
export function namedProfile(profile: RunProfile, name: string): RunProfile {
  return { ...profile, spec: { ...profile.spec, name }, create: { ...profile.create, name } };
}
