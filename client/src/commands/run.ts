/**
 * "Run with systemd" and the commands that share its run profile: build (the engine's cache
 * makes an unchanged Dockerfile a no-op) → image probe → run profile → boot, with the phase in
 * a cancellable notification and the outcome as "running in N s", "degraded: …" or the
 * diagnosis (cause, fix, boot log, the Dockerfile rule's line). A failed or cancelled boot
 * leaves no container unless run.keepFailedContainers. "Copy Run Command", "Generate Compose
 * Service" and "Generate Quadlet .container" render the same profile (engine core renderers).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { BuildResult } from '../../../shared/engine/build';
import { bootContainer, type BootResult } from '../../../shared/engine/boot';
import { unitProblemWords } from '../../../shared/engine/bootWait';
import { containerNameFor, freeContainerName, namedProfile } from '../../../shared/engine/containerNames';
import { cleanLog, readContainerLog, type Diagnosis } from '../../../shared/engine/diagnosis';
import { withCgroupLayout } from '../../../shared/engine/hostCgroup';
import { inspectImage, type ImageFacts } from '../../../shared/engine/image';
import { formatPreflight, predictBoot, type PreflightResult } from '../../../shared/engine/preflight';
import { PROFILE_FLAG_TEXT, omittedFlagsNamed } from '../../../shared/engine/rerun';
import {
  buildRunProfile,
  composeService,
  quadletContainer,
  runCommand,
  serviceNameFromImage,
  type ProfileFlagId,
  type RunOptions,
  type RunProfile,
} from '../../../shared/engine/runProfile';
import { readBuildSettings, readRunSettings } from '../engineSettings';
import type { BootWatches } from '../session/bootWatches';
import type { Connected, EngineSession } from '../session/engineSession';
import { revealBuildError, type Builder } from './build';
import {
  commandOptions,
  isCancelled,
  openUntitledFile,
  pickDockerfile,
  showEngineError,
  type CommandOptions,
} from './common';
import { refuseUntrusted, type Refused } from './trust';
import { CONTAINER_COMMANDS } from '../commandIds';
import { showReadOnly } from '../views/readOnlyDocument';
import { bootProgressWords } from '../views/stateWords';

export const RUN_COMMAND = 'systemdContainerTools.runWithSystemd';
export const COPY_RUN_COMMAND = 'systemdContainerTools.copyRunCommand';
export const COMPOSE_COMMAND = 'systemdContainerTools.generateComposeService';
export const QUADLET_COMMAND = 'systemdContainerTools.generateQuadlet';
/** Internal: (dockerfile Uri, rule id) → selects that rule's diagnostic in the Dockerfile. */
export const SHOW_IN_DOCKERFILE_COMMAND = 'systemdContainerTools.showRuleInDockerfile';
/** Internal: (failed BootResult) → the diagnosis and container log in an untitled editor. */
export const SHOW_BOOT_LOG_COMMAND = 'systemdContainerTools.showBootLog';

type Failure =
  Refused | { cancelled: true } | { error: string } | { buildFailed: BuildResult & { ok: false } } | undefined;

/**
 * A boot and what it was made from. `missingFlags`: for a failed boot, the flags its diagnosis
 * names that the run left out on request (`omit`); "Re-run with the Missing Flags" (the
 * RERUN_COMMAND with this object) runs the image again with them.
 */
export interface BootOutcome {
  image: string;
  profile: RunProfile;
  runOptions: RunOptions;
  boot: BootResult;
  missingFlags?: ProfileFlagId[];
  dockerfile?: string;
}

export type RunCommandResult = (BootOutcome & { build: BuildResult & { ok: true } }) | Failure;
export type RenderCommandResult = { image: string; profile: RunProfile; text: string } | Failure;

/** Internal: (BootOutcome from a failed run, or a container of the view) → run again with the missing flags. */
export const RERUN_COMMAND = 'systemdContainerTools.container.rerunWithMissingFlags';

