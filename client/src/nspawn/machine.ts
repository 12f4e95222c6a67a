/**
 * One systemd-nspawn machine started by the extension: `systemd-nspawn --directory DIR
 * --machine NAME --boot --settings=trusted` (registered with systemd-machined when the host has
 * it, else `--register=no --keep-unit`), its boot log kept in memory, commands run inside with
 * `nsenter --target <leader> --all` (a SystemdTarget, like a container), and an orderly stop:
 * SIGTERM makes nspawn send SIGRTMIN+3 to the machine's systemd, which powers off.
 */
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanLog } from '../../../shared/engine/diagnosis';
import { EngineError } from '../../../shared/engine/errors';
import { QUIET_ENVIRONMENT, type ExecResult, type SystemdTarget } from '../../../shared/engine/exec';
import type { NspawnHost } from './host';
import { isValidMachineName } from './settings';
import { runProgram, startProgram } from './process';

export interface MachineSpec {
  name: string;
  /** The machine's root directory. */
  directory: string;
  /** The image or directory it was made from, for the view. */
  source: string;
  /** The directory is an export the extension made (Remove may delete it); false for a user's own tree. */
  exported: boolean;
}

/** Boot log kept per machine (the tail, for the diagnosis of a failed boot). */
const MAX_LOG = 256 * 1024;

export interface StopMachineResult {
  durationMs: number;
  /** True when the machine did not power off in time and was killed. */
  killed: boolean;
}

/** A hybrid cgroup v1 host: v1 controllers at /sys/fs/cgroup, a cgroup2 hierarchy at /sys/fs/cgroup/unified. */
function isHybridHost(): boolean {
  return (
    fs.existsSync('/sys/fs/cgroup/unified/cgroup.controllers') && !fs.existsSync('/sys/fs/cgroup/cgroup.controllers')
  );
}

/**
 * The run profile's cgroup choice for nspawn, which has no .nspawn setting for it: on a hybrid
 * host nspawn gives the machine a hybrid tree, which systemd 258 and newer refuse ("Detected
 * unsupported legacy cgroup hierarchy"); in unified mode this host's nspawn 252 boots both
 * systemd 252 and 262 (measured, docs/nspawn.md).
 */
export function nspawnEnvironment(hybrid = isHybridHost()): Record<string, string> {
  return hybrid ? { SYSTEMD_NSPAWN_UNIFIED_HIERARCHY: '1' } : {};
}

export function nspawnArgs(host: NspawnHost, spec: MachineSpec): string[] {
  return [
    `--directory=${spec.directory}`,
    `--machine=${spec.name}`,
    '--boot',
    // The .nspawn file beside the directory is ours (copied there by the command): all of it applies.
    '--settings=trusted',
    // Boot messages go to our output channel; nothing reads a console.
    '--console=read-only',
    ...(host.machined ? [] : ['--register=no', '--keep-unit']),
  ];
}

export class NspawnMachine implements SystemdTarget {
  readonly label: string;
  readonly startedAt = Date.now();
  private logText = '';
  private exitInfo: { code: number | null; signal: string | null } | undefined;
  private readonly exited: Promise<void>;
  private leader: number | undefined;

