/**
 * The extension's entry point: starts the bundled language server and hands it the documents
 * it serves. Commands and views register here too, each from its own module.
 *
 * activate() returns a small API for the integration tests (test/vscode/suites/engine):
 * `engineTree` (the containers view's data provider, so a test can call getChildren) and
 * `engineSession` (the engine connection), `machines` (the nspawn machines it started). Nothing
 * else depends on it.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { registerUnitTargetStatus } from './unitTargetStatus';
import { registerRunningReleases } from './runningReleases';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerEngineFeatures } from './engineFeatures';
import { openSampleDockerfile, OPEN_SAMPLE_COMMAND } from './sampleDockerfile';
import type { BootWatches } from './session/bootWatches';
import type { EngineSession } from './session/engineSession';
import { syncEngineProfile } from './session/engineProfileSync';
import type { ContainersTree } from './views/containersTree';
import type { MachineRegistry } from './nspawn/registry';
import { restartingErrorHandler, RESTART_COMMAND } from './serverRestart';
import { registerReadOnlyDocuments } from './views/readOnlyDocument';

let client: LanguageClient | undefined;
let machines: MachineRegistry | undefined;

export interface ExtensionApi {
  engineTree: ContainersTree;
  engineSession: EngineSession;
  /** Containers followed after their boot report. */
  bootWatches: BootWatches;
  machines: MachineRegistry;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('systemd Container Tools', { log: true });
  context.subscriptions.push(output);
  registerReadOnlyDocuments(context);
  // Engine features first: they do not depend on the language server.
  const engine = registerEngineFeatures(context, output);
  machines = engine.machines;
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // Dockerfiles and unit files by language; YAML documents all (the server's kind detector
    // takes compose files by name or content, whatever they are called); devcontainer.json by name.
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', language: 'systemd-unit' },
      { scheme: 'untitled', language: 'systemd-unit' },
      { scheme: 'file', language: 'dockercompose' },
      { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
      { scheme: 'file', language: 'yaml' },
      // Generated compose files open untitled under the name they will be saved as.
      { scheme: 'untitled', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
      { scheme: 'file', pattern: '**/.devcontainer/**/devcontainer.json' },
      { scheme: 'file', pattern: '**/.devcontainer.json' },
    ],
    synchronize: {
      configurationSection: 'systemdContainerTools',
      // Config files re-lint; unit files refresh the unit names offered in completion.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.systemd-lint.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher(
          '**/*.{service,socket,timer,path,mount,automount,swap,target,slice,container,volume,pod,kube,network}',
          false,
          true,
          false,
        ),
      ],
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: restartingErrorHandler(output),
    initializationFailedHandler: (error) => {
      output.error(
        `The systemd language server failed to start: ${error instanceof Error ? error.message : String(error)}`,
      );
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
  registerUnitTargetStatus(context, client, registerRunningReleases(context, client, engine.session, output));
  context.subscriptions.push(syncEngineProfile(engine.session, client, output));
  try {
    await client.start();
  } catch (e) {
    // Linting is unavailable, but the engine features still work; the handlers above report it.
    output.error(`The systemd language server did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    engineTree: engine.tree,
    engineSession: engine.session,
    bootWatches: engine.watches,
    machines: engine.machines,
  };
}

export async function deactivate(): Promise<void> {
  // A machine's systemd-nspawn is a child of this process: power machines off rather than orphan them.
  await Promise.all([client?.stop(), machines?.stopAll()]);
}
