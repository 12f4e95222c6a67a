/**
 * The one place the extension starts host programs (systemd-nspawn, nsenter, tar, machinectl):
 * an absolute executable and an argument array, never a shell (`shell: false`), so no text from
 * a Dockerfile, image or setting can become a command. A security test keeps child_process out
 * of every other module.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

export interface ProgramResult {
  exitCode: number;
  /** The signal that ended it, when one did. */
  signal?: string;
  stdout: string;
  stderr: string;
}

export interface RunProgramOptions {
  /** Piped to its stdin (a tar stream), then closed; without it stdin is /dev/null. */
  input?: NodeJS.ReadableStream;
  /** Default 60 s; then SIGKILL and a rejection. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Added to the extension host's environment. */
  env?: Record<string, string>;
}

/** Output kept per stream: enough for any error message, bounded for a runaway program. */
const MAX_OUTPUT = 4 * 1024 * 1024;

function checkExecutable(file: string): void {
  if (!path.isAbsolute(file)) throw new Error(`Not an absolute program path: ${JSON.stringify(file)}`);
}

/** Runs a program to its end and returns its exit code and output. */
export function runProgram(
  file: string,
  args: readonly string[],
  options: RunProgramOptions = {},
): Promise<ProgramResult> {
  checkExecutable(file);
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      shell: false,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    child.stdout!.on('data', (b: Buffer) => {
      if ((outSize += b.length) <= MAX_OUTPUT) out.push(b);
    });
    child.stderr!.on('data', (b: Buffer) => {
      if ((errSize += b.length) <= MAX_OUTPUT) err.push(b);
    });
    let failure: Error | undefined;
    const stop = (e: Error): void => {
      failure ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        stop(
          new Error(
            `${path.basename(file)} did not finish within ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s.`,
          ),
        ),
      options.timeoutMs ?? 60_000,
    );
    const onAbort = (): void => stop(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.input) {
      const stdin = child.stdin!;
      // A program that exits early closes its stdin: not an error of ours, its exit code tells.
      stdin.on('error', () => undefined);
      options.input.on('error', (e: Error) => stop(e));
      options.input.pipe(stdin);
    }
    child.on('error', (e) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      resolve({
        exitCode: code ?? -1,
        ...(signal ? { signal } : {}),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/**
 * Starts a long-running program (systemd-nspawn) with stdin closed and its output piped to the
 * caller, who owns its lifetime.
 */
export function startProgram(
  file: string,
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): ChildProcess {
  checkExecutable(file);
  return spawn(file, [...args], {
    shell: false,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
}
