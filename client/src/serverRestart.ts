/**
 * What happens when the language server process dies: restart it and say so, unless it keeps
 * dying, in which case stop and offer a manual restart (a crash loop would only hide the error).
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';

export const RESTART_COMMAND = 'systemdContainerTools.restartServer';

/** More than this many crashes within the window stops the automatic restarts. */
const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60_000;

export function restartingErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const crashes: number[] = [];
  return {
    error: (error, _message, count) => {
      output.error(`Language server connection error: ${error.message}`);
      return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0] < now - WINDOW_MS) crashes.shift();
      if (crashes.length <= MAX_RESTARTS) {
        const message = 'The systemd lint server stopped unexpectedly and was restarted.';
        output.warn(message);
        void vscode.window.showWarningMessage(message);
        return { action: CloseAction.Restart, handled: true };
      }
      const message =
        `The systemd lint server stopped ${crashes.length} times in 3 minutes; it was not restarted. See the ` +
        '"systemd Container Tools" output.';
      output.error(message);
      void vscode.window.showErrorMessage(message, 'Restart').then((choice) => {
        if (choice === 'Restart') void vscode.commands.executeCommand(RESTART_COMMAND);
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}
