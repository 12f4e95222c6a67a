/**
 * Actions on the containers view: systemctl actions on units, `systemctl status` and
 * systemd-analyze output in untitled editors, terminals for the journal and a shell (argv, no
 * shell strings), a graceful stop (the container's stop signal) and remove with confirmation.
 * Every command takes a tree node, or `{ id }` / `{ containerId, unit }` from other commands.
 * The same commands act on systemd-nspawn machines (their nodes, or `{ machine }` /
 * `{ containerId: 'machine:<name>', unit }`): units through nsenter, shells and journals in
 * nsenter terminals, stop = power off, remove = power off and delete the exported directory.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { containerTarget, execIn, type SystemdTarget } from '../../../shared/engine/exec';
import type { NspawnMachine } from '../nspawn/machine';
import type { MachineRegistry } from '../nspawn/registry';
import {
  analyzeBlame,
  analyzeCriticalChain,
  isValidUnitName,
  listFailedUnits,
  removeContainer,
  unitAction,
  type StopResult,
  type UnitAction,
  type UnitActionResult,
} from '../../../shared/engine/units';
import type { EngineSession } from '../session/engineSession';
import { CONTAINERS_VIEW } from '../session/statusBar';
import { CONTAINER_COMMANDS } from '../commandIds';
import { stopGracefully, type HangUpResult } from '../../../shared/engine/gracefulStop';
import { showReadOnly } from './readOnlyDocument';
import type { ContainersTree, TreeNode } from './containersTree';
import { closeTerminalsOf, execTerminal, nsenterTerminal, resolveCli } from './terminals';
import type { BootWatches } from '../session/bootWatches';

export const UNIT_COMMANDS: Record<Exclude<UnitAction, 'status'> | 'status' | 'journal', string> = {
  start: 'systemdContainerTools.unit.start',
  stop: 'systemdContainerTools.unit.stop',
  restart: 'systemdContainerTools.unit.restart',
  reload: 'systemdContainerTools.unit.reload',
  enable: 'systemdContainerTools.unit.enable',
  disable: 'systemdContainerTools.unit.disable',
  mask: 'systemdContainerTools.unit.mask',
  unmask: 'systemdContainerTools.unit.unmask',
  status: 'systemdContainerTools.unit.status',
  journal: 'systemdContainerTools.unit.followJournal',
};

interface ContainerRef {
  id: string;
  name: string;
  running?: boolean;
}

interface UnitRef {
  containerId: string;
  containerName: string;
  unit: string;
  /** Set for a unit of an nspawn machine (containerId is then `machine:<name>`). */
  machine?: string;
}

const MACHINE_ID = /^machine:([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})$/;

/** A machine node, `{ machine: name }`, or `{ id: 'machine:<name>' }`: the machine's name. */
function machineRef(arg: unknown): string | undefined {
  const n = arg as { kind?: string; name?: unknown; machine?: unknown; id?: unknown } | undefined;
  if (!n || typeof n !== 'object') return undefined;
  if (n.kind === 'machine' && typeof n.name === 'string') return n.name;
  if (!n.kind && typeof n.machine === 'string') return n.machine;
  if (!n.kind && typeof n.id === 'string') return MACHINE_ID.exec(n.id)?.[1];
  return undefined;
}

/** A container or machine node (or reference): its display name and which of the two it is. */
function ownerRef(arg: unknown): { name: string; machine?: string; containerId?: string } | undefined {
  const machine = machineRef(arg);
  if (machine) return { name: machine, machine };
  const ref = containerRef(arg);
  return ref ? { name: ref.name, containerId: ref.id } : undefined;
}

function containerRef(arg: unknown): ContainerRef | undefined {
  const n = arg as Partial<TreeNode & { id: string; name?: string; state?: string }> | undefined;
  if (!n || typeof n !== 'object') return undefined;
  if ((n as { kind?: string }).kind === 'container' || (typeof n.id === 'string' && !(n as { kind?: string }).kind)) {
    const id = n.id as string;
    if (!/^[0-9a-f]{12,64}$/.test(id)) return undefined;
    return {
      id,
      name: (n.name as string | undefined) || id.slice(0, 12),
      ...(n.state ? { running: n.state === 'running' } : {}),
    };
  }
  return undefined;
}