interface Prepared {
  conn: Connected;
  build: BuildResult & { ok: true };
  profile: RunProfile;
  runOptions: RunOptions;
  /** From the image probe: whether systemd is installed (sharpens the diagnosis of a missing init). */
  imageHasSystemd?: boolean;
}

export const RERUN_ACTION = 'Re-run with the Missing Flags';

export class Runner {
  constructor(
    private readonly session: EngineSession,
    private readonly builder: Builder,
    private readonly log: vscode.LogOutputChannel,
    private readonly watches?: BootWatches,
  ) {}

  /** After the report: a booted container is watched for what fails later (session/bootWatches.ts). */
  private watchAfterBoot(conn: Connected, tag: string, boot: BootResult): void {
    if (boot.status === 'failed') return;
    this.watches?.watch(conn, boot.containerId, tag, {
      state: boot.status,
      failedUnits: boot.status === 'degraded' ? boot.failedUnits : [],
    });
  }

  /** Build, probe and profile (shared by every command here). Undefined when the build failed. */
  private async prepare(
    dockerfile: vscode.Uri,
    options: CommandOptions,
    progress: vscode.Progress<{ message?: string }>,
    signal: AbortSignal,
  ): Promise<Prepared | { buildFailed: BuildResult & { ok: false } }> {
    const build = await this.builder.build(
      dockerfile,
      options,
      { report: (m) => progress.report({ message: `Building: ${m}` }) },
      signal,
    );
    if (!build.ok) return { buildFailed: build };
    const conn = await this.session.get();
    progress.report({ message: `Checking ${build.tag} for systemd` });
    const image = await inspectImage(conn.docker, build.tag, {
      probeSystemd: true,
      endpoint: conn.endpoint,
      signal,
      ...(options.labels ? { probeLabels: options.labels } : {}),
    });
    const run = readRunSettings(dockerfile);
    const settings = readBuildSettings(dockerfile);
    const runOptions: RunOptions = {
      privileged: run.privileged,
      keepOnFailure: run.keepFailedContainers,
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.omit?.length ? { omit: options.omit } : {}),
      source: { dockerfile: dockerfile.fsPath, context: settings.contextDir },
    };
    const profile = await this.profileFor(conn, image, runOptions, options.labels);
    return {
      conn,
      build,
      profile,
      runOptions,
      ...(image.systemd ? { imageHasSystemd: image.systemd.systemdPath !== undefined } : {}),
    };
  }

  /**
   * The run profile for this host (its cgroup layout probed once per engine) and the preflight's
   * prediction, logged; a `fails` prediction is shown before the boot, which then goes ahead
   * and confirms or refutes it.
   */
  private async profileFor(
    conn: Connected,
    image: ImageFacts,
    runOptions: RunOptions,
    labels?: Record<string, string>,
  ): Promise<RunProfile> {
    const facts = await withCgroupLayout(conn.docker, conn.facts, image.id ?? image.ref, {
      endpoint: conn.endpoint,
      ...(labels ? { labels } : {}),
    });
    const profile = buildRunProfile(facts, image, runOptions);
    this.logProfile(image.ref, conn, profile);
    const prediction = predictBoot(facts, image, profile, runOptions);
    this.lastPreflight = prediction;
    this.log.info(`Preflight: ${formatPreflight(prediction)}`);
    if (prediction.verdict === 'fails') {
      const first = prediction.reasons[0];
      void vscode.window.showWarningMessage(
        `Preflight predicts that ${image.ref} does not boot here: ${first.text} Fix: ${first.fix}`,
      );
    }
    return profile;
  }

  /** The last prediction made before a boot (tests read it). */
  lastPreflight: PreflightResult | undefined;

  private logProfile(tag: string, conn: Connected, profile: RunProfile): void {
    this.log.info(`Run profile for ${tag} on ${conn.facts.engine}:`);
    for (const d of profile.decisions)
      this.log.info(`  ${d.flag} — ${d.reason}${d.verified ? '' : ' (not verified on a real engine)'}`);
    for (const w of profile.warnings) this.log.warn(`  ${w}`);
  }

  /**
   * Boots a profile inside the caller's progress notification. A profile without a name (a re-run
   * keeps its container's) gets its image's, chosen afresh for every run: a kept failed container
   * still holds the last one.
   */
  private async boot(
    conn: Connected,
    profile: RunProfile,
    progress: vscode.Progress<{ message?: string }>,
    signal: AbortSignal,
    imageHasSystemd: boolean | undefined,
    scope?: vscode.Uri,
  ): Promise<BootResult> {
    const named = profile.spec.name
      ? profile
      : namedProfile(
          profile,
          await freeContainerName(conn.docker, containerNameFor(profile.spec.image), conn.endpoint),
        );
    return bootContainer(conn.docker, named, {
      timeoutMs: readRunSettings(scope).bootTimeoutMs,
      signal,
      endpoint: conn.endpoint,
      ...(imageHasSystemd !== undefined ? { imageHasSystemd } : {}),
      onProgress: (e) => progress.report({ message: bootProgressWords(e.phase, e.systemState, e.elapsedMs) }),
    });
  }

  private outcome(
    image: string,
    profile: RunProfile,
    runOptions: RunOptions,
    boot: BootResult,
    dockerfile?: vscode.Uri,
  ): BootOutcome {
    const missing = boot.status === 'failed' ? omittedFlagsNamed(boot.diagnosis, runOptions.omit) : [];
    return {
      image,
      profile,
      runOptions,
      boot,
      ...(missing.length ? { missingFlags: missing } : {}),
      ...(dockerfile ? { dockerfile: dockerfile.fsPath } : {}),
    };
  }

  /**
   * Runs an image that is already on the engine with the given options (no build): the re-runs
   * with the missing flags. Reports like Run with systemd.
   */
  async runImage(
    image: string,
    runOptions: RunOptions,
    title: string,
    dockerfile?: vscode.Uri,
    before?: (conn: Connected) => Promise<void>,
  ): Promise<BootOutcome | Failure> {
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token): Promise<BootOutcome> => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const conn = await this.session.get();
          progress.report({ message: `Checking ${image} for systemd` });
          const facts = await inspectImage(conn.docker, image, {
            probeSystemd: true,
            endpoint: conn.endpoint,
            signal: abort.signal,
            ...(runOptions.labels ? { probeLabels: runOptions.labels } : {}),
          });
          const profile = await this.profileFor(conn, facts, runOptions, runOptions.labels);
          if (before) await before(conn);
          const boot = await this.boot(
            conn,
            profile,
            progress,
            abort.signal,
            facts.systemd ? facts.systemd.systemdPath !== undefined : undefined,
            dockerfile,
          );
          const outcome = this.outcome(image, profile, runOptions, boot, dockerfile);
          this.report(dockerfile, image, outcome);
          this.watchAfterBoot(conn, image, boot);
          return outcome;
        },
      );
    } catch (e) {
      if (isCancelled(e)) {
        this.log.info(`${title} cancelled; nothing was left running.`);
        return { cancelled: true };
      }
      this.session.reportFailure(e);
      return { error: showEngineError(`${title} failed`, e, this.log) };
    }
  }

  /** Runs a failed run's image again with the flags its diagnosis names taken out of `omit`. */
  rerunOutcome(
    o: Pick<BootOutcome, 'image' | 'runOptions' | 'missingFlags' | 'dockerfile'>,
  ): Promise<BootOutcome | Failure> {
    const missing = o.missingFlags ?? [];
    const omit = (o.runOptions.omit ?? []).filter((f) => !missing.includes(f));
    const options: RunOptions = { ...o.runOptions };
    if (omit.length) options.omit = omit;
    else delete options.omit;
    this.log.info(`Re-running ${o.image} with ${missing.join(', ') || 'no'} missing flag(s) added.`);
    return this.runImage(
      o.image,
      options,
      `Re-run with the missing flags: ${o.image}`,
      o.dockerfile ? vscode.Uri.file(o.dockerfile) : undefined,
    );
  }

  private buildFailed(
    dockerfile: vscode.Uri,
    build: BuildResult & { ok: false },
  ): { buildFailed: BuildResult & { ok: false } } {
    const where = build.failedStep?.line ? ` (line ${build.failedStep.line})` : '';
    this.log.error(`Build of ${dockerfile.fsPath} failed${where}: ${build.error}`);
    void vscode.window
      .showErrorMessage(`Build failed${where}: ${build.error}`, 'Show in Dockerfile', 'Show Output')
      .then((choice) => {
        if (choice === 'Show Output') this.builder.output.show();
        else if (choice === 'Show in Dockerfile') void revealBuildError(this.builder, dockerfile);
      });
    return { buildFailed: build };
  }

  async run(dockerfile: vscode.Uri, options: CommandOptions): Promise<RunCommandResult> {
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Run with systemd: ${path.basename(dockerfile.fsPath)}`,
          cancellable: true,
        },
        async (progress, token): Promise<RunCommandResult> => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const prepared = await this.prepare(dockerfile, options, progress, abort.signal);
          if ('buildFailed' in prepared) return this.buildFailed(dockerfile, prepared.buildFailed);
          const { conn, build, profile, runOptions, imageHasSystemd } = prepared;
          if (profile.spec.privileged) {
            const warning =
              profile.warnings.find((w) => w.startsWith('--privileged')) ?? 'The container runs with --privileged.';
            void vscode.window.showWarningMessage(`systemdContainerTools.run.privileged is on: ${warning}`);
          }
          const boot = await this.boot(conn, profile, progress, abort.signal, imageHasSystemd, dockerfile);
          const outcome = this.outcome(build.tag, profile, runOptions, boot, dockerfile);
          this.report(dockerfile, build.tag, outcome);
          this.watchAfterBoot(conn, build.tag, boot);
          return { ...outcome, build };
        },
      );
    } catch (e) {
      if (isCancelled(e)) {
        this.log.info(`Run of ${dockerfile.fsPath} cancelled; nothing was left running.`);
        return { cancelled: true };
      }
      this.session.reportFailure(e);
      return { error: showEngineError('Run with systemd failed', e, this.log) };
    }
  }

  /** The outcome as a notification with its actions (also for re-runs; `dockerfile` when known). */
  report(dockerfile: vscode.Uri | undefined, tag: string, outcome: BootOutcome): void {
    const boot = outcome.boot;
    const short = boot.containerId.slice(0, 12);
    const ref = { id: boot.containerId, name: short };
    if (boot.status === 'running') {
      const message = `${tag} is running in ${boot.seconds} s (container ${short}).`;
      this.log.info(message);
      void vscode.window.showInformationMessage(message, 'Open Shell', 'Show Units').then((choice) => {
        if (choice === 'Open Shell') void vscode.commands.executeCommand(CONTAINER_COMMANDS.shell, ref);
        else if (choice === 'Show Units') void vscode.commands.executeCommand(CONTAINER_COMMANDS.reveal, ref);
      });
      return;
    }
    if (boot.status === 'degraded') {
      const fix = boot.diagnosis.findings[0]
        ? ` ${boot.diagnosis.findings[0].cause} Fix: ${boot.diagnosis.findings[0].fix}`
        : '';
      const message = `${tag} is degraded: ${unitProblemWords(boot.failedUnits)}, container ${short}.${fix}`;
      this.log.warn(message);
      const rule = dockerfile ? boot.diagnosis.findings.find((f) => f.rule)?.rule : undefined;
      const actions = ['Show Failed Units', 'Open Shell', ...(rule ? ['Show in Dockerfile'] : []), 'Stop and Remove'];
      void vscode.window.showWarningMessage(message, ...actions).then(async (choice) => {
        if (choice === 'Show Failed Units') await vscode.commands.executeCommand(CONTAINER_COMMANDS.failedStatus, ref);
        else if (choice === 'Open Shell') await vscode.commands.executeCommand(CONTAINER_COMMANDS.shell, ref);
        else if (choice === 'Show in Dockerfile' && rule && dockerfile)
          await vscode.commands.executeCommand(SHOW_IN_DOCKERFILE_COMMAND, dockerfile, rule.id);
        else if (choice === 'Stop and Remove')
          await vscode.commands.executeCommand(CONTAINER_COMMANDS.remove, ref, { confirmed: true });
      });
      return;
    }
    const finding = boot.diagnosis.findings[0];
    const kept = boot.kept ? ` The container ${short} was kept (systemdContainerTools.run.keepFailedContainers).` : '';
    const missing = outcome.missingFlags ?? [];
    const leftOut = missing.length
      ? ` This run left out ${missing.map((f) => PROFILE_FLAG_TEXT[f]).join(', ')} on request.`
      : '';
    const message = finding
      ? `Boot failed: ${finding.cause} Fix: ${finding.fix}${leftOut}${kept}`
      : `Boot failed: ${boot.message}${leftOut}${kept}`;
    this.log.error(`${message}\n${formatDiagnosis(boot.diagnosis)}`);
    const rule = dockerfile ? (finding?.rule ?? boot.diagnosis.findings.find((f) => f.rule)?.rule) : undefined;
    const actions = [
      ...(missing.length ? [RERUN_ACTION] : []),
      'Show Boot Log',
      ...(rule ? ['Show in Dockerfile'] : []),
    ];
    void vscode.window.showErrorMessage(message, ...actions).then(async (choice) => {
      if (choice === RERUN_ACTION) await vscode.commands.executeCommand(RERUN_COMMAND, outcome);
      else if (choice === 'Show Boot Log') await vscode.commands.executeCommand(SHOW_BOOT_LOG_COMMAND, boot);
      else if (choice === 'Show in Dockerfile' && rule && dockerfile)
        await vscode.commands.executeCommand(SHOW_IN_DOCKERFILE_COMMAND, dockerfile, rule.id);
    });
  }

  async showBootLog(boot: BootResult & { status: 'failed' }): Promise<string> {
    let log = boot.diagnosis.log;
    if (boot.kept) {
      // The container is still there: its whole log.
      try {
        const { docker } = await this.session.get();
        log = cleanLog(await readContainerLog(docker.getContainer(boot.containerId), 2000));
      } catch {
        // Fall back to what the diagnosis read.
      }
    }
    const header =
      `# Boot of container ${boot.containerId.slice(0, 12)}: ` +
      `${boot.message}\n${formatDiagnosis(boot.diagnosis)}\n\n# Container log\n`;
    const text = header + (log?.trim() ? log : '(empty)') + '\n';
    await showReadOnly(`Boot log ${boot.containerId.slice(0, 12)}`, text, 'log');
    return text;
  }

  /** Renders the profile (copy run command, compose, Quadlet): builds, probes, never runs. */
  async render(
    dockerfile: vscode.Uri,
    options: CommandOptions,
    what: string,
    renderer: (p: RunProfile) => string,
  ): Promise<RenderCommandResult> {
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `${what}: ${path.basename(dockerfile.fsPath)}`,
          cancellable: true,
        },
        async (progress, token): Promise<RenderCommandResult> => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const prepared = await this.prepare(dockerfile, options, progress, abort.signal);
          if ('buildFailed' in prepared) return this.buildFailed(dockerfile, prepared.buildFailed);
          return { image: prepared.build.tag, profile: prepared.profile, text: renderer(prepared.profile) };
        },
      );
    } catch (e) {
      if (isCancelled(e)) return { cancelled: true };
      this.session.reportFailure(e);
      return { error: showEngineError(`${what} failed`, e, this.log) };
    }
  }
}

