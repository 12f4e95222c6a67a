/**
 * Stopping a systemd container so that systemd shuts down cleanly: leftover exec sessions hung
 * up first, then the engine's stop with the container's own stop signal.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { execIn } from './exec';
import { stopContainer, type StopResult } from './units';

/**
 * A `docker exec -it … bash` whose client went away (its terminal was closed) keeps running, and
 * an interactive bash ignores SIGTERM: systemd's shutdown then waits for it until the engine
 * SIGKILLs the container (measured on the test dockerd: 10 s, exit 137, even with SIGRTMIN+3).
 * Before a stop, hang up every process `docker exec` started (parent PID 0 in the container,
 * other than PID 1). A constant script, no input in it; images without `sh` are left as they are.
 */
const HANG_UP_EXEC_SESSIONS =
  'for s in /proc/[0-9]*/status; do p=${s#/proc/}; p=${p%/status}; [ "$p" = 1 ] || [ "$p" = $$ ] && continue; ' +
  'grep -q "^PPid:[[:space:]]*0$" "$s" 2>/dev/null && kill -HUP "$p" 2>/dev/null; done; true';

export async function hangUpExecSessions(docker: Docker, id: string, endpoint: Endpoint): Promise<void> {
  await execIn(docker, id, ['/bin/sh', '-c', HANG_UP_EXEC_SESSIONS], { endpoint, timeoutMs: 5000 }).catch(
    () => undefined,
  );
}

/** Stops with the container's stop signal after hanging up leftover exec sessions. */
export async function stopGracefully(
  docker: Docker,
  id: string,
  endpoint: Endpoint,
): Promise<StopResult & { stopSignal?: string }> {
  const info = await docker
    .getContainer(id)
    .inspect()
    .catch(() => undefined);
  if (info?.State?.Running) await hangUpExecSessions(docker, id, endpoint);
  const r = await stopContainer(docker, id, { timeoutSec: 10, endpoint });
  const stopSignal = (info?.Config as { StopSignal?: string } | undefined)?.StopSignal;
  return { ...r, ...(stopSignal ? { stopSignal } : {}) };
}