  private constructor(
    readonly host: NspawnHost,
    readonly spec: MachineSpec,
    private readonly child: ChildProcess,
    onOutput?: (text: string) => void,
  ) {
    this.label = `machine ${spec.name}`;
    const take = (b: Buffer): void => {
      const text = b.toString('utf8');
      this.logText = (this.logText + text).slice(-MAX_LOG);
      onOutput?.(text);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    this.exited = new Promise((resolve) => {
      child.on('error', (e) => {
        this.exitInfo ??= { code: -1, signal: null };
        take(Buffer.from(`${e.message}\n`));
        resolve();
      });
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
    });
  }

  static start(host: NspawnHost, spec: MachineSpec, onOutput?: (text: string) => void): NspawnMachine {
    if (!isValidMachineName(spec.name)) throw new Error(`Not a machine name: ${JSON.stringify(spec.name)}`);
    if (!path.isAbsolute(spec.directory))
      throw new Error(`Not an absolute directory: ${JSON.stringify(spec.directory)}`);
    return new NspawnMachine(
      host,
      spec,
      startProgram(host.nspawn, nspawnArgs(host, spec), { env: nspawnEnvironment() }),
      onOutput,
    );
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  get exitCode(): number | undefined {
    return this.exitInfo ? (this.exitInfo.code ?? 128 + 9) : undefined;
  }

  /** What systemd-nspawn and the machine's console printed (ANSI colours removed). */
  get log(): string {
    return cleanLog(this.logText);
  }

  /**
   * The machine's PID 1 as the host sees it: the child of systemd-nspawn that is PID 1 in its
   * own PID namespace (`NSpid: <host pid> 1`) and runs the init. Undefined until then.
   */
  leaderPid(): number | undefined {
    if (this.leader !== undefined && fs.existsSync(`/proc/${this.leader}`)) return this.leader;
    this.leader = undefined;
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return undefined;
    for (const child of childrenOf(pid)) {
      const status = readText(`/proc/${child}/status`);
      // Until it has executed the init, PID 1 is still a copy of systemd-nspawn.
      if (status && /^NSpid:\s+\d+\s+1\s*$/m.test(status) && !/^Name:\s+systemd-nspawn$/m.test(status))
        return (this.leader = child);
    }
    return undefined;
  }

  /** Waits until the machine's PID 1 exists (or nspawn exits). */
  async waitForLeader(timeoutMs: number, signal?: AbortSignal): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.running && !signal?.aborted) {
      const pid = this.leaderPid();
      if (pid !== undefined) return pid;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  async exec(argv: string[], options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ExecResult> {
    if (!argv.length) throw new Error('exec: empty command');
    const leader = this.leaderPid();
    if (leader === undefined) throw new EngineError('conflict', `The ${this.label} is not running.`);
    const r = await runProgram(this.host.nsenter, nsenterArgs(leader, argv), {
      env: QUIET_ENVIRONMENT,
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // nsenter could not enter: the machine went away between the check and the call.
    if (r.exitCode !== 0 && /^nsenter: /m.test(r.stderr) && this.leaderPid() === undefined)
      throw new EngineError('conflict', `The ${this.label} is not running.`);
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  }

  /**
   * Powers the machine off (SIGTERM to systemd-nspawn, which sends SIGRTMIN+3 to its systemd)
   * and waits; after `timeoutMs` kills nspawn and the machine's PID 1 (the kernel then ends
   * every process of its PID namespace).
   */
  async stop(timeoutMs = 30_000): Promise<StopMachineResult> {
    const t0 = Date.now();
    if (!this.running) return { durationMs: 0, killed: false };
    const leader = this.leaderPid();
    this.child.kill('SIGTERM');
    const inTime = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs)),
    ]);
    if (!inTime) {
      this.child.kill('SIGKILL');
      if (leader !== undefined) killQuietly(leader);
      await this.exited;
    }
    // The PID namespace is gone with its PID 1; wait for the kernel to reap it.
    if (leader !== undefined) await waitGone(leader, 5_000);
    return { durationMs: Date.now() - t0, killed: !inTime };
  }

  /** Resolves when systemd-nspawn has exited. */
  whenExited(): Promise<void> {
    return this.exited;
  }
}

export function nsenterArgs(leader: number, argv: string[]): string[] {
  return [`--target=${leader}`, '--all', '--', ...argv];
}

/** Child PIDs of a process (/proc/PID/task/PID/children where the kernel has it, else a scan of /proc). */
export function childrenOf(pid: number): number[] {
  const list = readText(`/proc/${pid}/task/${pid}/children`);
  if (list !== undefined) return list.split(/\s+/).filter(Boolean).map(Number);
  const out: number[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so read after the last ")".
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (ppid === pid) out.push(Number(entry));
  }
  return out;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && fs.existsSync(`/proc/${pid}`)) await new Promise((r) => setTimeout(r, 50));
}