export function formatDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  for (const f of d.findings) {
    lines.push(`# Cause: ${f.cause}`, `# Fix: ${f.fix}`);
    if (f.rule) lines.push(`# Dockerfile rule: ${f.rule.id} ${f.rule.name}`);
    if (f.flag) lines.push(`# Run profile flag: ${f.flag}`);
    lines.push(`# Evidence: ${f.evidence}`);
  }
  if (!d.findings.length) lines.push(`# ${d.summary}`);
  for (const n of d.notes) lines.push(`# Note: ${n}`);
  return lines.join('\n');
}

/** Selects the linter's diagnostic for `ruleId` in the Dockerfile (waiting briefly for the server). */
export async function showRuleInDockerfile(dockerfile: vscode.Uri, ruleId: string): Promise<vscode.Range | undefined> {
  const editor = await vscode.window.showTextDocument(dockerfile, { preview: false });
  const find = (): vscode.Diagnostic | undefined =>
    vscode.languages
      .getDiagnostics(dockerfile)
      .find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === ruleId);
  let d = find();
  for (let i = 0; !d && i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    d = find();
  }
  if (!d) {
    void vscode.window.showInformationMessage(
      `${ruleId} is not reported in ${path.basename(dockerfile.fsPath)} right now (the image may come from a ` +
        'base image or a different build).',
    );
    return undefined;
  }
  editor.selection = new vscode.Selection(d.range.start, d.range.end);
  editor.revealRange(d.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return d.range;
}

