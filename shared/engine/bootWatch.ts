/**
 * After the boot is reported: watching systemd for what changes later (a unit that fails a
 * minute after boot, the system turning degraded, the container dying). Driven by events, not a
 * timer: PID 1's journal is followed (`journalctl -f _PID=1`, one long-lived exec) and each burst
 * of its lines is a reason to ask systemd again (state and failed units); the follow ends when
 * the container stops. Where the journal cannot be followed (no journald, an nspawn target
 * without `follow`), it asks every `fallbackPollMs` instead. The caller owns the lifecycle and
 * stops the watch with its signal.
 */
import type { SystemdTarget } from './exec';
import { parseSystemState, type SystemState } from './bootWait';
import { listFailedUnits, type UnitState } from './units';

export interface SystemSnapshot {
  state: SystemState;
  failedUnits: UnitState[];
}

export type WatchChange =
  | { kind: 'changed'; snapshot: SystemSnapshot; newlyFailed: string[]; recovered: string[] }
  | { kind: 'exited'; exitCode?: number };

export interface WatchOptions {
  signal: AbortSignal;
  /** What the boot report said: changes are relative to it. */
  initial: SystemSnapshot;
  alive(): Promise<{ running: boolean; exitCode?: number }>;
  onChange(change: WatchChange): void;
  /** When the journal cannot be followed (default 5 s). */
  fallbackPollMs?: number;
  /**
   * A second look this long after a burst of journal lines (default 1 s): a unit's "Failed with
   * result" line can come a moment before systemctl reports the unit failed.
   */
  recheckMs?: number;
}

const FOLLOW_PID1 = ['journalctl', '--no-pager', '-f', '-n', '0', '-o', 'cat', '_PID=1'];

export async function snapshot(target: SystemdTarget, signal?: AbortSignal): Promise<SystemSnapshot> {
  const [state, failedUnits] = await Promise.all([
    target
      .exec(['systemctl', 'is-system-running'], { timeoutMs: 10_000, ...(signal ? { signal } : {}) })
      .then((r) => parseSystemState(r.stdout, r.stderr)),
    listFailedUnits(target, signal ? { signal } : {}),
  ]);
  return { state, failedUnits };
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Resolves when the watch ends: the container stopped (reported as `exited`) or the signal aborted. */
export async function watchSystem(target: SystemdTarget, options: WatchOptions): Promise<void> {
  const { signal } = options;
  let last = options.initial;
  let checking: Promise<void> | undefined;
  let again = false;
  let recheck: NodeJS.Timeout | undefined;

  const compare = (now: SystemSnapshot): void => {
    const before = new Set(last.failedUnits.map((u) => u.unit));
    const after = new Set(now.failedUnits.map((u) => u.unit));
    const newlyFailed = [...after].filter((u) => !before.has(u));
    const recovered = [...before].filter((u) => !after.has(u));
    if (now.state !== last.state || newlyFailed.length || recovered.length)
      options.onChange({ kind: 'changed', snapshot: now, newlyFailed, recovered });
    last = now;
  };
  /** One question at a time; lines that come while it runs ask once more after it. */
  const check = (): void => {
    if (signal.aborted) return;
    if (checking) {
      again = true;
      return;
    }
    checking = (async () => {
      do {
        again = false;
        const now = await snapshot(target, signal).catch(() => undefined);
        if (now && !signal.aborted) compare(now);
      } while (again && !signal.aborted);
    })().finally(() => {
      checking = undefined;
    });
  };
  const onLines = (): void => {
    check();
    clearTimeout(recheck);
    recheck = setTimeout(check, options.recheckMs ?? 1000);
  };

  try {
    while (!signal.aborted) {
      const followed = Date.now();
      if (target.follow) await target.follow(FOLLOW_PID1, onLines, signal).catch(() => undefined);
      if (signal.aborted) break;
      const alive = await options.alive().catch(() => ({ running: false }) as { running: boolean; exitCode?: number });
      if (!alive.running) {
        options.onChange({ kind: 'exited', ...(alive.exitCode !== undefined ? { exitCode: alive.exitCode } : {}) });
        return;
      }
      // The follow ended at once although the container runs (no journald): ask now and then instead.
      if (!target.follow || Date.now() - followed < 1000) {
        check();
        await sleep(options.fallbackPollMs ?? 5000, signal);
      }
    }
  } finally {
    clearTimeout(recheck);
    await checking;
  }
}
