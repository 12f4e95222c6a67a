/**
 * "auto" target releases from running containers: whenever the engine's containers change, the
 * running containers Run with systemd started from a Dockerfile are asked which systemd and
 * Podman they have (engine/releaseProbe.ts), and the language server is told
 * (notification systemdContainerTools/runningReleases). A unit that goes into such an image, or
 * lives in the workspace of one, is then judged for that release, and hover, status bar and
 * findings say which container it came from. Nothing here connects to the engine by itself,
 * except that a unit-file editor starts the session as a Dockerfile editor does.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EngineSession } from './session/engineSession';
import { RUNNING_RELEASES_NOTIFICATION, type ContainerReleases } from '../../shared/containerReleases';
import { runningContainerReleases, type ProbedReleases } from '../../shared/engine/releaseProbe';
import { describeReleases, ReleasesChange } from './releasesChange';

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Registers the watcher; the returned event fires after the server was told new releases. */
export function registerRunningReleases(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  session: EngineSession,
  log: vscode.LogOutputChannel,
): vscode.Event<ContainerReleases[]> {
  const changed = new vscode.EventEmitter<ContainerReleases[]>();
  const cache = new Map<string, ProbedReleases>();
  const change = new ReleasesChange();
  let generation = 0;

  // Told and logged only when they changed: every engine event asks the containers again.
  const tell = async (containers: ContainerReleases[]): Promise<void> => {
    if (!client.isRunning() || !change.accept(containers)) return;
    if (containers.length) log.info(`target releases from running containers: ${describeReleases(containers)}`);
    await client.sendNotification(RUNNING_RELEASES_NOTIFICATION, { containers });
    changed.fire(containers);
  };

  const refresh = async (): Promise<void> => {
    const mine = ++generation;
    const state = session.current;
    if (state.kind !== 'connected') return tell([]);
    try {
      const containers = await runningContainerReleases(state.docker, folders(), { endpoint: state.endpoint, cache });
      if (mine !== generation) return; // a newer refresh is under way
      await tell(containers);
    } catch (e) {
      log.warn(`could not ask running containers for their releases: ${(e as Error).message}`);
    }
  };

  const startForUnits = (e: vscode.TextEditor | undefined): void => {
    if (e?.document.languageId === 'systemd-unit') session.ensureStarted();
  };
  context.subscriptions.push(
    changed,
    session.onDidChangeState(() => void refresh()),
    session.onDidChangeContainers(() => void refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void refresh()),
    vscode.window.onDidChangeActiveTextEditor(startForUnits),
    // a restarted server starts with none: tell it again
    client.onDidChangeState(() => {
      change.forget();
      void refresh();
    }),
  );
  const initial = setTimeout(() => {
    startForUnits(vscode.window.activeTextEditor);
    void refresh();
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });
  return changed.event;
}
