/**
 * "Run with systemd-nspawn" and "Generate .nspawn". Run: build the Dockerfile (or take a
 * directory tree the user chose), export the image's file system to a machine directory
 * (setting nspawn.machinesDirectory; default the extension's storage), apply the `<machine>.nspawn`
 * beside the Dockerfile or elsewhere in the workspace, boot it and wait for systemd, then report
 * like Run with systemd. Generate: the run profile as `<machine>.nspawn` beside the Dockerfile.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { bootMachine, type MachineBootResult } from '../nspawn/boot';
import { exportImageTo } from '../nspawn/export';
import { detectNspawnHost, type NspawnHost } from '../nspawn/host';
import { isValidMachineName, machineNameFromImage, nspawnSettings } from '../nspawn/settings';
import type { MachineRegistry } from '../nspawn/registry';
import type { MachineSpec } from '../nspawn/machine';
import { cleanLog } from '../../../shared/engine/diagnosis';
import { readRunSettings } from '../engineSettings';
import type { EngineSession } from '../session/engineSession';
import { CONTAINER_COMMANDS } from '../commandIds';
import type { Builder } from './build';
import { commandOptions, isCancelled, namedLikeDockerfile, pickDockerfile, showEngineError } from './common';
import { formatDiagnosis, type Runner } from './run';
import { refuseUntrusted, type Refused } from './trust';
import { showReadOnly } from '../views/readOnlyDocument';
import { bootProgressWords } from '../views/stateWords';

export const RUN_NSPAWN_COMMAND = 'systemdContainerTools.runWithNspawn';
export const GENERATE_NSPAWN_COMMAND = 'systemdContainerTools.generateNspawn';

/** Programmatic options (tests): the machine's name and where its directory goes. */
interface NspawnCommandOptions {
  name?: string;
  machinesDirectory?: string;
  labels?: Record<string, string>;
}

export type NspawnRunResult =
  | {
      status: MachineBootResult['status'];
      name: string;
      directory: string;
      settingsFile?: string;
      registered: boolean;
      seconds: number;
      message: string;
    }
  | Refused
  | { cancelled: true }
  | { error: string }
  | undefined;

function nspawnOptions(arg: unknown): NspawnCommandOptions {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return {};
  const o = arg as Record<string, unknown>;
  return {
    ...(typeof o.name === 'string' ? { name: o.name } : {}),
    ...(typeof o.machinesDirectory === 'string' ? { machinesDirectory: o.machinesDirectory } : {}),
    ...commandOptions(arg),
  };
}

/** setting `systemdContainerTools.nspawn.machinesDirectory`; empty: `<global storage>/machines`. */
function machinesDirectory(context: vscode.ExtensionContext, scope: vscode.Uri | undefined, override?: string): string {
  const setting =
    override ??
    vscode.workspace.getConfiguration('systemdContainerTools.nspawn', scope).get<string>('machinesDirectory', '');
  return setting?.trim() ? path.resolve(setting.trim()) : path.join(context.globalStorageUri.fsPath, 'machines');
}

/** `<name>.nspawn` beside the Dockerfile (or directory), else the first one in the workspace. */
async function findSettingsFile(name: string, near: string): Promise<string | undefined> {
  const beside = path.join(near, `${name}.nspawn`);
  if (fs.existsSync(beside)) return beside;
  const found = await vscode.workspace.findFiles(`**/${name}.nspawn`, '**/node_modules/**', 1);
  return found[0]?.fsPath;
}

export class NspawnRunner {
  private host: NspawnHost | undefined;
  private outputChannel: vscode.OutputChannel | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly session: EngineSession,
    private readonly builder: Builder,
    private readonly machines: MachineRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The boot messages' channel, made on the first run (not at activation). */
  private get output(): vscode.OutputChannel {
    return (this.outputChannel ??= vscode.window.createOutputChannel('systemd-nspawn'));
  }

  private async nspawnHost(): Promise<NspawnHost> {
    if (this.host) return this.host;
    const check = await detectNspawnHost();
    if (!check.ok) throw new Error(check.reason);
    return (this.host = check.host);
  }

