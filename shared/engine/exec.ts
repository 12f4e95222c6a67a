/**
 * Runs a command inside a container and returns its exit code, stdout and stderr. Commands are
 * argv arrays handed to the engine as is: no shell, so no quoting of user input is involved.
 */
import { PassThrough } from 'stream';
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { EngineError, toEngineError } from './errors';
import { isBeingStopped } from './stoppingContainers';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  env?: string[];
  user?: string;
  /** Default 30 s; the process may keep running in the container after we stop waiting. */
  timeoutMs?: number;
  signal?: AbortSignal;
  endpoint?: Endpoint;
  /** Run even while this process stops the container (the stop's own hang-up of exec sessions). */
  duringStop?: boolean;
}

/** Refuses a command in a container this process is stopping (stoppingContainers.ts says why). */
function refuseWhileStopping(containerId: string, endpoint: Endpoint | undefined): void {
  if (!isBeingStopped(containerId)) return;
  throw new EngineError(
    'conflict',
    `Container ${containerId.slice(0, 12)} is being stopped: no command is started in it until it has stopped.`,
    endpoint?.uri,
  );
}

/** Plain output: no colours, no pager, no questions. */
export const QUIET_ENVIRONMENT: Readonly<Record<string, string>> = {
  SYSTEMD_COLORS: '0',
  SYSTEMD_PAGER: '',
  PAGER: 'cat',
  LANG: 'C.UTF-8',
  TERM: 'dumb',
};
const QUIET_ENV = Object.entries(QUIET_ENVIRONMENT).map(([k, v]) => `${k}=${v}`);

export async function execIn(
  docker: Docker,
  containerId: string,
  argv: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  if (!argv.length) throw new Error('execIn: empty command');
  if (!options.duringStop) refuseWhileStopping(containerId, options.endpoint);
  const container = docker.getContainer(containerId);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const exec = await container.exec({
      Cmd: argv,
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: false,
      // No TTY: stdout and stderr stay separate (multiplexed) and nothing is colourised.
      Tty: false,
      Env: [...QUIET_ENV, ...(options.env ?? [])],
      ...(options.user ? { User: options.user } : {}),
    });
    const s = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadWriteStream;
    docker.modem.demuxStream(s, stdout, stderr);
    await new Promise<void>((resolve, reject) => {
      const destroy = (e: Error): void => {
        (s as unknown as { destroy(e?: Error): void }).destroy();
        reject(e);
      };
      timer = setTimeout(
        () =>
          destroy(
            new EngineError(
              'timeout',
              `${argv.join(' ')} did not finish within ${Math.round(timeoutMs / 1000)} s in ` +
                `container ${containerId.slice(0, 12)}.`,
              options.endpoint?.uri,
            ),
          ),
        timeoutMs,
      );
      if (options.signal) {
        if (options.signal.aborted) return destroy(new EngineError('aborted', 'Cancelled.'));
        onAbort = () => destroy(new EngineError('aborted', 'Cancelled.'));
        options.signal.addEventListener('abort', onAbort, { once: true });
      }
      s.on('end', () => resolve());
      s.on('close', () => resolve());
      s.on('error', reject);
    });
    // The stream can end a moment before the engine records the exit code.
    let info = await exec.inspect();
    for (let i = 0; info.Running && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 20));
      info = await exec.inspect();
    }
    return {
      exitCode: info.ExitCode ?? -1,
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
    };
  } catch (e) {
    throw toEngineError(e, options.endpoint);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Whether an exec failed only because its container stopped meanwhile: refused when it is created
 * (409, "is not running"), or its exec instance gone when it is started or inspected (404 "No such
 * exec instance", mapped to the same kind by toEngineError). A caller watching the container asks
 * it again for how it ended.
 */
export const stoppedDuringExec = (e: unknown): boolean => e instanceof EngineError && e.kind === 'conflict';

/**
 * Where systemd runs and how to run a command there: a container (docker exec) or an nspawn
 * machine (nsenter). The units functions take one, so the views and the boot wait work on both.
 */
export interface SystemdTarget {
  exec(argv: string[], options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<ExecResult>;
  /** A long-lived command's stdout as it comes (bootWatch.ts follows PID 1's journal); where supported. */
  follow?(argv: string[], onData: (text: string) => void, signal: AbortSignal): Promise<void>;
  /** For messages: "container 0123456789ab", "machine web". */
  readonly label: string;
  /** The engine's address, for errors that name it. */
  readonly endpointUri?: string;
}

export function containerTarget(docker: Docker, containerId: string, endpoint?: Endpoint): SystemdTarget {
  return {
    exec: (argv, options = {}) => execIn(docker, containerId, argv, { ...options, ...(endpoint ? { endpoint } : {}) }),
    follow: (argv, onData, signal) =>
      execFollow(docker, containerId, argv, onData, { signal, ...(endpoint ? { endpoint } : {}) }),
    label: `container ${containerId.slice(0, 12)}`,
    ...(endpoint ? { endpointUri: endpoint.uri } : {}),
  };
}

/**
 * Runs a long-lived command (e.g. `journalctl -f`) and hands its stdout to `onData` as it
 * comes; resolves when the command ends (the container stopped, or the signal aborted it).
 */
export async function execFollow(
  docker: Docker,
  containerId: string,
  argv: string[],
  onData: (text: string) => void,
  options: { signal: AbortSignal; endpoint?: Endpoint },
): Promise<void> {
  const container = docker.getContainer(containerId);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (b: Buffer) => onData(b.toString('utf8')));
  stderr.resume();
  let onAbort: (() => void) | undefined;
  try {
    if (options.signal.aborted) return;
    refuseWhileStopping(containerId, options.endpoint);
    const exec = await container.exec({
      Cmd: argv,
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: false,
      Tty: false,
      Env: QUIET_ENV,
    });
    const s = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadWriteStream;
    docker.modem.demuxStream(s, stdout, stderr);
    await new Promise<void>((resolve) => {
      onAbort = () => {
        (s as unknown as { destroy(): void }).destroy();
        resolve();
      };
      if (options.signal.aborted) return onAbort();
      options.signal.addEventListener('abort', onAbort, { once: true });
      s.on('end', () => resolve());
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
  } catch (e) {
    if (options.signal.aborted) return;
    throw toEngineError(e, options.endpoint);
  } finally {
    if (onAbort) options.signal.removeEventListener('abort', onAbort);
  }
}
