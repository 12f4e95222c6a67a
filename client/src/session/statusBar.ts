/**
 * The engine in the status bar: `Docker 20.10.24 · cgroup v1` when connected, a warning
 * "engine unreachable" with the reason as tooltip and a click to retry when not. Shown once the
 * session has been used (a Dockerfile is open, the containers view is visible, a command ran).
 */
import * as vscode from 'vscode';
import { describeEndpoint } from '../../../shared/engine/errors';
import { describeFacts } from '../../../shared/engine/facts';
import type { EngineSession, SessionState } from './engineSession';

export const RECONNECT_COMMAND = 'systemdContainerTools.engine.reconnect';
export const CONTAINERS_VIEW = 'systemdContainerTools.containers';

export function shortFacts(s: SessionState & { kind: 'connected' }): string {
  const name = s.facts.engine === 'podman' ? 'Podman' : 'Docker';
  const cg = s.facts.cgroupVersion ? `cgroup v${s.facts.cgroupVersion}` : 'cgroup ?';
  return `${name} ${s.facts.version.replace(/\+.*$/, '')} · ${cg}${s.facts.rootless ? ' · rootless' : ''}`;
}

export function registerStatusBar(context: vscode.ExtensionContext, session: EngineSession): void {
  const item = vscode.window.createStatusBarItem('systemdContainerTools.engine', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Container Engine (systemd Container Tools)';
  const render = (s: SessionState): void => {
    switch (s.kind) {
      case 'idle':
        item.hide();
        return;
      case 'connecting':
        item.text = '$(sync~spin) engine';
        item.tooltip = s.endpoint
          ? `Connecting to ${describeEndpoint(s.endpoint)}`
          : 'Connecting to the container engine';
        item.command = undefined;
        item.backgroundColor = undefined;
        break;
      case 'connected': {
        item.text = `$(server-environment) ${shortFacts(s)}`;
        const tip = new vscode.MarkdownString(undefined, true);
        tip.appendText(`${describeFacts(s.facts)}\n\n${describeEndpoint(s.endpoint)}`);
        item.tooltip = tip;
        item.command = { title: 'Show System Containers', command: `${CONTAINERS_VIEW}.focus` };
        item.backgroundColor = undefined;
        break;
      }
      case 'error':
        item.text = '$(warning) engine unreachable';
        item.tooltip = `${s.message}\n\nClick to retry.`;
        item.command = { title: 'Retry', command: RECONNECT_COMMAND };
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
    }
    item.show();
  };
  render(session.current);
  context.subscriptions.push(item, session.onDidChangeState(render));

  // Lazily: the first Dockerfile editor connects (the view does when it is shown).
  const maybeStart = (e: vscode.TextEditor | undefined): void => {
    if (e?.document.languageId === 'dockerfile') session.ensureStarted();
  };
  // After activation, not inside it: connecting loads the engine bundle (dockerode), which
  // would otherwise count against the extension's activation time.
  const initial = setTimeout(() => maybeStart(vscode.window.activeTextEditor), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(maybeStart));
}
