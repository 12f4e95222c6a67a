/**
 * The systemd (and, for Quadlet files, Podman) release the active unit file is judged for, in the
 * status bar: `systemd 252` with the reason as tooltip ("as configured", "auto: systemd 252 in
 * running container web …", "auto: the systemd of debian:bookworm (…/Dockerfile)", "auto: the
 * newest release known"); a click opens the setting.
 * The language server works it out (request systemdContainerTools/unitTarget), as the linter does.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const UNIT_TARGET_REQUEST = 'systemdContainerTools/unitTarget';

interface UnitTarget {
  systemd: { release: number; reason: string };
  podman?: { release: string; reason: string };
}

/** `releasesChanged`: running containers told the server other releases (runningReleases.ts). */
export function registerUnitTargetStatus(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  releasesChanged?: vscode.Event<unknown>,
): void {
  const item = vscode.window.createStatusBarItem(
    'systemdContainerTools.unitTarget',
    vscode.StatusBarAlignment.Right,
    100,
  );
  item.name = 'systemd release (systemd Container Tools)';
  item.command = {
    title: 'Set the systemd release',
    command: 'workbench.action.openSettings',
    arguments: ['systemdContainerTools.systemdVersion'],
  };
  let asked = 0;
  const update = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    const mine = ++asked;
    if (!editor || editor.document.languageId !== 'systemd-unit' || !client.isRunning()) {
      item.hide();
      return;
    }
    try {
      const target = await client.sendRequest<UnitTarget | null>(UNIT_TARGET_REQUEST, {
        uri: editor.document.uri.toString(),
      });
      if (mine !== asked) return; // the editor changed meanwhile
      if (!target) return void item.hide();
      item.text = `systemd ${target.systemd.release}${target.podman ? ` · Podman ${target.podman.release}` : ''}`;
      item.tooltip = [
        `Judged for systemd ${target.systemd.release}: ${target.systemd.reason}`,
        target.podman ? `Quadlet judged for Podman ${target.podman.release}: ${target.podman.reason}` : '',
      ]
        .filter(Boolean)
        .join('\n');
      item.show();
    } catch {
      item.hide();
    }
  };
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('systemdContainerTools')) void update();
    }),
    vscode.workspace.onDidSaveTextDocument(() => void update()),
    client.onDidChangeState(() => void update()),
    ...(releasesChanged ? [releasesChanged(() => void update())] : []),
  );
  void update();
}
