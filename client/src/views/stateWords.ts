/**
 * The states of a boot, of systemd and of a container in words a user knows, for progress
 * notifications and the containers view. `systemctl is-system-running` says "no-bus" or
 * "initializing" and Docker says "Created"; the user wants to know whether the boot is under
 * way, done, or in trouble, in one style.
 */
import type { BootPhase } from '../../../shared/engine/boot';

/** systemd's state (`systemctl is-system-running`) as the view and tooltips show it. */
export function systemdStateWords(state: string | undefined): string {
  switch (state) {
    case 'running':
      return 'running';
    case 'degraded':
      return 'degraded: a unit failed';
    case 'initializing':
    case 'no-bus':
      return 'booting: systemd is starting';
    case 'starting':
      return 'booting: starting services';
    case 'maintenance':
      return 'in maintenance mode';
    case 'stopping':
      return 'shutting down';
    case 'offline':
      return 'systemd is not running';
    default:
      return 'systemd does not answer';
  }
}

/** Docker's status of a container that is not running ("Exited (0) 3 minutes ago", "Created"), in the view's style. */
export function stoppedStatusWords(status: string): string {
  if (/^created$/i.test(status.trim())) return 'created, never started';
  return status ? status[0].toLowerCase() + status.slice(1) : 'stopped';
}

const seconds = (ms: number): string => `(${(ms / 1000).toFixed(1)} s)`;

/** The progress notification's line for a phase of a boot (Run with systemd, systemd-nspawn). */
export function bootProgressWords(
  phase: BootPhase | 'stopping',
  systemState: string | undefined,
  elapsedMs: number,
  what = 'container',
): string {
  switch (phase) {
    case 'creating':
      return `Creating the ${what} ${seconds(elapsedMs)}`;
    case 'starting':
      return `Starting the ${what} ${seconds(elapsedMs)}`;
    case 'waiting':
      return `${waitingWords(systemState)} ${seconds(elapsedMs)}`;
    case 'settling':
      return `Waiting for the last units to start ${seconds(elapsedMs)}`;
    case 'diagnosing':
      return `The boot failed; reading the log for the cause ${seconds(elapsedMs)}`;
    case 'cleaning-up':
      return `Removing the ${what} ${seconds(elapsedMs)}`;
    case 'stopping':
      return `Stopping the ${what} ${seconds(elapsedMs)}`;
  }
}

function waitingWords(state: string | undefined): string {
  switch (state) {
    case 'starting':
      return 'Waiting for systemd to start the services';
    case 'maintenance':
      return 'systemd is in maintenance mode';
    case 'stopping':
      return 'systemd is shutting down';
    default:
      // no-bus, initializing, offline, unknown: systemd is not up yet.
      return 'Waiting for systemd to start';
  }
}

/**
 * A unit systemd refused to load, in words, or undefined for a unit it loaded: a unit file with a bad setting (no
 * ExecStart= after a typo) never runs, yet the system still reports "running", so the view must show it as a problem.
 */
export function refusedUnitWords(load: string): string | undefined {
  switch (load) {
    case 'bad-setting':
      return 'not loaded: a bad setting in its file';
    case 'error':
      return 'not loaded: its file could not be read';
    default:
      return undefined;
  }
}
