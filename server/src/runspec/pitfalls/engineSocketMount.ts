import type { Pitfall } from './types';

/** The API sockets of Docker and Podman, rootful and rootless, as written in run configurations. */
const ENGINE_SOCKET = /(^|\/)(docker|podman)\.sock$/;

/** The engine's API socket mounted into a container: the container controls the engine. */
export const engineSocketMountPitfall: Pitfall = {
  meta: {
    id: 'engine-socket-mount',
    scope: 'every-container',
    summary: 'the Podman or Docker API socket mounted into the container',
    defaultSeverity: 'warning',
    explanation:
      "Whoever can talk to the engine's API socket can start a container with any mount and any privilege: the " +
      'system socket (`/run/podman/podman.sock`, `/var/run/docker.sock`) is root on the host, a rootless one ' +
      '(`%t/podman/podman.sock`, `/run/user/%U/podman/podman.sock`) is everything that user can do. `:ro` on ' +
      'the mount does not help — it makes the socket file read-only, not the API, and connecting to a socket ' +
      'needs no write permission on it. Some tools need it by design (dashboards, updaters, Nextcloud AIO): ' +
      'then give them a filtering proxy or at least know that the container is as trusted as the host.',
    sources: [
      'podman-system-service(1) / Docker "Protect the Docker daemon socket" (the API grants full control of the ' +
        'engine)',
      'unix(7): connecting to a stream socket needs write permission on the socket; Linux fs/namei.c sb_permission ' +
        'applies the read-only-mount check only to regular files, directories and symlinks, not to sockets',
    ],
  },
  check({ spec }) {
    return spec.mounts
      .filter((m) => m.kind !== 'tmpfs' && m.source !== undefined && ENGINE_SOCKET.test(m.source))
      .map((m) => ({
        pitfall: 'engine-socket-mount' as const,
        range: m.range,
        mount: m,
        message:
          `${m.source} is the ${/docker/.test(m.source!) ? 'Docker' : 'Podman'} API socket: the container can ` +
          `start privileged containers through it (":ro" does not help). Mount it only where it is needed.`,
        detail:
          `Through it the container gets ${socketPower(m.source!)}. ` +
          '":ro" makes the socket file read-only, not the API.',
      }));
  },
  fix: () => undefined,
};

/** What the engine API socket at `source` gives whoever can reach it (`%t`, `%h`: unit specifiers). */
function socketPower(source: string): string {
  if (/^%t\//.test(source)) {
    return 'root on the host from a system unit, where %t is /run; all the user can do from a user unit';
  }
  return /^\/run\/user\/|^%h\//.test(source) ? 'all the user can do' : 'root on the host';
}
