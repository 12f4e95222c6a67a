/**
 * Everything that talks to the container engine, registered in one call from extension.ts:
 * the engine session and its status bar item, the build and run commands, the containers view
 * and its actions, Diagnose Boot and Re-run with the Missing Flags, and systemd-nspawn machines
 * (Run with systemd-nspawn, Generate .nspawn; their units in the same view).
 */
import * as vscode from 'vscode';
import { Builder, registerBuildCommand } from './commands/build';
import { BootDoctor, registerDiagnoseCommands } from './commands/diagnose';
import { Preflighter, registerPreflightCommands } from './commands/preflight';
import { Runner, registerRunCommands } from './commands/run';
import { BootWatches } from './session/bootWatches';
import { EngineSession } from './session/engineSession';
import { CONTAINERS_VIEW, RECONNECT_COMMAND, registerStatusBar } from './session/statusBar';
import { registerContainerCommands } from './views/containerCommands';
import { NspawnRunner, registerNspawnCommands } from './commands/nspawn';
import { MachineRegistry } from './nspawn/registry';
import { ContainersTree, type TreeNode } from './views/containersTree';

export interface EngineFeatures {
  session: EngineSession;
  tree: ContainersTree;
  /** Containers followed after their boot report (and boots the view saw starting). */
  watches: BootWatches;
  /** The nspawn machines this window started; deactivate() powers them off. */
  machines: MachineRegistry;
}

export function registerEngineFeatures(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): EngineFeatures {
  const session = new EngineSession(log);
  context.subscriptions.push(session);
  registerStatusBar(context, session);
  context.subscriptions.push(
    vscode.commands.registerCommand(RECONNECT_COMMAND, async () => {
      try {
        await session.reconnect();
        return true;
      } catch {
        return false;
      }
    }),
  );

  const builder = new Builder(session);
  context.subscriptions.push(builder);
  registerBuildCommand(context, builder, log);
  const watches = new BootWatches(log);
  context.subscriptions.push(watches);
  const runner = new Runner(session, builder, log, watches);
  registerRunCommands(context, runner, log);
  registerPreflightCommands(context, new Preflighter(session, builder, log), log);

  const machines = new MachineRegistry();
  registerNspawnCommands(context, new NspawnRunner(context, session, builder, machines, log), runner, log);

  const tree = new ContainersTree(session, machines, watches);
  const view = vscode.window.createTreeView<TreeNode>(CONTAINERS_VIEW, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  context.subscriptions.push(tree, view);
  registerContainerCommands(context, session, machines, tree, view, log, watches);
  registerDiagnoseCommands(context, new BootDoctor(session, runner, tree, log));
  return { session, tree, watches, machines };
}
