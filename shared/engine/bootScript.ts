/**
 * The boot wait's question asked in one exec (bootWait.ts). From outside, every question is a
 * runc exec, which costs the engine tens of milliseconds of CPU on the cores systemd is booting
 * on; asked every 100 ms while systemd's bus is not up, then once for the state and once more for
 * busy units, they were the largest part of the report's lag behind a plain `docker exec … --wait`
 * (bench/results/2026-12-07-5.md). Inside, a file test every 50 ms costs nothing: this fixed POSIX
 * sh script (no user input in it) prints systemd's version, waits for PID 1's private bus socket,
 * asks `systemctl is-system-running --wait`, and lists the busy units at once.
 */
import type { ExecResult } from './exec';

/** Section marks on stdout; `@sct-no-systemctl` alone when the image has no systemctl. */
const MARK = {
  version: '@sct-version',
  state: '@sct-state',
  busy: '@sct-busy',
  refused: '@sct-refused',
  none: '@sct-no-systemctl',
};

/** What settle() asks for first (bootWait.ts): units waiting to restart or still changing state. */
export const BUSY_UNITS_ARGV = [
  'systemctl',
  'list-units',
  '--all',
  '--state=auto-restart,activating,deactivating',
  '--plain',
  '--no-legend',
];

/**
 * The load states of units systemd refused to load (a bad setting, a unit file it cannot parse):
 * they never run, and `is-system-running` does not count them, so a boot with one says `running`.
 */
export const REFUSED_LOAD_STATES: readonly string[] = ['bad-setting', 'error'];

export const REFUSED_UNITS_ARGV = [
  'systemctl',
  'list-units',
  '--all',
  `--state=${REFUSED_LOAD_STATES.join(',')}`,
  '--plain',
  '--no-legend',
];

/**
 * The bus wait runs only while PID 1 is systemd (`systemd`, or `init` when started as /sbin/init)
 * and for at most 200 turns (10 s): an image whose PID 1 is something else gets its answer
 * (`offline`) at once, and a systemd that never opens its bus is asked again from outside, each
 * exec with the wait's deadline. `sleep 1` where sleep takes no fractions (old busybox).
 */
const SCRIPT = [
  `command -v systemctl >/dev/null 2>&1 || { echo ${MARK.none}; exit 127; }`,
  `echo ${MARK.version}; systemctl --version 2>/dev/null`,
  'pid1=; read -r pid1 2>/dev/null </proc/1/comm',
  'case "$pid1" in systemd|init) i=0',
  '  while [ ! -S /run/systemd/private ] && [ "$i" -lt 200 ]; do sleep 0.05 2>/dev/null || sleep 1; i=$((i+1)); done',
  'esac',
  `echo ${MARK.state}; systemctl is-system-running --wait`,
  `echo ${MARK.busy}; ${BUSY_UNITS_ARGV.join(' ')} 2>/dev/null`,
  `echo ${MARK.refused}; ${REFUSED_UNITS_ARGV.join(' ')} 2>/dev/null`,
].join('\n');

export const WAIT_SCRIPT_ARGV = ['sh', '-c', SCRIPT];

export type ScriptAnswer =
  /** The script did not run (no sh in the image): ask with plain execs. */
  | { ran: false }
  /** No systemctl in the image: systemd is not what runs there. */
  | { ran: true; noSystemctl: true }
  | {
      ran: true;
      noSystemctl: false;
      /** is-system-running's own output, for parseSystemState. */
      stateOut: string;
      stateErr: string;
      /** list-units' lines for busy units (empty: none). */
      busy: string;
      /** The units systemd refused to load, by name. */
      refused: string[];
      /** systemd's major version from `systemctl --version`. */
      version?: number;
    };

export function parseScriptAnswer(r: ExecResult): ScriptAnswer {
  const lines = r.stdout.split('\n');
  if (lines.some((l) => l.trim() === MARK.none)) return { ran: true, noSystemctl: true };
  const at = (mark: string): number => lines.findIndex((l) => l.trim() === mark);
  const [v, s, b, x] = [at(MARK.version), at(MARK.state), at(MARK.busy), at(MARK.refused)];
  if (v < 0 || s < v) return { ran: false };
  const section = (from: number, to: number): string => lines.slice(from + 1, to < 0 ? undefined : to).join('\n');
  const version = Number(/^systemd (\d+)/m.exec(section(v, s))?.[1] ?? NaN);
  return {
    ran: true,
    noSystemctl: false,
    stateOut: section(s, b),
    stateErr: r.stderr,
    busy: b < 0 ? '' : section(b, x).trim(),
    refused: x < 0 ? [] : unitNames(section(x, -1)),
    ...(Number.isInteger(version) ? { version } : {}),
  };
}

/** The first word of each line of `list-units --plain --no-legend`: the unit's name. */
export function unitNames(listing: string): string[] {
  return listing
    .split('\n')
    .map((l) => l.replace(/^[\s●*]+/, '').split(/\s+/)[0])
    .filter((u) => u !== undefined && u !== '');
}
