/**
 * A second, throwaway dockerd for fault injection: the shared test dockerd
 * (unix:///run/sct-docker.sock) is never stopped, because other tests use it. This one has its
 * own data root (a temp dir under /var/tmp), exec root, unix socket, pidfile, empty config file
 * and containerd namespaces, no bridge (`--bridge none`) and leaves iptables, IP forwarding and
 * masquerading alone. The base image is copied into it from the shared daemon through the API
 * (`docker save | docker load`). Tests kill it (SIGKILL), stop it (SIGTERM) and start it again.
 *
 * `destroy()` always tears everything down, also after a failure: it starts the daemon again if
 * it is down (a restarted dockerd stops the containers a killed one left running), removes every
 * container, stops the daemon, kills containerd shims of its namespace that are still there,
 * unmounts whatever is mounted under its directories (overlay layers, the data root itself) and
 * deletes them. A process 'exit' hook does the synchronous part of that if a test run ends without
 * calling destroy().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Docker from 'dockerode';
import type { Endpoint } from '../../shared/engine/endpoint';
import { nodeResolveInputs, resolveEndpoint } from '../../shared/engine/resolveEndpoint';

export interface DaemonCounts {
  containers: string[];
  images: string[];
}

export class ThrowawayDaemon {
  readonly root: string;
  readonly runDir: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly socket: string;
  readonly pidfile: string;
  readonly logFile: string;
  readonly namespace: string;
  readonly host: string;
  readonly endpoint: Endpoint;
  /** A client for the daemon (works across restarts: one socket path). */
  readonly docker: Docker;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private destroyed = false;
  /** Times from spawn to the first answer of /_ping, per start (ms). */
  readonly startTimes: number[] = [];

  constructor(tag = 'faults') {
    const id = `${process.pid}-${Date.now().toString(36)}`;
    this.root = fs.mkdtempSync(`/var/tmp/sct-${tag}-`);
    // The exec root holds containerd's and the shims' sockets: keep the path short.
    this.runDir = fs.mkdtempSync(`/run/sctf-`);
    this.dataRoot = path.join(this.root, 'data');
    this.execRoot = path.join(this.runDir, 'x');
    this.socket = path.join(this.runDir, 'docker.sock');
    this.pidfile = path.join(this.runDir, 'docker.pid');
    this.logFile = path.join(this.root, 'dockerd.log');
    this.namespace = `sctf-${id}`;
    this.host = `unix://${this.socket}`;
    fs.writeFileSync(path.join(this.root, 'daemon.json'), '{}\n');
    this.endpoint = resolveEndpoint(nodeResolveInputs({}), { host: this.host });
    this.docker = new Docker({ socketPath: this.socket });
    live.add(this);
  }

  /** Started and not signalled to stop. */
  get running(): boolean {
    return this.child !== undefined && !this.child.killed && !this.child.signalCode;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts dockerd and waits until it answers (default limit 30 s). */
  async start(timeoutMs = 30_000): Promise<number> {
    if (this.destroyed) throw new Error('the throwaway dockerd was destroyed');
    // Signalled but its exit not seen yet: wait for it, then start a new one.
    if (this.child && (this.child.killed || this.child.signalCode)) await this.exited;
    if (this.child) return 0;
    // A killed dockerd leaves its pidfile (and a stale socket): the next one refuses to start
    // while the pid in it still names a process (a zombie counts).
    fs.rmSync(this.pidfile, { force: true });
    fs.rmSync(this.socket, { force: true });
    // Same for the containerd it supervises: after a SIGKILL of dockerd its containerd dies too,
    // but until PID 1 reaps it the zombie makes the next dockerd wait for it ("containerd is
    // still running") and give up after 15 s.
    const containerdPid = path.join(this.execRoot, 'containerd', 'containerd.pid');
    const old = Number(readText(containerdPid));
    if (old && !alive(old)) fs.rmSync(containerdPid, { force: true });
    fs.mkdirSync(this.dataRoot, { recursive: true });
    const log = fs.openSync(this.logFile, 'a');
    const t0 = Date.now();
    const child = spawn(
      'dockerd',
      [
        '--host',
        this.host,
        '--data-root',
        this.dataRoot,
        '--exec-root',
        this.execRoot,
        '--pidfile',
        this.pidfile,
        '--config-file',
        path.join(this.root, 'daemon.json'),
        '--containerd-namespace',
        this.namespace,
        '--containerd-plugins-namespace',
        `${this.namespace}-plugins`,
        '--bridge',
        'none',
        '--iptables=false',
        '--ip-masq=false',
        '--ip-forward=false',
        '--userland-proxy=false',
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        resolve();
      });
      child.once('error', () => {
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });
    const deadline = t0 + timeoutMs;
    for (;;) {
      if (!this.child) throw new Error(`the throwaway dockerd exited during start-up:\n${this.logTail()}`);
      try {
        await this.docker.ping();
        break;
      } catch {
        if (Date.now() > deadline)
          throw new Error(
            `the throwaway dockerd did not answer on ${this.host} within ${timeoutMs} ms:\n${this.logTail()}`,
          );
        await sleep(100);
      }
    }
    const ms = Date.now() - t0;
    this.startTimes.push(ms);
    return ms;
  }

  /** Sends the signal and waits for dockerd to exit (SIGKILL after `graceMs` for SIGTERM). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', graceMs = 20_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = this.exited;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), signal === 'SIGKILL' ? 0 : graceMs);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<number> {
    await this.stop('SIGTERM');
    return this.start();
  }

  /** Copies an image from another daemon (`docker save | docker load`, through the API). */
  async loadImageFrom(source: Docker, ref: string): Promise<void> {
    const tar = (await source.getImage(ref).get()) as NodeJS.ReadableStream;
    const res = (await this.docker.loadImage(tar, { quiet: true })) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(res, (err: Error | null, out: Array<{ error?: string }>) => {
        const failed = out?.find((o) => o.error);
        if (err || failed) reject(err ?? new Error(failed?.error));
        else resolve();
      });
    });
  }

  /** Every container and image (intermediate ones too), for before/after comparisons. */
  async counts(): Promise<DaemonCounts> {
    const containers = await this.docker.listContainers({ all: true });
    const images = await this.docker.listImages({ all: true });
    return {
      containers: containers.map((c) => `${c.Id.slice(0, 12)} ${c.Names?.[0] ?? ''} ${c.State}`).sort(),
      images: images
        .map(
          (i) =>
            `${i.Id.slice(7, 19)} ${(i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').join(',') || '<none>'}`,
        )
        .sort(),
    };
  }

  logTail(lines = 30): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Tears everything down; safe to call twice and after any failure. Returns what it had to force. */
  async destroy(): Promise<string[]> {
    if (this.destroyed) return [];
    const forced: string[] = [];
    try {
      if (!this.child)
        await this.start(20_000).catch((e: Error) =>
          forced.push(`restart for cleanup failed: ${e.message.split('\n')[0]}`),
        );
      if (this.child) {
        for (const c of await this.docker.listContainers({ all: true }).catch(() => [])) {
          await this.docker
            .getContainer(c.Id)
            .remove({ force: true, v: true })
            .catch(() => forced.push(`container ${c.Id.slice(0, 12)} not removable`));
        }
        await this.stop('SIGTERM', 15_000);
      }
    } finally {
      this.destroyed = true;
      live.delete(this);
      forced.push(...this.forceCleanup());
    }
    return forced;
  }

  /** The synchronous part: kill what is left, unmount, delete the directories. */
  forceCleanup(): string[] {
    const notes: string[] = [];
    if (this.child) {
      this.child.kill('SIGKILL');
      notes.push('dockerd killed');
    }
    // Processes of its containers (found by the container id in their cgroup), then the shims.
    let ids: string[] = [];
    try {
      ids = fs.readdirSync(path.join(this.dataRoot, 'containers')).filter((n) => /^[0-9a-f]{64}$/.test(n));
    } catch {
      // no containers directory
    }
    for (const pid of processesInCgroupsOf(ids)) {
      try {
        process.kill(pid, 'SIGKILL');
        notes.push(`killed container process ${pid}`);
      } catch {
        // gone already
      }
    }
    for (const pid of [...new Set([...processesMentioning(this.namespace), ...processesMentioning(this.runDir)])]) {
      try {
        process.kill(pid, 'SIGKILL');
        notes.push(`killed leftover process ${pid}`);
      } catch {
        // gone already
      }
    }
    // runc removes a container's cgroups when it is deleted; after a forced end they stay. They
    // can go once the killed processes have left them (this may run in an 'exit' hook: wait
    // synchronously, at most 5 s).
    const until = Date.now() + 5000;
    while (processesInCgroupsOf(ids).length && Date.now() < until)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    for (const id of ids) {
      for (const cg of containerCgroups(id)) {
        if (!removeCgroupTree(cg)) notes.push(`cgroup ${cg} not removable`);
      }
    }
    for (const dir of [this.runDir, this.root]) {
      for (const m of mountsUnder(dir)) {
        const r = spawnSync('umount', [m], { stdio: 'ignore' });
        if (r.status !== 0) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
      }
    }
    const still = [...mountsUnder(this.runDir), ...mountsUnder(this.root)];
    if (still.length) notes.push(`still mounted: ${still.join(', ')}`);
    else {
      fs.rmSync(this.runDir, { recursive: true, force: true });
      fs.rmSync(this.root, { recursive: true, force: true });
    }
    return notes;
  }
}

