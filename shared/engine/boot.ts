/**
 * Create → start → wait until systemd inside says the boot is over (bootWait.ts).
 * Nothing half-started is left behind: a failed or cancelled boot removes the container unless
 * the profile asks to keep it.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { diagnose, fetchDiagnosis, readContainerLog, type Diagnosis } from './diagnosis';
import { EngineError, daemonMessage, toEngineError } from './errors';
import { containerTarget, stoppedDuringExec } from './exec';
import { degradedDiagnosis, waitForBoot } from './bootWait';
import type { RunProfile } from './runProfile';
import type { UnitState } from './units';

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
  /** How long jobs and busy units must stay quiet after systemd's first answer (default 0: bootWait.ts). */
  settleMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (e: BootEvent) => void;
  endpoint?: Endpoint;
  /** From the image probe; sharpens the diagnosis of a missing init. */
  imageHasSystemd?: boolean;
}

export type BootFailureReason = 'start-error' | 'exited' | 'timeout' | 'maintenance' | 'not-systemd' | 'stopping';

/**
 * `seconds`: from create to the answer; `bootSeconds`: from the container's start to systemd's answer;
 * `systemdVersion`: what `systemctl --version` said in the container, when the wait could ask it.
 */
export type BootResult =
  | { status: 'running'; containerId: string; seconds: number; bootSeconds: number; systemdVersion?: number }
  | {
      status: 'degraded';
      containerId: string;
      seconds: number;
      bootSeconds: number;
      systemdVersion?: number;
      failedUnits: UnitState[];
      /** The last journal lines of each failed unit, by name. */
      unitLogs: Record<string, string[]>;
      diagnosis: Diagnosis;
    }
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

export { parseSystemState, type SystemState } from './bootWait';

/** How much of the container's output a degraded report searches for what systemd said of refused units. */
const CONSOLE_TAIL_LINES = 2000;

export async function bootContainer(
  docker: Docker,
  profile: RunProfile,
  options: BootOptions = {},
): Promise<BootResult> {
  const t0 = Date.now();
  const timeoutMs = options.timeoutMs ?? 90_000;
  const signal = options.signal;
  const endpoint = options.endpoint;
  const tenths = (ms: number): number => Math.round(ms / 100) / 10;
  const seconds = (): number => tenths(Date.now() - t0);
  let startedAt: number;
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
  const fail = async (
    reason: BootFailureReason,
    message: string,
    extra: { startError?: string; systemState?: string } = {},
  ): Promise<BootResult> => {
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
      diagnosis = diagnose({
        log: '',
        ...(extra.startError ? { startError: extra.startError } : {}),
        tty: profile.spec.tty,
      });
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
    startedAt = Date.now();
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

    const target = containerTarget(docker, containerId, endpoint);
    // The wait's first answer comes when systemd has finished (one exec, bootWait.ts): say now what it waits for.
    progress('waiting', 'Waiting for systemd to finish booting', { containerId });
    const outcome = await waitForBoot(target, {
      deadline: t0 + timeoutMs,
      ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(signal ? { signal } : {}),
      alive: async () => {
        const info = await container.inspect();
        return {
          running: info.State?.Running === true,
          ...(info.State?.ExitCode !== undefined ? { exitCode: info.State.ExitCode } : {}),
        };
      },
      // The container stopped between inspect and exec: the next inspect reports the exit.
      isGone: stoppedDuringExec,
      onState: (state) => progress('waiting', `systemd: ${state}`, { systemState: state, containerId }),
      onSettling: (state) =>
        progress('settling', `systemd says ${state}; waiting for jobs to settle`, { systemState: state, containerId }),
    });
    switch (outcome.kind) {
      case 'aborted':
        return await aborted();
      case 'settled': {
        const bootSeconds = tenths(Date.now() - startedAt);
        const version = outcome.systemdVersion !== undefined ? { systemdVersion: outcome.systemdVersion } : {};
        if (outcome.state === 'running')
          return { status: 'running', containerId, seconds: seconds(), bootSeconds, ...version };
        return {
          status: 'degraded',
          containerId,
          seconds: seconds(),
          bootSeconds,
          ...version,
          ...(await degradedDiagnosis(target, {
            consoleLog: () => readContainerLog(container, CONSOLE_TAIL_LINES, profile.spec.tty),
          })),
        };
      }
      case 'exited':
        return await fail(
          'exited',
          `The container exited with code ${outcome.exitCode ?? '?'} during boot.`,
          outcome.last ? { systemState: outcome.last } : {},
        );
      case 'bad-state': {
        const [reason, message] = BAD_STATES[outcome.state];
        return await fail(reason, message, { systemState: outcome.state });
      }
      case 'timeout': {
        const jobs = outcome.pendingJobs?.length
          ? '; jobs still ' +
            `queued: ${outcome.pendingJobs.slice(0, 5).join(', ')}${outcome.pendingJobs.length > 5 ? ', …' : ''}`
          : '';
        const message =
          `systemd did not finish booting within ${Math.round(timeoutMs / 1000)} s ` +
          `(state: ${outcome.last ?? 'no answer'}${jobs}).`;
        return await fail('timeout', message, outcome.last ? { systemState: outcome.last } : {});
      }
    }
  } catch (e) {
    // Unexpected engine errors: do not leave the container half-started.
    if (!profile.keepOnFailure || (e as EngineError).kind === 'aborted') await remove();
    throw toEngineError(e, endpoint);
  }
}

/** What a bad system state during boot means. */
export const BAD_STATES: Record<'maintenance' | 'stopping' | 'offline', [BootFailureReason, string]> = {
  maintenance: ['maintenance', 'systemd entered maintenance (rescue or emergency mode).'],
  stopping: ['stopping', 'systemd is shutting down instead of booting.'],
  offline: ['not-systemd', 'systemd is not running as PID 1.'],
};
