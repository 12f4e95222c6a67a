/**
 * The extension's entry point: starts the bundled language server and hands it the documents
 * it serves. Commands and views register here too, each from its own module.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { openSampleDockerfile, OPEN_SAMPLE_COMMAND } from './sampleDockerfile';
import { restartingErrorHandler, RESTART_COMMAND } from './serverRestart';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('systemd Container Tools', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    synchronize: {
      configurationSection: 'systemdContainerTools',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.systemd-lint.{yaml,yml}'),
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: restartingErrorHandler(output),
    initializationFailedHandler: (error) => {
      output.error(`The systemd language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
  };
  client = new LanguageClient('systemdContainerTools', 'systemd Container Tools', serverOptions, clientOptions);
  context.subscriptions.push(client);
  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      output.info('Restarting the language server on request.');
      await client?.restart();
    }),
    vscode.commands.registerCommand(OPEN_SAMPLE_COMMAND, openSampleDockerfile),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
