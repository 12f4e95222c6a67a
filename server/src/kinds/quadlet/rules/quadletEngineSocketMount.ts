import type { UnitFileRule } from '../../unit/ruleContext';
import { mounts } from '../podmanArgs';
import { wordsRange } from '../podmanEdits';

/** The API sockets of Docker and Podman, rootful and rootless, as written in unit files. */
const ENGINE_SOCKET = /(^|\/)(docker|podman)\.sock$/;

export const quadletEngineSocketMount: UnitFileRule = {
  meta: {
    id: 'SCT503',
    name: 'quadlet-engine-socket-mount',
    kind: 'quadlet',
    defaultSeverity: 'warning',
    summary: 'the Podman or Docker API socket mounted into the container',
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
  appliesTo: (doc) => doc.fileType === 'quadlet-container',
  check(ctx) {
    return mounts(ctx)
      .filter((m) => ENGINE_SOCKET.test(m.source))
      .map((m) => ({
        range: m.words ? wordsRange(m.words) : m.entry.range,
        message:
          `${m.source} is the ${/docker/.test(m.source) ? 'Docker' : 'Podman'} API socket: the container can ` +
          `start privileged containers through it (":ro" does not help). Mount it only where it is needed.`,
        detail:
          `Through it the container gets ${socketPower(m.source)}. ` +
          '":ro" makes the socket file read-only, not the API.',
      }));
  },
};

/** What the engine API socket at `source` gives whoever can reach it. */
function socketPower(source: string): string {
  if (/^%t\//.test(source)) {
    return 'root on the host from a system unit, where %t is /run; all the user can do from a user unit';
  }
  return /^\/run\/user\/|^%h\//.test(source) ? 'all the user can do' : 'root on the host';
}
