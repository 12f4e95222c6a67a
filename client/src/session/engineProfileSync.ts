/**
 * Tells the language server which run profile units are judged for (SCT710/711, the hardening
 * action) from the connected engine's own facts and the Run with systemd settings, instead of the
 * assumed unprivileged Docker default: Podman rootful or rootless, `--privileged` when the
 * run.privileged setting asks for it. Back to the default when no engine is connected.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ENGINE_PROFILE_NOTIFICATION, connectedEngineProfile } from '../../../shared/engineProfile';
import type { EngineSession, SessionState } from './engineSession';

export function syncEngineProfile(
  session: EngineSession,
  client: LanguageClient,
  output: vscode.LogOutputChannel,
): vscode.Disposable {
  let sent = 'unset';
  let state: SessionState = session.current;
  const send = (): void => {
    const privileged =
      vscode.workspace.getConfiguration('systemdContainerTools').get<boolean>('run.privileged') === true;
    const profile = connectedEngineProfile(state.kind === 'connected' ? state.facts : undefined, privileged);
    const key = JSON.stringify(profile);
    if (key === sent || !client.isRunning()) return;
    sent = key;
    if (profile) output.info(`Units are judged for the run profile ${profile.profile} (${profile.basis}).`);
    void client.sendNotification(ENGINE_PROFILE_NOTIFICATION, profile);
  };
  return vscode.Disposable.from(
    session.onDidChangeState((s) => {
      state = s;
      send();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('systemdContainerTools.run.privileged')) send();
    }),
    client.onDidChangeState(() => {
      // A restarted server starts without it.
      sent = 'unset';
      send();
    }),
  );
}
