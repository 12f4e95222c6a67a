/**
 * Boot a machine directory and wait until its systemd says the boot is over, like Run with
 * systemd does for containers (the same wait, settle and diagnosis). A failed or cancelled boot
 * powers the machine off: no systemd-nspawn process is left behind; the directory stays.
 */
import { degradedDiagnosis, waitForBoot, type SystemState } from '../../../shared/engine/bootWait';
import { diagnose, type Diagnosis } from '../../../shared/engine/diagnosis';
import { EngineError } from '../../../shared/engine/errors';
import { stoppedDuringExec } from '../../../shared/engine/exec';
import type { UnitState } from '../../../shared/engine/units';
import type { NspawnHost } from './host';
import { NspawnMachine, type MachineSpec } from './machine';

export type MachineBootPhase = 'starting' | 'waiting' | 'settling' | 'stopping';

export interface MachineBootOptions {
  timeoutMs?: number;
  settleMs?: number;
  signal?: AbortSignal;
  onProgress?(phase: MachineBootPhase, message: string, elapsedMs: number, systemState?: string): void;
  /** The machine as soon as systemd-nspawn runs (so a registry can stop it whatever happens next). */
  onStarted?(machine: NspawnMachine): void;
  /** systemd-nspawn's output as it comes (the boot messages). */
  onOutput?(text: string): void;
}

export type MachineBootResult =
  | { status: 'running'; machine: NspawnMachine; seconds: number }
  | { status: 'degraded'; machine: NspawnMachine; seconds: number; failedUnits: UnitState[]; diagnosis: Diagnosis }
  | {
      status: 'failed';
      reason: 'exited' | 'timeout' | 'maintenance' | 'stopping' | 'not-systemd';
      seconds: number;
      systemState?: SystemState;
      diagnosis: Diagnosis;
      message: string;
      log: string;
    };

export async function bootMachine(
  host: NspawnHost,
  spec: MachineSpec,
  options: MachineBootOptions = {},
): Promise<MachineBootResult> {
  const t0 = Date.now();
  const timeoutMs = options.timeoutMs ?? 90_000;
  const seconds = (): number => Math.round((Date.now() - t0) / 100) / 10;
  const progress = (phase: MachineBootPhase, message: string, systemState?: string): void =>
    options.onProgress?.(phase, message, Date.now() - t0, systemState);
  const signal = options.signal;
  if (signal?.aborted) throw new EngineError('aborted', 'Cancelled.');

  progress('starting', `systemd-nspawn --machine=${spec.name}${host.machined ? '' : ' --register=no'}`);
  const machine = NspawnMachine.start(host, spec, options.onOutput);
  options.onStarted?.(machine);
  const failed = async (
    reason: Extract<MachineBootResult, { status: 'failed' }>['reason'],
    message: string,
    systemState?: SystemState,
  ): Promise<MachineBootResult> => {
    if (machine.running) {
      progress('stopping', `Stopping ${spec.name}`);
      await machine.stop(10_000);
    }
    const log = machine.log;
    const diagnosis = diagnose({ log, tty: true });
    return {
      status: 'failed',
      reason,
      seconds: seconds(),
      ...(systemState ? { systemState } : {}),
      diagnosis,
      message: `${message} ${diagnosis.summary}`.trim(),
      log,
    };
  };
  try {
    await machine.waitForLeader(Math.min(timeoutMs, 30_000), signal);
    if (signal?.aborted) throw new EngineError('aborted', 'Cancelled.');
    if (!machine.running)
      return await failed(
        'exited',
        `systemd-nspawn exited with code ${machine.exitCode ?? '?'} before the machine booted.`,
      );
    progress('waiting', 'Waiting for systemd to finish booting');
    const outcome = await waitForBoot(machine, {
      deadline: t0 + timeoutMs,
      ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
      ...(signal ? { signal } : {}),
      alive: async () => ({
        running: machine.running && machine.leaderPid() !== undefined,
        ...(machine.exitCode !== undefined ? { exitCode: machine.exitCode } : {}),
      }),
      isGone: stoppedDuringExec,
      offlineGraceMs: 5_000,
      onState: (state) => progress('waiting', `systemd: ${state}`, state),
      onSettling: (state) => progress('settling', `systemd says ${state}; waiting for jobs to settle`, state),
    });
    switch (outcome.kind) {
      case 'aborted':
        throw new EngineError('aborted', 'Cancelled.');
      case 'settled':
        if (outcome.state === 'running') return { status: 'running', machine, seconds: seconds() };
        return {
          status: 'degraded',
          machine,
          seconds: seconds(),
          ...(await degradedDiagnosis(machine, { consoleLog: async () => machine.log })),
        };
      case 'exited':
        return await failed(
          'exited',
          `The machine stopped during boot (systemd-nspawn exit code ${machine.exitCode ?? '?'}).`,
          outcome.last,
        );
      case 'bad-state':
        return await failed(
          outcome.state === 'offline' ? 'not-systemd' : outcome.state,
          outcome.state === 'offline'
            ? 'systemd is not running as PID 1 in the machine.'
            : `systemd says ${outcome.state} instead of finishing the boot.`,
          outcome.state,
        );
      case 'timeout':
        return await failed(
          'timeout',
          `systemd did not finish booting within ${Math.round(timeoutMs / 1000)} s (last ` +
            `state: ${outcome.last ?? 'none'}).`,
          outcome.last,
        );
    }
  } catch (e) {
    // Cancelled or an unexpected error: never leave the machine running behind a failure.
    if (machine.running) await machine.stop(10_000);
    throw e;
  }
}
