/**
 * What happens to a container after its boot was reported. Run with systemd hands each booted
 * container here (`watch`): a unit that fails later, the system turning degraded or running
 * again, and the container dying are logged, shown in a notification and fired as a change (the
 * containers view refreshes on it). The view hands over containers it lists while systemd is
 * still starting (`untilBooted`): one blocking `systemctl is-system-running --wait` fires a
 * change when the boot is over, so the view never shows a stale "starting". Watches end when
 * the container stops, when the view's Stop or Remove acts on it (`stop`), or at deactivation.
 */
import * as vscode from 'vscode';
import { watchSystem, type SystemSnapshot } from '../../../shared/engine/bootWatch';
import { containerTarget } from '../../../shared/engine/exec';
import { CONTAINER_COMMANDS } from '../commandIds';
import type { Connected } from './engineSession';

export interface BootChange {
  containerId: string;
  /** The image, for messages. */
  name: string;
  /**
   * `booted`: a boot the view saw starting is over; `changed`: after the boot report; `exited`: the container stopped.
   */
  kind: 'booted' | 'changed' | 'exited';
  state?: string;
  failedUnits?: string[];
  newlyFailed?: string[];
  exitCode?: number;
  /** The line logged and shown. */
  message?: string;
}

/** As registered in commands/diagnose.ts (which imports the run command, which imports this module). */
const DIAGNOSE_COMMAND = 'systemdContainerTools.container.diagnoseBoot';

/** How long the view follows a boot it saw starting (the boot's own deadline is Run with systemd's). */
const UNTIL_BOOTED_MS = 10 * 60_000;

export class BootWatches implements vscode.Disposable {
  private readonly watches = new Map<string, AbortController>();
  private readonly booting = new Map<string, AbortController>();
  private readonly emitter = new vscode.EventEmitter<BootChange>();
  readonly onDidChange = this.emitter.event;
  /** The last change per container (tests and the view's tooltip read it). */
  readonly latest = new Map<string, BootChange>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Watches a container whose boot was just reported as `initial`. */
  watch(conn: Connected, containerId: string, name: string, initial: SystemSnapshot): void {
    this.stop(containerId);
    const ac = new AbortController();
    this.watches.set(containerId, ac);
    const short = containerId.slice(0, 12);
    const target = containerTarget(conn.docker, containerId, conn.endpoint);
    const container = conn.docker.getContainer(containerId);
    // The report is out: whatever the view showed while the boot ran is stale now.
    this.fire({
      containerId,
      name,
      kind: 'changed',
      state: initial.state,
      failedUnits: initial.failedUnits.map((u) => u.unit),
    });
    void watchSystem(target, {
      signal: ac.signal,
      initial,
      alive: async () => {
        const s = (await container.inspect()).State;
        return { running: s?.Running === true, ...(s?.ExitCode !== undefined ? { exitCode: s.ExitCode } : {}) };
      },
      onChange: (c) => {
        if (ac.signal.aborted) return;
        if (c.kind === 'exited') {
          const message = `${name} (container ${short}) stopped after its boot, exit code ${c.exitCode ?? '?'}.`;
          this.log.warn(message);
          this.fire({
            containerId,
            name,
            kind: 'exited',
            ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
            message,
          });
          void vscode.window.showWarningMessage(message, 'Diagnose Boot').then((choice) => {
            if (choice)
              void vscode.commands.executeCommand(DIAGNOSE_COMMAND, {
                kind: 'container',
                id: containerId,
                name: short,
              });
          });
          return;
        }
        const failed = c.snapshot.failedUnits.map((u) => u.unit);
        const ref = { id: containerId, name: short };
        if (c.newlyFailed.length) {
          const n = c.newlyFailed.length;
          const message =
            `${name} (container ${short}): ${c.newlyFailed.join(', ')} failed after the boot; systemd now ` +
            `says ${c.snapshot.state}.`;
          this.log.warn(message);
          this.fire({
            containerId,
            name,
            kind: 'changed',
            state: c.snapshot.state,
            failedUnits: failed,
            newlyFailed: c.newlyFailed,
            message,
          });
          void vscode.window
            .showWarningMessage(message, n === 1 ? 'Show Failed Unit' : 'Show Failed Units')
            .then((choice) => {
              if (choice) void vscode.commands.executeCommand(CONTAINER_COMMANDS.failedStatus, ref);
            });
          return;
        }
        const message =
          `${name} (container ${short}): systemd now ` +
          `says ${c.snapshot.state}${c.recovered.length ? ` (${c.recovered.join(', ')} no longer failed)` : ''}.`;
        this.log.info(message);
        this.fire({ containerId, name, kind: 'changed', state: c.snapshot.state, failedUnits: failed, message });
      },
    }).finally(() => {
      if (this.watches.get(containerId) === ac) this.watches.delete(containerId);
    });
  }

  /** Fires `booted` once a container the view lists as starting has finished booting (one exec, no polling). */
  untilBooted(conn: Connected, containerId: string): void {
    if (this.booting.has(containerId) || this.watches.has(containerId)) return;
    const ac = new AbortController();
    this.booting.set(containerId, ac);
    const signal = AbortSignal.any([ac.signal, AbortSignal.timeout(UNTIL_BOOTED_MS)]);
    containerTarget(conn.docker, containerId, conn.endpoint)
      .exec(['systemctl', 'is-system-running', '--wait'], { timeoutMs: UNTIL_BOOTED_MS, signal })
      .then(
        (r) => {
          if (!ac.signal.aborted)
            this.fire({
              containerId,
              name: containerId.slice(0, 12),
              kind: 'booted',
              state: r.stdout.trim().split('\n').pop() ?? '',
            });
        },
        () => {
          // Stopped, removed or timed out: the engine's events refresh the view for those.
          if (!ac.signal.aborted) this.fire({ containerId, name: containerId.slice(0, 12), kind: 'booted' });
        },
      )
      .finally(() => {
        if (this.booting.get(containerId) === ac) this.booting.delete(containerId);
      });
  }

  /** Ends the watches of a container (before the view stops or removes it: that exit is expected). */
  stop(containerId: string): void {
    for (const map of [this.watches, this.booting]) {
      map.get(containerId)?.abort();
      map.delete(containerId);
    }
  }

  watching(containerId: string): boolean {
    return this.watches.has(containerId);
  }

  private fire(change: BootChange): void {
    this.latest.set(change.containerId, change);
    this.emitter.fire(change);
  }

  dispose(): void {
    for (const ac of [...this.watches.values(), ...this.booting.values()]) ac.abort();
    this.watches.clear();
    this.booting.clear();
    this.emitter.dispose();
  }
}
