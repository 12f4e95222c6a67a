/**
 * Waiting for systemd to finish booting, wherever it runs (a container, an nspawn machine):
 * `systemctl is-system-running --wait` through the target answers the moment the boot's jobs
 * are done. It can answer `running` while a unit waits in its restart loop, so one more look
 * asks for queued jobs and busy units; only if there are some does the wait follow them until
 * they are quiet. The first question is one exec (bootScript.ts) that waits for systemd's bus
 * inside the machine, asks the state and looks for busy units; where it cannot run (no sh), the
 * question is asked with plain execs, again every `pollMs` while the bus is not up. The caller
 * owns the machine's lifecycle; this only watches.
 */
import type { SystemdTarget } from './exec';
import {
  BUSY_UNITS_ARGV,
  REFUSED_LOAD_STATES,
  REFUSED_UNITS_ARGV,
  WAIT_SCRIPT_ARGV,
  parseScriptAnswer,
  unitNames,
} from './bootScript';
import { listUnits, type UnitState } from './units';
import { cleanLog, diagnose, isHarmlessLogLine, type Diagnosis } from './diagnosis';

/** States `systemctl is-system-running` prints; `no-bus` while systemd's bus is not up yet. */
export type SystemState =
  'initializing' | 'starting' | 'running' | 'degraded' | 'maintenance' | 'stopping' | 'offline' | 'unknown' | 'no-bus';

export function parseSystemState(stdout: string, stderr: string): SystemState {
  const out = stdout.trim().split('\n').pop()?.trim() ?? '';
  if (/Failed to connect to bus|Failed to get D-Bus connection|System has not been booted/i.test(stderr) && !out) {
    return /System has not been booted/i.test(stderr) ? 'offline' : 'no-bus';
  }
  const known: SystemState[] = [
    'initializing',
    'starting',
    'running',
    'degraded',
    'maintenance',
    'stopping',
    'offline',
    'unknown',
  ];
  return (known as string[]).includes(out) ? (out as SystemState) : 'unknown';
}

export type WaitOutcome =
  /**
   * Booted: the state held through the quiet period. `degraded` also when systemd says `running`
   * but refused to load a unit (it never runs).
   */
  | { kind: 'settled'; state: 'running' | 'degraded'; systemdVersion?: number }
  /** The machine or container stopped during the boot. */
  | { kind: 'exited'; exitCode?: number; last?: SystemState }
  /** systemd itself says the boot went wrong. */
  | { kind: 'bad-state'; state: 'maintenance' | 'stopping' | 'offline' }
  /** `pendingJobs`: what systemd was still working on at the deadline (`unit (type, state)`). */
  | { kind: 'timeout'; last?: SystemState; pendingJobs?: string[] }
  | { kind: 'aborted' };