function unitRef(arg: unknown): UnitRef | undefined {
  const n = arg as { kind?: string; unit?: unknown; containerId?: unknown; container?: { name?: string } } | undefined;
  if (!n || typeof n !== 'object' || typeof n.containerId !== 'string') return undefined;
  const unit = n.kind === 'unit' ? (n.unit as { unit: string }).unit : n.unit;
  if (typeof unit !== 'string' || !isValidUnitName(unit)) return undefined;
  const machine = MACHINE_ID.exec(n.containerId)?.[1];
  if (machine) return { containerId: n.containerId, containerName: machine, unit, machine };
  if (!/^[0-9a-f]{12,64}$/.test(n.containerId)) return undefined;
  return { containerId: n.containerId, containerName: n.container?.name || n.containerId.slice(0, 12), unit };
}

const PAST: Partial<Record<UnitAction, string>> = {
  start: 'started',
  stop: 'stopped',
  restart: 'restarted',
  reload: 'reloaded',
  enable: 'enabled',
  disable: 'disabled',
  mask: 'masked',
  unmask: 'unmasked',
};

export function registerContainerCommands(
  context: vscode.ExtensionContext,
  session: EngineSession,
  machines: MachineRegistry,
  tree: ContainersTree,
  view: vscode.TreeView<TreeNode>,
  log: vscode.LogOutputChannel,
  watches?: BootWatches,
): void {
  /** Before a stop or remove: its end is expected (no "stopped after its boot" warning), its terminals closed. */
  const letGo = (id: string): void => {
    watches?.stop(id);
    closeTerminalsOf(id);
  };
  /** What the hang-up before a stop found (a leftover shell is why a stop can end in SIGKILL). */
  const logSessions = (name: string, sessions: HangUpResult | undefined): void => {
    if (!sessions) return;
    const ms = `${sessions.durationMs} ms`;
    if (sessions.error) log.warn(`Could not hang up the exec sessions left in ${name} (${ms}): ${sessions.error}`);
    else if (sessions.hungUp.length)
      log.info(
        `Hung up ${sessions.hungUp.length} exec session(s) left in ${name} (${ms}): ${sessions.hungUp.join(', ')}`,
      );
  };
  const inView = <T>(title: string, fn: () => Promise<T>): Thenable<T> =>
    vscode.window.withProgress({ location: { viewId: CONTAINERS_VIEW }, title }, fn);
  const fail = (what: string, e: unknown): undefined => {
    session.reportFailure(e);
    const message = `${what}: ${e instanceof Error ? e.message : String(e)}`;
    log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  };
  const noTarget = (what: string): undefined => {
    void vscode.window.showWarningMessage(`${what}: choose a container or unit in the System Containers view.`);
    return undefined;
  };

  const runningMachine = (name: string): NspawnMachine => {
    const m = machines.get(name);
    if (!m?.running) throw new Error(`The machine ${name} is not running any more.`);
    return m;
  };
  /** Where a unit's or an owner's commands run: its machine, or its container on the engine. */
  const targetOf = async (ref: { machine?: string; containerId?: string }): Promise<SystemdTarget> => {
    if (ref.machine) return runningMachine(ref.machine);
    const { docker, endpoint } = await session.get();
    return containerTarget(docker, ref.containerId!, endpoint);
  };
  /**
   * `systemd-analyze <report>` in a container or machine, opened in an untitled editor under the command line it ran.
   */
  const analyzeCommand = (
    id: string,
    report: string,
    run: (target: SystemdTarget) => Promise<string>,
  ): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (arg: unknown): Promise<string | undefined> => {
      const what = `systemd-analyze ${report}`;
      const ref = ownerRef(arg);
      if (!ref) return noTarget(what);
      try {
        const target = await targetOf(ref);
        const out = await inView(what, () => run(target));
        const text = `$ ${what}   # in ${ref.name}\n${out}`;
        await showReadOnly(`${what} (${ref.name})`, text);
        return text;
      } catch (e) {
        return fail(`${what} in ${ref.name}`, e);
      }
    });

  const unitCommand =
    (action: UnitAction) =>
    async (arg: unknown): Promise<UnitActionResult | undefined> => {
      const ref = unitRef(arg);
      if (!ref) return noTarget(`systemctl ${action}`);
      try {
        const target = await targetOf(ref);
        const r = await inView(`systemctl ${action} ${ref.unit}`, () =>
          unitAction(target, action, ref.unit, { timeoutMs: 120_000 }),
        );
        if (action === 'status') {
          const status =
            `$ systemctl status ${ref.unit}   # ` +
            `in ${ref.containerName}\n${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`;
          await showReadOnly(`systemctl status ${ref.unit} (${ref.containerName})`, status);
        } else if (r.ok) {
          log.info(`${ref.unit} ${PAST[action]} in ${ref.containerName}.`);
          vscode.window.setStatusBarMessage(`$(check) ${ref.unit} ${PAST[action]} in ${ref.containerName}`, 4000);
        } else {
          const why = (r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`;
          log.error(`systemctl ${action} ${ref.unit} in ${ref.containerName} failed: ${why}`);
          void vscode.window
            .showErrorMessage(`systemctl ${action} ${ref.unit} failed in ${ref.containerName}: ${why}`, 'Show Status')
            .then((c) => {
              if (c)
                void vscode.commands.executeCommand(UNIT_COMMANDS.status, {
                  containerId: ref.containerId,
                  unit: ref.unit,
                  container: { name: ref.containerName },
                });
            });
        }
        if (action !== 'status') tree.refresh();
        return r;
      } catch (e) {
        return fail(`systemctl ${action} ${ref.unit}`, e);
      }
    };

  /** Power off: SIGTERM to systemd-nspawn, which sends SIGRTMIN+3 to the machine's systemd. */
  const stopMachine = async (name: string): Promise<StopResult | undefined> => {
    const m = machines.get(name);
    if (!m) return noTarget('Stop machine');
    try {
      const r = await inView(`Powering off ${name}`, () => m.stop(30_000));
      const seconds = (r.durationMs / 1000).toFixed(1);
      if (r.killed) void vscode.window.showWarningMessage(`${name} did not power off within 30 s and was killed.`);
      else vscode.window.setStatusBarMessage(`$(check) Powered off ${name} in ${seconds} s`, 5000);
      log.info(`Machine ${name} powered off in ${seconds} s${r.killed ? ' (killed)' : ''}.`);
      tree.refresh();
      return { exitCode: m.exitCode ?? -1, durationMs: r.durationMs, killed: r.killed };
    } catch (e) {
      return fail(`Stop ${name}`, e);
    }
  };

  /** Power off, then delete the directory the extension exported (never a directory the user chose). */
  const removeMachine = async (name: string, confirmed: boolean): Promise<boolean> => {
    const m = machines.get(name);
    if (!m) return noTarget('Remove machine') ?? false;
    if (!m.spec.exported) {
      void vscode.window.showWarningMessage(
        `${name} runs from your own directory ${m.spec.directory}; it is not deleted. Use Stop to power it off.`,
      );
      return false;
    }
    if (!confirmed) {
      const choice = await vscode.window.showWarningMessage(
        `Remove the machine ${name}?`,
        { modal: true, detail: `It is powered off and its directory ${m.spec.directory} is deleted.` },
        'Remove',
      );
      if (choice !== 'Remove') return false;
    }
    try {
      await inView(`Removing ${name}`, async () => {
        await m.stop(30_000);
        await fs.promises.rm(m.spec.directory, { recursive: true, force: true });
        await fs.promises.rm(`${m.spec.directory}.nspawn`, { force: true });
      });
      log.info(`Removed machine ${name} (${m.spec.directory}).`);
      tree.refresh();
      return true;
    } catch (e) {
      fail(`Remove ${name}`, e);
      return false;
    }
  };

  const cliFor = async (): Promise<{ cli: ReturnType<typeof resolveCli> }> => {
    const { endpoint, facts } = await session.get();
    return { cli: resolveCli(endpoint, facts.engine) };
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(CONTAINER_COMMANDS.refresh, () => tree.refresh()),
    ...(['start', 'stop', 'restart', 'reload', 'enable', 'disable', 'mask', 'unmask', 'status'] as const).map((a) =>
      vscode.commands.registerCommand(UNIT_COMMANDS[a], unitCommand(a)),
    ),

    vscode.commands.registerCommand(
      UNIT_COMMANDS.journal,
      async (arg: unknown): Promise<vscode.Terminal | undefined> => {
        const ref = unitRef(arg);
        if (!ref) return noTarget('Follow journal');
        try {
          if (ref.machine)
            return nsenterTerminal(runningMachine(ref.machine), `journal: ${ref.unit} (${ref.machine})`, [
              'journalctl',
              '-f',
              '-u',
              ref.unit,
            ]);
          const { cli } = await cliFor();
          return execTerminal(cli, `journal: ${ref.unit} (${ref.containerName})`, ref.containerId, [
            'journalctl',
            '-f',
            '-u',
            ref.unit,
          ]);
        } catch (e) {
          return fail(`Follow the journal of ${ref.unit}`, e);
        }
      },
    ),

    vscode.commands.registerCommand(
      CONTAINER_COMMANDS.shell,
      async (arg: unknown): Promise<vscode.Terminal | undefined> => {
        const machine = machineRef(arg);
        if (machine) {
          try {
            const m = runningMachine(machine);
            const bash = await m.exec(['test', '-x', '/bin/bash'], { timeoutMs: 10_000 });
            return nsenterTerminal(m, `shell: ${machine}`, [bash.exitCode === 0 ? '/bin/bash' : '/bin/sh', '-l']);
          } catch (e) {
            return fail(`Open a shell in ${machine}`, e);
          }
        }
        const ref = containerRef(arg);
        if (!ref) return noTarget('Open shell');
        try {
          const { docker, endpoint } = await session.get();
          const { cli } = await cliFor();
          const bash = await execIn(docker, ref.id, ['test', '-x', '/bin/bash'], { endpoint, timeoutMs: 10_000 });
          return execTerminal(cli, `shell: ${ref.name}`, ref.id, [bash.exitCode === 0 ? '/bin/bash' : '/bin/sh']);
        } catch (e) {
          return fail(`Open a shell in ${ref.name}`, e);
        }
      },
    ),

    analyzeCommand(CONTAINER_COMMANDS.blame, 'blame', async (target) => (await analyzeBlame(target)).text),
    analyzeCommand(CONTAINER_COMMANDS.criticalChain, 'critical-chain', (target) => analyzeCriticalChain(target)),

    vscode.commands.registerCommand(CONTAINER_COMMANDS.stop, async (arg: unknown): Promise<StopResult | undefined> => {
      const machine = machineRef(arg);
      if (machine) return stopMachine(machine);
      const ref = containerRef(arg);
      if (!ref) return noTarget('Stop container');
      try {
        const { docker, endpoint } = await session.get();
        letGo(ref.id);
        const r = await inView(`Stopping ${ref.name}`, () => stopGracefully(docker, ref.id, endpoint));
        logSessions(ref.name, r.sessions);
        const seconds = (r.durationMs / 1000).toFixed(1);
        if (r.killed) {
          const rtmin = /^(SIG)?RTMIN\+3$|^37$/i.test(r.stopSignal ?? '');
          void vscode.window.showWarningMessage(
            rtmin
              ? `${ref.name} did not finish shutting down within 10 s and was killed (exit 137): a process in it ` +
                  `ignored SIGTERM, or a unit's ExecStop= took too long (see its journal).`
              : `${ref.name} did not stop within 10 s and was killed (exit 137): its stop signal ` +
                  `is ${r.stopSignal ?? 'SIGTERM'}, and systemd shuts down on SIGRTMIN+3 only. Add STOPSIGNAL ` +
                  'SIGRTMIN+3 to the Dockerfile (rule SCT106).',
          );
        } else {
          vscode.window.setStatusBarMessage(`$(check) Stopped ${ref.name} in ${seconds} s (exit ${r.exitCode})`, 5000);
        }
        log.info(`Stopped ${ref.name} in ${seconds} s, exit ${r.exitCode}${r.killed ? ' (killed)' : ''}.`);
        tree.refresh();
        return r;
      } catch (e) {
        return fail(`Stop ${ref.name}`, e);
      }
    }),

    vscode.commands.registerCommand(
      CONTAINER_COMMANDS.remove,
      async (arg: unknown, options?: { confirmed?: boolean }): Promise<boolean> => {
        const machine = machineRef(arg);
        if (machine) return removeMachine(machine, options?.confirmed === true);
        const ref = containerRef(arg);
        if (!ref) return noTarget('Remove container') ?? false;
        if (options?.confirmed !== true) {
          const running = ref.running !== false;
          const choice = await vscode.window.showWarningMessage(
            `Remove the container ${ref.name}?`,
            {
              modal: true,
              detail:
                `${running ? 'If it is running, it is stopped first (with its stop signal). ' : ''}Its file ` +
                'system changes and anonymous volumes are deleted.',
            },
            'Remove',
          );
          if (choice !== 'Remove') return false;
        }
        try {
          const { docker, endpoint } = await session.get();
          letGo(ref.id);
          await inView(`Removing ${ref.name}`, async () => {
            logSessions(ref.name, (await stopGracefully(docker, ref.id, endpoint)).sessions);
            await removeContainer(docker, ref.id, { force: true, endpoint });
          });
          log.info(`Removed ${ref.name}.`);
          tree.refresh();
          return true;
        } catch (e) {
          fail(`Remove ${ref.name}`, e);
          return false;
        }
      },
    ),

    vscode.commands.registerCommand(CONTAINER_COMMANDS.reveal, async (arg: unknown): Promise<boolean> => {
      const machine = machineRef(arg);
      if (machine) {
        await vscode.commands.executeCommand(`${CONTAINERS_VIEW}.focus`);
        let node = tree.machineNode(machine);
        for (let i = 0; !node && i < 100; i++) {
          if (i === 30) tree.refresh();
          await new Promise((r) => setTimeout(r, 100));
          node = tree.machineNode(machine);
        }
        if (!node) return false;
        await view.reveal(node, { select: true, focus: true, expand: true });
        return true;
      }
      const ref = containerRef(arg);
      if (!ref) return false;
      await vscode.commands.executeCommand(`${CONTAINERS_VIEW}.focus`);
      // The view loads itself once shown; reveal into what it loaded (see loadedContainer).
      let found = await tree.loadedContainer(ref.id, 3000);
      if (!found) {
        tree.refresh();
        found = await tree.loadedContainer(ref.id, 10_000);
      }
      if (!found) return false;
      await view.reveal(found, { select: true, focus: true, expand: true });
      return true;
    }),

    vscode.commands.registerCommand(
      CONTAINER_COMMANDS.failedStatus,
      async (arg: unknown): Promise<string | undefined> => {
        const ref = ownerRef(arg);
        if (!ref) return undefined;
        try {
          const target = await targetOf(ref);
          const failed = await listFailedUnits(target);
          const parts: string[] = [];
          for (const u of failed) {
            const r = await unitAction(target, 'status', u.unit);
            parts.push(`$ systemctl status ${u.unit}\n${r.stdout}${r.stderr}`);
          }
          const text = `# Failed units in ${ref.name}\n\n${parts.join('\n') || 'none'}`;
          await showReadOnly(`Failed units (${ref.name})`, text);
          return text;
        } catch (e) {
          return fail(`Failed units of ${ref.name}`, e);
        }
      },
    ),
  );
}