  /** A Dockerfile (built and exported) or a directory tree (booted in place). */
  async run(arg: unknown, arg2: unknown): Promise<NspawnRunResult> {
    const options = nspawnOptions(arg2);
    const source = await this.pickSource(arg);
    if (!source) return undefined;
    const title = `Run with systemd-nspawn: ${path.basename(source.fsPath)}`;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const host = await this.nspawnHost();
          const isDirectory = fs.statSync(source.fsPath).isDirectory();
          let spec: MachineSpec;
          if (isDirectory) {
            const name = options.name ?? machineNameFromImage(path.basename(source.fsPath));
            spec = { name, directory: source.fsPath, source: source.fsPath, exported: false };
          } else {
            const build = await this.builder.build(
              source,
              options,
              { report: (m) => progress.report({ message: `Building: ${m}` }) },
              abort.signal,
            );
            if (!build.ok)
              throw new Error(
                `The build failed${build.failedStep?.line ? ` (line ${build.failedStep.line})` : ''}: ${build.error}`,
              );
            const name = options.name ?? machineNameFromImage(build.tag);
            const directory = path.join(machinesDirectory(this.context, source, options.machinesDirectory), name);
            spec = { name, directory, source: build.tag, exported: true };
          }
          if (!isValidMachineName(spec.name))
            throw new Error(`"${spec.name}" is not a valid machine name (letters, digits, "-", "_", ".").`);
          if (!(await this.replaceRunning(spec.name))) return { cancelled: true } as const;
          if (spec.exported) {
            progress.report({ message: `Exporting ${spec.source} to ${spec.directory}` });
            const { docker, endpoint } = await this.session.get();
            fs.mkdirSync(path.dirname(spec.directory), { recursive: true });
            const seconds = await exportImageTo(docker, spec.source, spec.directory, {
              tar: host.tar,
              endpoint,
              signal: abort.signal,
            });
            this.log.info(`Exported ${spec.source} to ${spec.directory} in ${seconds} s.`);
          }
          const settingsFile = await this.applySettings(
            spec,
            path.dirname(source.fsPath),
            isDirectory ? source.fsPath : undefined,
          );
          this.output.appendLine(
            `--- ${new Date().toISOString()} systemd-nspawn --machine=${spec.name} ` +
              `--directory=${spec.directory}${host.machined ? '' : ' --register=no --keep-unit'}`,
          );
          const result = await bootMachine(host, spec, {
            timeoutMs: readRunSettings(source).bootTimeoutMs,
            signal: abort.signal,
            onStarted: (m) => this.machines.add(m),
            onOutput: (text) => this.output.append(cleanLog(text)),
            onProgress: (phase, _message, ms, state) =>
              progress.report({ message: bootProgressWords(phase, state, ms, 'machine') }),
          });
          return this.report(host, spec, result, settingsFile);
        },
      );
    } catch (e) {
      if (isCancelled(e)) {
        this.log.info(`${title} cancelled; the machine was powered off.`);
        return { cancelled: true };
      }
      return { error: showEngineError(`${title} failed`, e, this.log) };
    }
  }

  private async pickSource(arg: unknown): Promise<vscode.Uri | undefined> {
    if (arg instanceof vscode.Uri) return arg;
    const active = vscode.window.activeTextEditor?.document;
    if (
      active &&
      active.uri.scheme === 'file' &&
      (active.languageId === 'dockerfile' || namedLikeDockerfile(active.uri))
    )
      return active.uri;
    const pick = await vscode.window.showQuickPick(
      [
        {
          label: '$(file) Build a Dockerfile',
          description: 'build, export its file system, boot it',
          source: 'dockerfile' as const,
        },
        {
          label: '$(folder) A directory tree…',
          description: 'an OS tree already on disk (debootstrap, mkosi)',
          source: 'directory' as const,
        },
      ],
      { placeHolder: 'What to boot with systemd-nspawn' },
    );
    if (!pick) return undefined;
    if (pick.source === 'dockerfile') return pickDockerfile(undefined, 'run with systemd-nspawn');
    const chosen = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Boot this tree',
    });
    return chosen?.[0];
  }

  /** A machine of that name already runs: stop it first, when the user agrees. */
  private async replaceRunning(name: string): Promise<boolean> {
    const running = this.machines.get(name);
    if (!running?.running) return true;
    const choice = await vscode.window.showWarningMessage(
      `The machine ${name} is running. Power it off and boot the new one?`,
      { modal: true },
      'Replace',
    );
    if (choice !== 'Replace') return false;
    await running.stop(30_000);
    return true;
  }

  /**
   * Copies the workspace's `<name>.nspawn` beside the machine directory, where systemd-nspawn
   * reads it (with --settings=trusted, all of it applies); removes a stale copy when there is none.
   */
  private async applySettings(
    spec: MachineSpec,
    near: string,
    ownTree: string | undefined,
  ): Promise<string | undefined> {
    const found = await findSettingsFile(spec.name, near);
    const beside = `${spec.directory}.nspawn`;
    if (found && path.resolve(found) !== path.resolve(beside)) fs.copyFileSync(found, beside);
    else if (!found && !ownTree) fs.rmSync(beside, { force: true });
    if (found) this.log.info(`Applying ${found} to machine ${spec.name}.`);
    else
      this.log.info(
        `No ${spec.name}.nspawn in the workspace: machine ${spec.name} boots with systemd-nspawn's defaults ` +
          `(Generate .nspawn writes one).`,
      );
    return found;
  }

  private report(
    host: NspawnHost,
    spec: MachineSpec,
    result: MachineBootResult,
    settingsFile: string | undefined,
  ): NspawnRunResult {
    const how = host.machined
      ? 'registered with systemd-machined'
      : 'not registered: this host does not run systemd as PID 1, so it runs with --register=no (machinectl does ' +
        'not list it)';
    const base = {
      name: spec.name,
      directory: spec.directory,
      ...(settingsFile ? { settingsFile } : {}),
      registered: host.machined,
      seconds: result.seconds,
    };
    const ref = { machine: spec.name };
    if (result.status === 'running') {
      const message = `Machine ${spec.name} is running in ${result.seconds} s (${how}).`;
      this.log.info(message);
      void vscode.window.showInformationMessage(message, 'Show Units', 'Open Shell').then((choice) => {
        if (choice === 'Show Units') void vscode.commands.executeCommand(CONTAINER_COMMANDS.reveal, ref);
        else if (choice === 'Open Shell') void vscode.commands.executeCommand(CONTAINER_COMMANDS.shell, ref);
      });
      return { status: 'running', ...base, message };
    }
    if (result.status === 'degraded') {
      const names = result.failedUnits.map((u) => u.unit);
      const fix = result.diagnosis.findings[0]
        ? ` ${result.diagnosis.findings[0].cause} Fix: ${result.diagnosis.findings[0].fix}`
        : '';
      const message =
        `Machine ${spec.name} is degraded: ${names.length} failed ` +
        `unit${names.length === 1 ? '' : 's'} (${names.join(', ')}).${fix}`;
      this.log.warn(message);
      void vscode.window
        .showWarningMessage(message, 'Show Failed Units', 'Open Shell', 'Power Off')
        .then(async (choice) => {
          if (choice === 'Show Failed Units')
            await vscode.commands.executeCommand(CONTAINER_COMMANDS.failedStatus, ref);
          else if (choice === 'Open Shell') await vscode.commands.executeCommand(CONTAINER_COMMANDS.shell, ref);
          else if (choice === 'Power Off') await vscode.commands.executeCommand(CONTAINER_COMMANDS.stop, ref);
        });
      return { status: 'degraded', ...base, message };
    }
    const finding = result.diagnosis.findings[0];
    const message = finding
      ? `Machine ${spec.name} did not boot: ${finding.cause} Fix: ${finding.fix}`
      : `Machine ${spec.name} did not boot: ${result.message}`;
    this.log.error(`${message}\n${formatDiagnosis(result.diagnosis)}`);
    void vscode.window.showErrorMessage(message, 'Show Boot Log').then(async (choice) => {
      if (choice)
        await showReadOnly(
          `Boot log ${spec.name}`,
          `# systemd-nspawn --machine=${spec.name} --directory=${spec.directory}: ` +
            `${result.message}\n${formatDiagnosis(result.diagnosis)}\n\n# Log\n${result.log.trim() || '(empty)'}\n`,
          'log',
        );
    });
    return { status: 'failed', ...base, message };
  }

  dispose(): void {
    this.outputChannel?.dispose();
  }
}