const live = new Set<ThrowawayDaemon>();
process.once('exit', () => {
  for (const d of live) d.forceCleanup();
});

/** Mount points at or below `dir`, deepest first (from /proc/self/mountinfo). */
export function mountsUnder(dir: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const unescape = (s: string): string =>
    s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text
    .split('\n')
    .map((l) => unescape(l.split(' ')[4] ?? ''))
    .filter((m) => m === dir || m.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
}

/** `/sys/fs/cgroup/<hierarchy>/docker/<id>` directories (cgroup v1; on v2 `/sys/fs/cgroup/docker/<id>`). */
export function containerCgroups(id: string): string[] {
  const out: string[] = [];
  const base = '/sys/fs/cgroup';
  const candidates = [path.join(base, 'docker', id)];
  try {
    for (const h of fs.readdirSync(base)) candidates.push(path.join(base, h, 'docker', id));
  } catch {
    return [];
  }
  for (const c of candidates) if (fs.existsSync(c)) out.push(c);
  return out;
}

/** rmdir of a cgroup and its children, deepest first (control files go with their directory). */
function removeCgroupTree(dir: string): boolean {
  try {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) removeCgroupTree(path.join(dir, e.name));
    fs.rmdirSync(dir);
    return true;
  } catch {
    return !fs.existsSync(dir);
  }
}

/** PIDs in the cgroup of any of these containers (`…/docker/<id>` in /proc/<pid>/cgroup). */
function processesInCgroupsOf(ids: string[]): number[] {
  if (!ids.length) return [];
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    const cg = readText(`/proc/${d}/cgroup`);
    if (cg && ids.some((id) => cg.includes(id))) out.push(Number(d));
  }
  return out;
}

/** PIDs whose command line contains `needle` (containerd shims of the daemon's namespace). */
function processesMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle)) out.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function readText(p: string): string {
  try {
    return fs.readFileSync(p, 'utf8').trim();
  } catch {
    return '';
  }
}

/** A process that exists and is not a zombie. */
function alive(pid: number): boolean {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return false;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
