/**
 * Building and running execute the workspace's Dockerfile (RUN steps, COPY from the folder) on
 * the engine, so they need a trusted workspace. package.json disables the commands there
 * (`enablement: isWorkspaceTrusted`), but `executeCommand` still reaches the handler, so each
 * handler asks here first and says why it refuses.
 */
import * as vscode from 'vscode';

/** What a refused command returns (tests check it; users see the message). */
export interface Refused {
  refused: 'untrusted';
  message: string;
}

export function isRefused(v: unknown): v is Refused {
  return typeof v === 'object' && v !== null && (v as Refused).refused === 'untrusted';
}

export function refuseUntrusted(what: string, log: vscode.LogOutputChannel): Refused | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const message =
    `${what} is disabled in Restricted Mode: it would run this workspace's Dockerfile (its RUN steps and files) ` +
    'on your container engine. Trust the workspace to use it.';
  log.warn(message);
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return { refused: 'untrusted', message };
}
