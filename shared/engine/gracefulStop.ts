/**
 * Stopping a systemd container so that systemd shuts down cleanly: leftover exec sessions hung
 * up first, then the engine's stop with the container's own stop signal.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { execIn } from './exec';
import { markStopping } from './stoppingContainers';
import { stopContainer, type StopResult } from './units';

/**
 * A `docker exec -it … bash` whose client went away (its terminal was closed) keeps running.
 * Before a stop, hang up every process `docker exec` started (parent PID 0 in the container,
 * other than PID 1 and runc's init of an exec being set up), so shells and followers end by
 * themselves rather than by systemd-shutdown's SIGKILL. (Measured with systemd 252 on the test
 * dockerd: a leftover interactive bash alone does not hold the shutdown, it is SIGKILLed within
 * 0.2 s; what does hold it is an exec caught half set up, see stoppingContainers.ts.) One line per
 * process on stdout: `hup <pid> <comm>`. A constant script, no input in it; images without `sh`
 * are left as they are.
 */
const HANG_UP_EXEC_SESSIONS = [
  'for s in /proc/[0-9]*/status; do p=${s#/proc/}; p=${p%/status}',
  '  [ "$p" = 1 ] || [ "$p" = $$ ] && continue',
  '  grep -q "^PPid:[[:space:]]*0$" "$s" 2>/dev/null || continue',
  '  c=$(cat "/proc/$p/comm" 2>/dev/null); case "$c" in runc*) continue;; esac',
  '  kill -HUP "$p" 2>/dev/null && echo "hup $p $c"',
  'done',
  'true',
].join('\n');

export interface HangUpResult {
  /** The exec'd processes hung up, as `comm (pid N)`. */
  hungUp: string[];
  /** Why the hang-up did not run (no sh in the image, the exec failed): the stop goes on without it. */
  error?: string;
  durationMs: number;
}

/** Reads the script's `hup <pid> <comm>` lines. */
export function parseHangUpOutput(stdout: string): string[] {
  const hungUp: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^hup (\d+) ?(.*)$/.exec(line.trim());
    if (m) hungUp.push(`${m[2] || '?'} (pid ${m[1]})`);
  }
  return hungUp;
}

export async function hangUpExecSessions(docker: Docker, id: string, endpoint: Endpoint): Promise<HangUpResult> {
  const t0 = Date.now();
  try {
    const r = await execIn(docker, id, ['/bin/sh', '-c', HANG_UP_EXEC_SESSIONS], {
      endpoint,
      timeoutMs: 5000,
      duringStop: true,
    });
    const hungUp = parseHangUpOutput(r.stdout);
    const error = r.exitCode === 0 ? undefined : (r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`;
    return { hungUp, ...(error ? { error } : {}), durationMs: Date.now() - t0 };
  } catch (e) {
    return { hungUp: [], error: e instanceof Error ? e.message : String(e), durationMs: Date.now() - t0 };
  }
}

/**
 * Stops with the container's stop signal after hanging up leftover exec sessions. From the
 * hang-up until the container has stopped no other command of this process enters it
 * (stoppingContainers.ts: an exec caught by the shutdown holds it until the engine's SIGKILL).
 */
export async function stopGracefully(
  docker: Docker,
  id: string,
  endpoint: Endpoint,
): Promise<StopResult & { stopSignal?: string; sessions?: HangUpResult }> {
  const release = markStopping(id);
  try {
    const info = await docker
      .getContainer(id)
      .inspect()
      .catch(() => undefined);
    const sessions = info?.State?.Running ? await hangUpExecSessions(docker, id, endpoint) : undefined;
    const r = await stopContainer(docker, id, { timeoutSec: 10, endpoint });
    const stopSignal = (info?.Config as { StopSignal?: string } | undefined)?.StopSignal;
    return { ...r, ...(stopSignal ? { stopSignal } : {}), ...(sessions ? { sessions } : {}) };
  } finally {
    release();
  }
}
