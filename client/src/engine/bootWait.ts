/**
 * Waiting for systemd to finish booting, wherever it runs (a container, an nspawn machine):
 * polls `systemctl is-system-running` through the target (its own `--wait` can answer
 * `running` while a unit is still in its restart loop, so the answer is re-checked once jobs
 * have settled). The caller owns the machine's lifecycle; this only watches.
 */
import type { SystemdTarget } from './exec';
import { listFailedUnits, type UnitState } from './units';
import { diagnose, type Diagnosis } from './diagnosis';

/** States `systemctl is-system-running` prints; `no-bus` while systemd's bus is not up yet. */
export type SystemState = 'initializing' | 'starting' | 'running' | 'degraded' | 'maintenance' | 'stopping' | 'offline' | 'unknown' | 'no-bus';

export function parseSystemState(stdout: string, stderr: string): SystemState {
  const out = stdout.trim().split('\n').pop()?.trim() ?? '';
  if (/Failed to connect to bus|Failed to get D-Bus connection|System has not been booted/i.test(stderr) && !out) {
    return /System has not been booted/i.test(stderr) ? 'offline' : 'no-bus';
  }
  const known: SystemState[] = ['initializing', 'starting', 'running', 'degraded', 'maintenance', 'stopping', 'offline', 'unknown'];
  return (known as string[]).includes(out) ? (out as SystemState) : 'unknown';
}

export type WaitOutcome =
  /** Booted: the state held through the quiet period. */
  | { kind: 'settled'; state: 'running' | 'degraded' }
  /** The machine or container stopped during the boot. */
  | { kind: 'exited'; exitCode?: number; last?: SystemState }
  /** systemd itself says the boot went wrong. */
  | { kind: 'bad-state'; state: 'maintenance' | 'stopping' | 'offline' }
  | { kind: 'timeout'; last?: SystemState }
  | { kind: 'aborted' };

export interface WaitOptions {
  /** Deadline (ms since the epoch) for the whole wait, settle included. */
  deadline: number;
  /** Quiet time after the first `running`/`degraded` before the answer counts (default 3 s). */
  settleMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Whether the machine still runs (and its exit code when not); asked before each poll. */
  alive(): Promise<{ running: boolean; exitCode?: number }>;
  /** An exec error that only means "stopped between alive() and exec": poll again. */
  isGone?(e: unknown): boolean;
  /**
   * How long `offline` ("System has not been booted with systemd") may last before it counts:
   * asked right after PID 1 started, systemd may not have said it is there yet (default 0).
   */
  offlineGraceMs?: number;
  onState?(state: SystemState): void;
  onSettling?(state: SystemState): void;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

async function currentState(target: SystemdTarget, signal: AbortSignal | undefined): Promise<SystemState> {
  const r = await target.exec(['systemctl', 'is-system-running'], { timeoutMs: 10_000, ...(signal ? { signal } : {}) });
  return parseSystemState(r.stdout, r.stderr);
}

export async function waitForBoot(target: SystemdTarget, options: WaitOptions): Promise<WaitOutcome> {
  const { signal, deadline } = options;
  const pollMs = options.pollMs ?? 250;
  const started = Date.now();
  let last: SystemState | undefined;
  while (Date.now() < deadline) {
    if (signal?.aborted) return { kind: 'aborted' };
    const alive = await options.alive();
    if (!alive.running) return { kind: 'exited', ...(alive.exitCode !== undefined ? { exitCode: alive.exitCode } : {}), ...(last ? { last } : {}) };
    let state: SystemState;
    try {
      state = await currentState(target, signal);
    } catch (e) {
      if (signal?.aborted) return { kind: 'aborted' };
      if (options.isGone?.(e)) continue;
      throw e;
    }
    if (state !== last) options.onState?.(state);
    last = state;
    if (state === 'running' || state === 'degraded') {
      options.onSettling?.(state);
      const settled = await settle(target, state, options.settleMs ?? 3_000, deadline, signal);
      if (signal?.aborted) return { kind: 'aborted' };
      if (settled === 'running' || settled === 'degraded') return { kind: 'settled', state: settled };
      last = settled;
      continue;
    }
    if (state === 'offline' && Date.now() - started < (options.offlineGraceMs ?? 0)) {
      await sleep(pollMs, signal);
      continue;
    }
    if (state === 'maintenance' || state === 'stopping' || state === 'offline') return { kind: 'bad-state', state };
    await sleep(pollMs, signal);
  }
  return { kind: 'timeout', ...(last ? { last } : {}) };
}

/**
 * Waits for `settleMs` of quiet: no queued jobs, no unit activating or waiting to restart, and
 * the same system state throughout. Any activity restarts the quiet period. A unit in a
 * restart loop (auditd in a container) makes systemd say `running` first and `degraded` only
 * when the loop gives up.
 */
async function settle(target: SystemdTarget, first: SystemState, settleMs: number, deadline: number, signal: AbortSignal | undefined): Promise<SystemState> {
  const opts = { timeoutMs: 10_000, ...(signal ? { signal } : {}) };
  let state = first;
  let quietSince = Date.now();
  while (Date.now() < deadline && !signal?.aborted) {
    // The three questions at once: each is an exec round trip, and the poll's length is the
    // granularity of the quiet period's end.
    const [jobs, busy, now] = await Promise.all([
      target.exec(['systemctl', 'list-jobs', '--no-legend', '--plain'], opts),
      target.exec(['systemctl', 'list-units', '--all', '--state=auto-restart,activating,deactivating', '--plain', '--no-legend'], opts),
      currentState(target, signal),
    ]);
    if (jobs.stdout.trim() || busy.stdout.trim() || now !== state) {
      state = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= settleMs) {
      break;
    }
    await sleep(250, signal);
  }
  return state;
}

/** For a degraded boot: the failed units and their own journal lines, run through the boot-log patterns. */
export async function degradedDiagnosis(target: SystemdTarget): Promise<{ failedUnits: UnitState[]; diagnosis: Diagnosis }> {
  const failed = await listFailedUnits(target);
  const chunks: string[] = [];
  for (const u of failed.slice(0, 5)) {
    const r = await target.exec(['journalctl', '--no-pager', '-o', 'cat', '-n', '30', '-u', u.unit], { timeoutMs: 10_000 }).catch(() => undefined);
    if (r) chunks.push(`${u.unit}:\n${r.stdout}`);
  }
  const d = diagnose({ log: chunks.join('\n'), tty: true });
  const names = failed.map((u) => u.unit).join(', ');
  return { failedUnits: failed, diagnosis: { ...d, summary: `Degraded: ${failed.length} failed unit${failed.length === 1 ? '' : 's'} (${names}).${d.findings.length ? ' ' + d.summary : ''}` } };
}
