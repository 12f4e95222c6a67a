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
 * other than PID 1 and runc's init of an exec being set up), give them a second, and kill those
 * still there (a shell that inherited SIGHUP ignored keeps running). One line per process on
 * stdout: `hup|kill <pid> <comm>`. A constant script, no input in it; images without `sh` are
 * left as they are.
 */
const HANG_UP_EXEC_SESSIONS = [
  'found=',
  'for s in /proc/[0-9]*/status; do p=${s#/proc/}; p=${p%/status}',
  '  [ "$p" = 1 ] || [ "$p" = $$ ] && continue',
  '  grep -q "^PPid:[[:space:]]*0$" "$s" 2>/dev/null || continue',
  '  c=$(cat "/proc/$p/comm" 2>/dev/null); case "$c" in runc*) continue;; esac',
  '  kill -HUP "$p" 2>/dev/null && found="$found $p" && echo "hup $p $c"',
  'done',
  'left=$found',
  'for i in 1 2 3 4 5 6 7 8 9 10; do',
  '  [ -z "$left" ] && break',
  '  sleep 0.1 2>/dev/null || break',
  '  still=; for p in $left; do',
  '    grep -qs "^State:[[:space:]]*[^Z]" "/proc/$p/status" && still="$still $p"',
  '  done; left=$still',
  'done',
  'for p in $left; do echo "kill $p $(cat "/proc/$p/comm" 2>/dev/null)"; kill -KILL "$p" 2>/dev/null; done',
  'true',
].join('\n');

export interface HangUpResult {
  /** The exec'd processes hung up, as `comm (pid N)`. */
  hungUp: string[];
  /** Those still running a second later, killed. */
  killed: string[];
  /** Why the hang-up did not run (no sh in the image, the exec failed): the stop goes on without it. */
  error?: string;
  durationMs: number;
}

/** Reads the script's `hup|kill <pid> <comm>` lines. */
export function parseHangUpOutput(stdout: string): Pick<HangUpResult, 'hungUp' | 'killed'> {
  const hungUp: string[] = [];
  const killed: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(hup|kill) (\d+) ?(.*)$/.exec(line.trim());
    if (m) (m[1] === 'hup' ? hungUp : killed).push(`${m[3] || '?'} (pid ${m[2]})`);
  }
  return { hungUp, killed };
}

export async function hangUpExecSessions(docker: Docker, id: string, endpoint: Endpoint): Promise<HangUpResult> {
  const t0 = Date.now();
  try {
    const r = await execIn(docker, id, ['/bin/sh', '-c', HANG_UP_EXEC_SESSIONS], { endpoint, timeoutMs: 5000 });
    const parsed = parseHangUpOutput(r.stdout);
    const error = r.exitCode === 0 ? undefined : (r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`;
    return { ...parsed, ...(error ? { error } : {}), durationMs: Date.now() - t0 };
  } catch (e) {
    return { hungUp: [], killed: [], error: e instanceof Error ? e.message : String(e), durationMs: Date.now() - t0 };
  }
}

/** Stops with the container's stop signal after hanging up leftover exec sessions. */
export async function stopGracefully(
  docker: Docker,
  id: string,
  endpoint: Endpoint,
): Promise<StopResult & { stopSignal?: string; sessions?: HangUpResult }> {
  const info = await docker
    .getContainer(id)
    .inspect()
    .catch(() => undefined);
  const sessions = info?.State?.Running ? await hangUpExecSessions(docker, id, endpoint) : undefined;
  const r = await stopContainer(docker, id, { timeoutSec: 10, endpoint });
  const stopSignal = (info?.Config as { StopSignal?: string } | undefined)?.StopSignal;
  return { ...r, ...(stopSignal ? { stopSignal } : {}), ...(sessions ? { sessions } : {}) };
}
