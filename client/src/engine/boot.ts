/**
 * Create → start → wait until systemd inside says the boot is over. The wait polls
 * `systemctl is-system-running` through exec (its own `--wait` can answer `running` while a
 * unit is still in its restart loop, so the answer is re-checked once jobs have settled).
 * Nothing half-started is left behind: a failed or cancelled boot removes the container unless
 * the profile asks to keep it.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './connection';
import { diagnose, fetchDiagnosis, type Diagnosis } from './diagnosis';
import { EngineError, daemonMessage, toEngineError } from './errors';
import { execIn } from './exec';
import type { RunProfile } from './runProfile';
import { listFailedUnits, type UnitState } from './units';

export type BootPhase = 'creating' | 'starting' | 'waiting' | 'settling' | 'diagnosing' | 'cleaning-up';

export interface BootEvent {
  phase: BootPhase;
  message: string;
  elapsedMs: number;
  systemState?: string;
  containerId?: string;
}

export interface BootOptions {
  /** Whole boot, from create to settled (default 90 s). */
  timeoutMs?: number;
  /** Quiet time after the first `running`/`degraded` before asking again (default 3 s). */
  settleMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (e: BootEvent) => void;
  endpoint?: Endpoint;
  /** From the image probe; sharpens the diagnosis of a missing init. */
  imageHasSystemd?: boolean;
}

export type BootFailureReason = 'start-error' | 'exited' | 'timeout' | 'maintenance' | 'not-systemd' | 'stopping';

export type BootResult =
  | { status: 'running'; containerId: string; seconds: number }
  | { status: 'degraded'; containerId: string; seconds: number; failedUnits: UnitState[]; diagnosis: Diagnosis }
  | {
      status: 'failed';
      reason: BootFailureReason;
      containerId: string;
      /** False when the container was removed (the default). */
      kept: boolean;
      seconds: number;
      systemState?: string;
      diagnosis: Diagnosis;
      message: string;
    };

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

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

export async function bootContainer(docker: Docker, profile: RunProfile, options: BootOptions = {}): Promise<BootResult> {
  const t0 = Date.now();
  const timeoutMs = options.timeoutMs ?? 90_000;
  const settleMs = options.settleMs ?? 3_000;
  const pollMs = options.pollMs ?? 250;
  const signal = options.signal;
  const endpoint = options.endpoint;
  const seconds = (): number => Math.round((Date.now() - t0) / 100) / 10;
  const progress = (phase: BootPhase, message: string, extra: Partial<BootEvent> = {}): void =>
    options.onProgress?.({ phase, message, elapsedMs: Date.now() - t0, ...extra });
  const epOpt = endpoint ? { endpoint } : {};

  if (signal?.aborted) throw new EngineError('aborted', 'Cancelled.');
  progress('creating', `Creating a container from ${profile.spec.image}`);
  let containerId: string;
  try {
    // No abort signal here: a create cancelled in flight could still make a container whose id
    // we never learn. Create is quick; cancellation is honoured right after it.
    const c = await docker.createContainer(profile.create);
    containerId = c.id;
  } catch (e) {
    throw toEngineError(e, endpoint);
  }
  const container = docker.getContainer(containerId);

  const remove = async (): Promise<void> => {
    progress('cleaning-up', `Removing ${containerId.slice(0, 12)}`, { containerId });
    await container.remove({ force: true, v: true }).catch(() => undefined);
  };
  const aborted = async (): Promise<never> => {
    await remove();
    throw new EngineError('aborted', 'Cancelled; the container was removed.', endpoint?.uri);
  };
  const fail = async (reason: BootFailureReason, message: string, extra: { startError?: string; systemState?: string } = {}): Promise<BootResult> => {
    progress('diagnosing', message, { containerId });
    let diagnosis: Diagnosis;
    try {
      diagnosis = await fetchDiagnosis(docker, containerId, {
        ...epOpt,
        ...(extra.startError ? { startError: extra.startError } : {}),
        ...(extra.systemState ? { systemState: extra.systemState } : {}),
        ...(options.imageHasSystemd !== undefined ? { imageHasSystemd: options.imageHasSystemd } : {}),
      });
    } catch {
      diagnosis = diagnose({ log: '', ...(extra.startError ? { startError: extra.startError } : {}), tty: profile.spec.tty });
    }
    const kept = profile.keepOnFailure;
    if (!kept) await remove();
    return {
      status: 'failed',
      reason,
      containerId,
      kept,
      seconds: seconds(),
      ...(extra.systemState ? { systemState: extra.systemState } : {}),
      diagnosis,
      message: `${message} ${diagnosis.summary}`.trim(),
    };
  };

  try {
    if (signal?.aborted) return await aborted();
    progress('starting', `Starting ${containerId.slice(0, 12)}`, { containerId });
    try {
      await container.start();
    } catch (e) {
      if (signal?.aborted) return await aborted();
      const mapped = toEngineError(e, endpoint);
      if (mapped.kind !== 'bad-request' && mapped.kind !== 'server' && mapped.kind !== 'not-found') {
        await remove();
        throw mapped;
      }
      const said = daemonMessage(e) ?? mapped.message;
      return await fail('start-error', 'The container could not start.', { startError: said });
    }

    let last: SystemState | undefined;
    while (Date.now() - t0 < timeoutMs) {
      if (signal?.aborted) return await aborted();
      const info = await container.inspect();
      if (!info.State?.Running) {
        return await fail('exited', `The container exited with code ${info.State?.ExitCode ?? '?'} during boot.`, last ? { systemState: last } : {});
      }
      let state: SystemState;
      try {
        const r = await execIn(docker, containerId, ['systemctl', 'is-system-running'], { timeoutMs: 10_000, ...epOpt, ...(signal ? { signal } : {}) });
        state = parseSystemState(r.stdout, r.stderr);
      } catch (e) {
        if (signal?.aborted) return await aborted();
        // The container stopped between inspect and exec (409 or 500 "is not running"):
        // the next inspect reports the exit.
        if ((e as EngineError).kind !== 'conflict') throw e;
        continue;
      }
      if (state !== last) progress('waiting', `systemd: ${state}`, { systemState: state, containerId });
      last = state;
      if (state === 'running' || state === 'degraded') {
        progress('settling', `systemd says ${state}; waiting for jobs to settle`, { systemState: state, containerId });
        const settled = await settle(docker, containerId, state, settleMs, t0 + timeoutMs, signal, epOpt);
        if (signal?.aborted) return await aborted();
        if (settled !== state) {
          last = settled;
          if (settled !== 'running' && settled !== 'degraded') continue;
        }
        if (settled === 'running') return { status: 'running', containerId, seconds: seconds() };
        if (settled === 'degraded') {
          const failedUnits = await listFailedUnits(docker, containerId, epOpt);
          const diagnosis = await degradedDiagnosis(docker, containerId, failedUnits, epOpt);
          return { status: 'degraded', containerId, seconds: seconds(), failedUnits, diagnosis };
        }
      }
      if (state === 'maintenance') return await fail('maintenance', 'systemd entered maintenance (rescue or emergency mode).', { systemState: state });
      if (state === 'stopping') return await fail('stopping', 'systemd is shutting down instead of booting.', { systemState: state });
      if (state === 'offline') return await fail('not-systemd', 'systemd is not running as PID 1 in the container.', { systemState: state });
      await sleep(pollMs, signal);
    }
    return await fail('timeout', `systemd did not finish booting within ${Math.round(timeoutMs / 1000)} s (last state: ${last ?? 'none'}).`, last ? { systemState: last } : {});
  } catch (e) {
    // Unexpected engine errors: do not leave the container half-started.
    if (!profile.keepOnFailure || (e as EngineError).kind === 'aborted') await remove();
    throw toEngineError(e, endpoint);
  }
}