export interface WaitOptions {
  /** Deadline (ms since the epoch) for the whole wait, settle included. */
  deadline: number;
  /**
   * How long jobs and busy units must stay quiet after the first `running`/`degraded` before
   * the answer counts (default 0: quiet at the first look is enough).
   */
  settleMs?: number;
  /** Between questions while systemd's bus is not up, and while units are busy (default 100 ms). */
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
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * How the state is asked: `script`, one exec that waits for the bus inside (bootScript.ts);
 * `wait`, `is-system-running --wait` (no sh in the image); `plain`, without --wait (systemd
 * before 240 has no --wait).
 */
type AskMode = 'script' | 'wait' | 'plain';

interface Answer {
  state: SystemState;
  /** Busy units listed right after the state (script mode), for settle()'s first look. */
  busy?: string;
  /** Units systemd refused to load (script mode). */
  refused?: string[];
  systemdVersion?: number;
}

async function ask(
  target: SystemdTarget,
  mode: AskMode,
  signal: AbortSignal | undefined,
  deadline: number,
): Promise<Answer> {
  if (mode === 'wait') return { state: await currentState(target, signal, { deadline }) };
  if (mode === 'plain') return { state: await currentState(target, signal) };
  const timeoutMs = Math.max(1, deadline - Date.now());
  const r = await target.exec(WAIT_SCRIPT_ARGV, { timeoutMs, ...(signal ? { signal } : {}) });
  const a = parseScriptAnswer(r);
  if (!a.ran) throw new NoScript();
  if (a.noSystemctl) return { state: 'offline' };
  if (noWaitOption(a.stateOut, a.stateErr)) throw new NoWaitOption();
  const answer: Answer = { state: parseSystemState(a.stateOut, a.stateErr), busy: a.busy, refused: a.refused };
  if (a.version !== undefined) answer.systemdVersion = a.version;
  return answer;
}

async function currentState(
  target: SystemdTarget,
  signal: AbortSignal | undefined,
  wait?: { deadline: number },
): Promise<SystemState> {
  const argv = ['systemctl', 'is-system-running', ...(wait ? ['--wait'] : [])];
  const timeoutMs = wait ? Math.max(1, wait.deadline - Date.now()) : 10_000;
  const r = await target.exec(argv, { timeoutMs, ...(signal ? { signal } : {}) });
  // systemd before 240 has no --wait: ask without it from then on.
  if (wait && noWaitOption(r.stdout, r.stderr)) throw new NoWaitOption();
  // No systemctl in the image (the runtime says so, exit 126/127): systemd is not what runs there.
  if (
    (r.exitCode === 126 || r.exitCode === 127) &&
    /executable file not found|no such file or directory/i.test(r.stdout + r.stderr)
  )
    return 'offline';
  return parseSystemState(r.stdout, r.stderr);
}

const noWaitOption = (stdout: string, stderr: string): boolean =>
  /unrecognized option|unknown option/i.test(stderr) && !stdout.trim();

class NoWaitOption extends Error {}
/** The wait script did not run (no sh in the image). */
class NoScript extends Error {}

const isTimeout = (e: unknown): boolean => (e as { kind?: string }).kind === 'timeout';

export async function waitForBoot(target: SystemdTarget, options: WaitOptions): Promise<WaitOutcome> {
  const { signal, deadline } = options;
  const pollMs = options.pollMs ?? 100;
  const started = Date.now();
  let last: SystemState | undefined;
  let mode: AskMode = 'script';
  let systemdVersion: number | undefined;
  while (Date.now() < deadline) {
    if (signal?.aborted) return { kind: 'aborted' };
    // Whether it still runs and what systemd says, asked at once (two round trips in the time of
    // one); a machine that stopped meanwhile makes the exec fail or answer nonsense, and the
    // liveness answer, looked at first, says so (this turn or the next).
    const [alive, asked] = await Promise.all([
      options.alive(),
      ask(target, mode, signal, deadline).then(
        (answer: Answer) => ({ answer }),
        (error: unknown) => ({ error }),
      ),
    ]);
    if (!alive.running)
      return {
        kind: 'exited',
        ...(alive.exitCode !== undefined ? { exitCode: alive.exitCode } : {}),
        ...(last ? { last } : {}),
      };
    let answer: Answer;
    if ('answer' in asked) answer = asked.answer;
    else {
      const e = asked.error;
      if (signal?.aborted) return { kind: 'aborted' };
      if (e instanceof NoScript) {
        mode = 'wait';
        continue;
      }
      if (e instanceof NoWaitOption) {
        mode = 'plain';
        continue;
      }
      if (isTimeout(e) && Date.now() >= deadline - 50) break;
      if (options.isGone?.(e)) continue;
      throw e;
    }
    const state = answer.state;
    systemdVersion = answer.systemdVersion ?? systemdVersion;
    if (state !== last) options.onState?.(state);
    last = state;
    if (state === 'running' || state === 'degraded') {
      const settled = await settle(target, state, {
        settleMs: options.settleMs ?? 0,
        deadline,
        pollMs,
        signal,
        onBusy: () => options.onSettling?.(state),
        ...(answer.busy !== undefined ? { firstBusy: answer.busy } : {}),
        ...(options.isGone ? { isGone: options.isGone } : {}),
      });
      if (signal?.aborted) return { kind: 'aborted' };
      if (settled === 'running' || settled === 'degraded') {
        // The script listed refused units with the state; without it (no sh) they are asked for.
        const refused = settled === 'running' ? (answer.refused ?? (await listRefusedUnits(target))) : [];
        return {
          kind: 'settled',
          state: refused.length ? 'degraded' : settled,
          ...(systemdVersion !== undefined ? { systemdVersion } : {}),
        };
      }
      // 'gone': the next turn's liveness answer says how it ended.
      if (settled !== 'gone') last = settled;
      continue;
    }
    if (state === 'offline' && Date.now() - started < (options.offlineGraceMs ?? 0)) {
      await sleep(pollMs, signal);
      continue;
    }
    if (state === 'maintenance' || state === 'stopping' || state === 'offline') {
      // A machine killed while it was asked answers nonsense ("no systemctl" from a dying exec):
      // its liveness, asked again, tells a stopped machine from systemd's own verdict.
      const now = await options.alive();
      if (!now.running)
        return {
          kind: 'exited',
          ...(now.exitCode !== undefined ? { exitCode: now.exitCode } : {}),
          ...(last ? { last } : {}),
        };
      return { kind: 'bad-state', state };
    }
    await sleep(pollMs, signal);
  }
  return { kind: 'timeout', ...(await stillWaiting(target, last)) };
}

/** At the deadline: where the boot stands (the state, the jobs still queued), for the message. */
async function stillWaiting(
  target: SystemdTarget,
  last: SystemState | undefined,
): Promise<{ last?: SystemState; pendingJobs?: string[] }> {
  const opts = { timeoutMs: 5_000 };
  const [state, jobs] = await Promise.all([
    currentState(target, undefined).catch(() => last),
    target.exec(['systemctl', 'list-jobs', '--no-legend', '--plain'], opts).catch(() => undefined),
  ]);
  // `list-jobs` lines: JOB UNIT TYPE STATE.
  const pendingJobs = (jobs?.exitCode === 0 ? jobs.stdout : '')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((w) => w.length >= 4)
    .map((w) => `${w[1]} (${w[2]}, ${w[3]})`);
  return { ...(state ? { last: state } : {}), ...(pendingJobs.length ? { pendingJobs } : {}) };
}

interface SettleOptions {
  settleMs: number;
  deadline: number;
  pollMs: number;
  signal: AbortSignal | undefined;
  onBusy: () => void;
  /** The busy units already listed with the state (the wait script): the first look is not asked again. */
  firstBusy?: string;
  isGone?(e: unknown): boolean;
}

/**
 * Looks once for queued jobs and busy units (activating, deactivating, waiting to restart); when
 * there are none (and `settleMs` is 0) the answer stands at once. Otherwise it follows them until
 * they, and the system state, have been quiet for `settleMs`: a unit in a restart loop (auditd
 * in a container) makes systemd say `running` first and `degraded` only when the loop gives up.
 */
async function settle(target: SystemdTarget, first: SystemState, o: SettleOptions): Promise<SystemState | 'gone'> {
  const { deadline, signal } = o;
  const opts = { timeoutMs: 10_000, ...(signal ? { signal } : {}) };
  let state = first;
  let quietSince = Date.now();
  let told = false;
  for (let look = 0; Date.now() < deadline && !signal?.aborted; look++) {
    // The questions at once: each is an exec round trip. The first look asks only for busy units
    // (or takes the script's list): the state was just answered, and `running`/`degraded` means
    // the boot's job queue is empty.
    const first = look === 0;
    let jobs, busy, now;
    try {
      [jobs, busy, now] = await Promise.all([
        first
          ? Promise.resolve({ stdout: '' })
          : target.exec(['systemctl', 'list-jobs', '--no-legend', '--plain'], opts),
        first && o.firstBusy !== undefined
          ? Promise.resolve({ stdout: o.firstBusy })
          : target.exec(BUSY_UNITS_ARGV, opts),
        first ? Promise.resolve(state) : currentState(target, signal),
      ]);
    } catch (e) {
      // Stopped while settling (killed, or PID 1 gave up): the wait's liveness check says how.
      if (o.isGone?.(e)) return 'gone';
      throw e;
    }
    if (jobs.stdout.trim() || busy.stdout.trim() || now !== state) {
      state = now;
      quietSince = Date.now();
      if (!told) o.onBusy();
      told = true;
    } else if (Date.now() - quietSince >= o.settleMs) {
      break;
    }
    await sleep(Math.max(o.pollMs, 100), signal);
  }
  return state;
}

export interface DegradedDetail {
  failedUnits: UnitState[];
  /** The last journal lines of each failed unit (the first five units), by unit name. */
  unitLogs: Record<string, string[]>;
  diagnosis: Diagnosis;
}

export interface DegradedOptions {
  /**
   * PID 1's console output (a container's log). systemd says why it refused a unit when it loads
   * it, before journald runs, so that reason is only there, not in the unit's journal.
   */
  consoleLog?(): Promise<string>;
}

/** For a degraded boot: the failed units and their own journal lines, run through the boot-log patterns. */
export async function degradedDiagnosis(target: SystemdTarget, options: DegradedOptions = {}): Promise<DegradedDetail> {
  // Failed units, and those systemd refused to load (bad-setting, error): neither runs.
  const failed = await listUnits(target, { all: true, states: ['failed', ...REFUSED_LOAD_STATES] });
  const shown = failed.slice(0, 5);
  const unitLogs: Record<string, string[]> = {};
  // The units' journals (and the console, for refused ones) at once: one round trip, not one per unit.
  const [journals, consoleText] = await Promise.all([
    Promise.all(
      shown.map((u) =>
        target
          .exec(['journalctl', '--no-pager', '-o', 'cat', '-n', '30', '-u', u.unit], { timeoutMs: 10_000 })
          .then((r) => r.stdout.split('\n'))
          .catch(() => undefined),
      ),
    ),
    shown.some(isRefusedUnit) && options.consoleLog ? options.consoleLog().catch(() => '') : Promise.resolve(''),
  ]);
  const consoleLines = cleanLog(consoleText).split('\n');
  const refusals: string[] = [];
  shown.forEach((u, i) => {
    const journal = journals[i];
    const said = isRefusedUnit(u) ? consoleLines.filter((l) => namesUnit(l, u.unit)).map((l) => l.trim()) : [];
    // The line that says why ("… Refusing."), else the first thing systemd said of the unit.
    const why = said.find((l) => /Refusing\.?$/.test(l)) ?? said[0];
    if (why) refusals.push(why);
    if (!journal && !said.length) return;
    unitLogs[u.unit] = [...new Set([...said, ...(journal ?? [])])].filter(
      (l) => l.trim() && l.trim() !== '-- No entries --' && !isHarmlessLogLine(l),
    );
  });
  const log = Object.entries(unitLogs)
    .map(([unit, lines]) => `${unit}:\n${lines.join('\n')}`)
    .join('\n');
  const d = diagnose({ log, tty: true });
  const summary =
    `Degraded: ${unitProblemWords(failed)}.` +
    `${refusals.length ? ' ' + refusals.join(' ') : ''}${d.findings.length ? ' ' + d.summary : ''}`;
  return { failedUnits: failed, unitLogs, diagnosis: { ...d, summary } };
}

/**
 * A console line systemd wrote about this unit: "x.service: Service has no ExecStart=…" or, for
 * a bad line of its file, "/etc/systemd/system/x.service:5: Unknown key…".
 */
function namesUnit(line: string, unit: string): boolean {
  const text = line.trim();
  if (text.startsWith(`${unit}: `)) return true;
  const at = text.indexOf(`/${unit}:`);
  return at >= 0 && /^\d+: /.test(text.slice(at + unit.length + 2));
}

/** The units systemd refused to load, asked on their own (when the wait's script could not run). */
export async function listRefusedUnits(target: SystemdTarget): Promise<string[]> {
  const r = await target.exec(REFUSED_UNITS_ARGV, { timeoutMs: 10_000 }).catch(() => undefined);
  return r?.exitCode === 0 ? unitNames(r.stdout) : [];
}

/** A unit that did not fail but was never loaded: systemd refused its unit file. */
export const isRefusedUnit = (u: Pick<UnitState, 'load'>): boolean => REFUSED_LOAD_STATES.includes(u.load);

/** "2 failed units (a.service, b.service)", "systemd refused to load 1 unit (c.service: bad-setting)", or both. */
export function unitProblemWords(units: UnitState[]): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const failed = units.filter((u) => !isRefusedUnit(u));
  const refused = units.filter(isRefusedUnit);
  const parts: string[] = [];
  if (failed.length || !refused.length)
    parts.push(`${count(failed.length, 'failed unit')} (${failed.map((u) => u.unit).join(', ')})`);
  if (refused.length)
    parts.push(
      `systemd refused to load ${count(refused.length, 'unit')} ` +
        `(${refused.map((u) => `${u.unit}: ${u.load}`).join(', ')})`,
    );
  return parts.join('; ');
}