/** Writes `<machine>.nspawn` beside the Dockerfile from its run profile (asks before replacing one). */
async function generateNspawn(
  runner: Runner,
  dockerfile: vscode.Uri,
  arg2: unknown,
): Promise<
  | { file: string; text: string }
  | Refused
  | { cancelled: true }
  | { error: string }
  | { buildFailed: unknown }
  | undefined
> {
  const options = nspawnOptions(arg2);
  const rendered = await runner.render(dockerfile, options, 'Generate .nspawn', nspawnSettings);
  if (!rendered || !('text' in rendered)) return rendered;
  const file = path.join(
    path.dirname(dockerfile.fsPath),
    `${options.name ?? machineNameFromImage(rendered.image)}.nspawn`,
  );
  if (fs.existsSync(file) && (arg2 as { overwrite?: boolean } | undefined)?.overwrite !== true) {
    const choice = await vscode.window.showWarningMessage(
      `${path.basename(file)} exists. Replace it with the settings from the run profile?`,
      { modal: true },
      'Replace',
    );
    if (choice !== 'Replace') return { cancelled: true };
  }
  fs.writeFileSync(file, rendered.text);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  return { file, text: rendered.text };
}

export function registerNspawnCommands(
  context: vscode.ExtensionContext,
  nspawn: NspawnRunner,
  runner: Runner,
  log: vscode.LogOutputChannel,
): void {
  context.subscriptions.push(
    nspawn,
    vscode.commands.registerCommand(
      RUN_NSPAWN_COMMAND,
      (arg?: unknown, arg2?: unknown) => refuseUntrusted('Run with systemd-nspawn', log) ?? nspawn.run(arg, arg2),
    ),
    vscode.commands.registerCommand(GENERATE_NSPAWN_COMMAND, async (arg?: unknown, arg2?: unknown) => {
      const refused = refuseUntrusted('Generate .nspawn', log);
      if (refused) return refused;
      const dockerfile = await pickDockerfile(arg, 'generate a .nspawn file for');
      if (!dockerfile) return undefined;
      try {
        return await generateNspawn(runner, dockerfile, arg2);
      } catch (e) {
        if (isCancelled(e)) return { cancelled: true };
        return { error: showEngineError('Generate .nspawn failed', e, log) };
      }
    }),
  );
}