/**
 * Waits for `settleMs` of quiet: no queued jobs, no unit activating or waiting to restart, and
 * the same system state throughout. Any activity restarts the quiet period. A unit in a
 * restart loop (auditd in a container) makes systemd say `running` first and `degraded` only
 * when the loop gives up.
 */
async function settle(docker: Docker, id: string, first: SystemState, settleMs: number, deadline: number, signal: AbortSignal | undefined, epOpt: { endpoint?: Endpoint }): Promise<SystemState> {
  const opts = { timeoutMs: 10_000, ...epOpt, ...(signal ? { signal } : {}) };
  let state = first;
  let quietSince = Date.now();
  while (Date.now() < deadline && !signal?.aborted) {
    const jobs = await execIn(docker, id, ['systemctl', 'list-jobs', '--no-legend', '--plain'], opts);
    const busy = await execIn(docker, id, ['systemctl', 'list-units', '--all', '--state=auto-restart,activating,deactivating', '--plain', '--no-legend'], opts);
    const r = await execIn(docker, id, ['systemctl', 'is-system-running'], opts);
    const now = parseSystemState(r.stdout, r.stderr);
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

/** For a degraded boot: the failed units' own journal lines, run through the same patterns. */
async function degradedDiagnosis(docker: Docker, id: string, failed: UnitState[], epOpt: { endpoint?: Endpoint }): Promise<Diagnosis> {
  const chunks: string[] = [];
  for (const u of failed.slice(0, 5)) {
    const r = await execIn(docker, id, ['journalctl', '--no-pager', '-o', 'cat', '-n', '30', '-u', u.unit], { timeoutMs: 10_000, ...epOpt }).catch(() => undefined);
    if (r) chunks.push(`${u.unit}:\n${r.stdout}`);
  }
  const d = diagnose({ log: chunks.join('\n'), tty: true });
  const names = failed.map((u) => u.unit).join(', ');
  return { ...d, summary: `Degraded: ${failed.length} failed unit${failed.length === 1 ? '' : 's'} (${names}).${d.findings.length ? ' ' + d.summary : ''}` };
}