export function registerRunCommands(
  context: vscode.ExtensionContext,
  runner: Runner,
  log: vscode.LogOutputChannel,
): void {
  const withDockerfile =
    <R>(title: string, verb: string, fn: (dockerfile: vscode.Uri, options: CommandOptions) => Promise<R>) =>
    async (arg?: unknown, arg2?: unknown): Promise<R | Refused | undefined> => {
      const refused = refuseUntrusted(title, log);
      if (refused) return refused;
      const dockerfile = await pickDockerfile(arg, verb);
      if (!dockerfile) return undefined;
      return fn(dockerfile, commandOptions(arg2));
    };

  /**
   * A command that renders the run profile as a file of another tool, opened untitled under the name it would have
   * beside the Dockerfile.
   */
  const generateCommand = (
    id: string,
    title: string,
    renderProfile: (profile: RunProfile) => string,
    fileName: (image: string) => string,
  ): vscode.Disposable =>
    vscode.commands.registerCommand(
      id,
      withDockerfile(title, 'render', async (f, o) => {
        const r = await runner.render(f, o, title, renderProfile);
        if (r && 'text' in r) await openUntitledFile(path.join(path.dirname(f.fsPath), fileName(r.image)), r.text);
        return r;
      }),
    );

  context.subscriptions.push(
    vscode.commands.registerCommand(
      RUN_COMMAND,
      withDockerfile('Run with systemd', 'run', (f, o) => runner.run(f, o)),
    ),
    vscode.commands.registerCommand(
      COPY_RUN_COMMAND,
      withDockerfile('Copy Run Command', 'render', async (f, o) => {
        const r = await runner.render(f, o, 'Copy Run Command', (p) => runCommand(p));
        if (r && 'text' in r) {
          await vscode.env.clipboard.writeText(r.text);
          const cli = r.profile.spec.engine;
          void vscode.window.showInformationMessage(`Copied the ${cli} run command for ${r.image}.`);
          log.info(`Run command for ${r.image}: ${r.text}`);
        }
        return r;
      }),
    ),
    generateCommand(
      COMPOSE_COMMAND,
      'Generate Compose Service',
      composeService,
      (image) => `compose.${serviceNameFromImage(image)}.yaml`,
    ),
    generateCommand(
      QUADLET_COMMAND,
      'Generate Quadlet .container',
      quadletContainer,
      (image) => `${serviceNameFromImage(image)}.container`,
    ),
    vscode.commands.registerCommand(SHOW_IN_DOCKERFILE_COMMAND, (dockerfile: vscode.Uri, ruleId: string) =>
      showRuleInDockerfile(dockerfile, ruleId),
    ),
    vscode.commands.registerCommand(SHOW_BOOT_LOG_COMMAND, (boot: BootResult) =>
      boot?.status === 'failed' ? runner.showBootLog(boot) : undefined,
    ),
  );
}
