/**
 * "Diagnose Boot" and "Re-run with the Missing Flags" for containers in the System Containers
 * view (one that died at boot, made by Run with systemd or started by hand): the container's log
 * and state run through the engine core's diagnosis (cause, fix, the Dockerfile rule); the flags
 * the diagnosis names that the run profile for its image would set but the container lacks are
 * offered as a re-run. The re-run creates a new container from the same image with the run
 * profile and the container's own additions (engine/rerun.ts), named `<name>-rerun` or, if the
 * user prefers, under the same name after removing the dead one, and boots it like Run with
 * systemd. The same command re-runs a failed Run with systemd that left flags out (`omit`).
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { parseSystemState } from '../../../shared/engine/bootWait';
import { fetchDiagnosis, type Diagnosis } from '../../../shared/engine/diagnosis';
import { execIn } from '../../../shared/engine/exec';
import { toEngineError } from '../../../shared/engine/errors';
import { inspectImage, type ImageFacts } from '../../../shared/engine/image';
import {
  PROFILE_FLAG_TEXT,
  missingFlags,
  rerunName,
  rerunOptions,
  type ContainerInspectLike,
  type MissingFlag,
} from '../../../shared/engine/rerun';
import { withCgroupLayout } from '../../../shared/engine/hostCgroup';
import { LABELS, buildRunProfile, type RunOptions } from '../../../shared/engine/runProfile';
import { removeContainer } from '../../../shared/engine/units';
import { readRunSettings } from '../engineSettings';
import type { Connected, EngineSession } from '../session/engineSession';
import type { ContainersTree } from '../views/containersTree';
import { showReadOnly } from '../views/readOnlyDocument';
import {
  RERUN_ACTION,
  RERUN_COMMAND,
  SHOW_IN_DOCKERFILE_COMMAND,
  formatDiagnosis,
  type BootOutcome,
  type Runner,
} from './run';

export const DIAGNOSE_COMMAND = 'systemdContainerTools.container.diagnoseBoot';

export interface ContainerDiagnosis {
  containerId: string;
  name: string;
  /** The image the re-run uses: the container's tag while it still names the same image, else the image id. */
  image?: string;
  /** Why there is no image to re-run from. */
  imageProblem?: string;
  state: { Status?: string; ExitCode?: number; Error?: string };
  diagnosis: Diagnosis;
  missing: MissingFlag[];
  dockerfile?: string;
}

export interface RerunOptions {
  /**
   * `suffix`: keep the dead container, name the new one `<name>-rerun`; `replace`: remove it and reuse its name. Asked
   * when not given.
   */
  naming?: 'suffix' | 'replace';
}

interface ContainerRef {
  id: string;
  name: string;
}

function containerRef(arg: unknown): ContainerRef | undefined {
  const n = arg as { kind?: string; id?: unknown; name?: unknown } | undefined;
  if (!n || typeof n !== 'object' || typeof n.id !== 'string' || (n.kind !== undefined && n.kind !== 'container'))
    return undefined;
  if (!/^[0-9a-f]{12,64}$/.test(n.id)) return undefined;
  return { id: n.id, name: typeof n.name === 'string' && n.name ? n.name : n.id.slice(0, 12) };
}

function isBootOutcome(arg: unknown): arg is BootOutcome {
  const o = arg as Partial<BootOutcome> | undefined;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o.image === 'string' &&
    typeof o.runOptions === 'object' &&
    typeof o.boot === 'object'
  );
}

export class BootDoctor {
  constructor(
    private readonly session: EngineSession,
    private readonly runner: Runner,
    private readonly tree: ContainersTree,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Log, state and image of a container → the diagnosis and the flags it lacks. */
  async diagnose(
    ref: ContainerRef,
    conn?: Connected,
  ): Promise<ContainerDiagnosis & { info: ContainerInspectLike; imageFacts?: ImageFacts }> {
    const { docker, endpoint, facts } = conn ?? (await this.session.get());
    let info: ContainerInspectLike & { Image?: string; State?: ContainerDiagnosis['state'] };
    try {
      info = (await docker.getContainer(ref.id).inspect()) as unknown as typeof info;
    } catch (e) {
      throw toEngineError(e, endpoint);
    }
    const name = (info.Name ?? ref.name).replace(/^\//, '');
    const labels = info.Config?.Labels ?? {};
    const { image, imageFacts, problem } = await this.sameImage(docker, info, endpoint, labels);
    // A running container: what systemd says decides whether there is anything to explain.
    const running = (info as { State?: { Running?: boolean } }).State?.Running === true;
    const systemState = running
      ? await execIn(docker, ref.id, ['systemctl', 'is-system-running'], { endpoint, timeoutMs: 10_000 }).then(
          (r) => parseSystemState(r.stdout, r.stderr),
          () => undefined,
        )
      : undefined;
    const diagnosis = await fetchDiagnosis(docker, ref.id, {
      endpoint,
      ...(systemState ? { systemState } : {}),
      ...(imageFacts?.systemd ? { imageHasSystemd: imageFacts.systemd.systemdPath !== undefined } : {}),
    });
    // The profile for this host's cgroup layout: a v1 tree bind is not the flag where the profile binds cgroup2.
    const hostFacts = imageFacts
      ? await withCgroupLayout(docker, facts, imageFacts.id ?? imageFacts.ref, { endpoint })
      : facts;
    const missing = imageFacts ? missingFlags(diagnosis, info, buildRunProfile(hostFacts, imageFacts)) : [];
    const dockerfile = labels[LABELS.dockerfile];
    return {
      containerId: ref.id,
      name,
      ...(image ? { image } : {}),
      ...(problem ? { imageProblem: problem } : {}),
      state: {
        Status: info.State?.Status,
        ExitCode: info.State?.ExitCode,
        ...(info.State?.Error ? { Error: info.State.Error } : {}),
      },
      diagnosis,
      missing,
      ...(dockerfile ? { dockerfile } : {}),
      info,
      ...(imageFacts ? { imageFacts } : {}),
    };
  }

  /**
   * The container's image: its tag while the tag still names the image the container runs (a
   * rebuild moves the tag), else the image id (`docker rmi -f` of a used image only untags it).
   */
  private async sameImage(
    docker: Docker,
    info: { Image?: string; Config?: ContainerInspectLike['Config'] },
    endpoint: Connected['endpoint'],
    labels: Record<string, string>,
  ): Promise<{ image?: string; imageFacts?: ImageFacts; problem?: string }> {
    const probeLabels = Object.fromEntries(
      Object.entries(labels).filter(([k]) => !k.startsWith('sct.') || k === 'sct.test'),
    );
    const tag = info.Config?.Image;
    const candidates = [...(tag ? [tag] : []), ...(info.Image ? [info.Image] : [])];
    let lastError = '';
    for (const ref of candidates) {
      try {
        const f = await inspectImage(docker, ref, { probeSystemd: true, endpoint, probeLabels });
        if (ref === tag && info.Image && f.id && f.id !== info.Image) {
          lastError = `the tag ${tag} now names another image`;
          continue;
        }
        return { image: ref, imageFacts: f };
      } catch (e) {
        lastError = e instanceof Error ? e.message : String(e);
      }
    }
    return {
      problem:
        `The image of this container is gone (${tag ?? info.Image ?? 'unknown'}: ${lastError}); rebuild it to ` +
        'run again.',
    };
  }

  /** The command: diagnose and show cause, fix and the actions. */
  async diagnoseCommand(arg: unknown): Promise<ContainerDiagnosis | undefined> {
    const ref = containerRef(arg);
    if (!ref) {
      void vscode.window.showWarningMessage('Diagnose Boot: choose a container in the System Containers view.');
      return undefined;
    }
    let d: Awaited<ReturnType<BootDoctor['diagnose']>>;
    try {
      d = await vscode.window.withProgress(
        { location: { viewId: 'systemdContainerTools.containers' }, title: `Diagnosing ${ref.name}` },
        () => this.diagnose(ref),
      );
    } catch (e) {
      return this.fail(`Diagnose the boot of ${ref.name}`, e);
    }
    // What the command returns and the log shows: no inspect dump, no image facts.
    const result: ContainerDiagnosis = { ...d };
    delete (result as Partial<typeof d>).info;
    delete (result as Partial<typeof d>).imageFacts;
    const finding = d.diagnosis.findings[0];
    const exit =
      d.state.Status === 'exited'
        ? ` (exited ${d.state.ExitCode ?? '?'})`
        : d.state.Status
          ? ` (${d.state.Status})`
          : '';
    const lacks = d.missing.length ? ` It lacks ${d.missing.map((m) => m.decision.flag).join(', ')}.` : '';
    const message = finding
      ? `${d.name}${exit}: ${finding.cause} Fix: ${finding.fix}${lacks}`
      : `${d.name}${exit}: ${d.diagnosis.summary}${lacks}`;
    this.log.info(
      'Boot diagnosis ' +
        `of ${d.name}: ${message}\n${formatDiagnosis(d.diagnosis)}${d.imageProblem ? `\n# ${d.imageProblem}` : ''}`,
    );
    const rule = d.diagnosis.findings.find((f) => f.rule)?.rule;
    const dockerfile = d.dockerfile && fs.existsSync(d.dockerfile) ? vscode.Uri.file(d.dockerfile) : undefined;
    const actions = [
      ...(d.missing.length && d.image ? [RERUN_ACTION] : []),
      'Show Boot Log',
      ...(rule && dockerfile ? ['Show in Dockerfile'] : []),
    ];
    const show = finding || d.state.ExitCode ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void show(message, ...actions).then(async (choice) => {
      if (choice === RERUN_ACTION)
        await vscode.commands.executeCommand(RERUN_COMMAND, { id: d.containerId, name: d.name });
      else if (choice === 'Show Boot Log') await this.showLog(result);
      else if (choice === 'Show in Dockerfile' && rule && dockerfile)
        await vscode.commands.executeCommand(SHOW_IN_DOCKERFILE_COMMAND, dockerfile, rule.id);
    });
    return result;
  }

  /** The diagnosis, the missing flags and the container log in a read-only editor. */
  async showLog(d: ContainerDiagnosis): Promise<string> {
    const lines = [
      `# Boot diagnosis of container ${d.name} ` +
        `(${d.containerId.slice(0, 12)}): ` +
        `${d.state.Status ?? '?'}${d.state.Status === 'exited' ? `, exit code ${d.state.ExitCode}` : ''}`,
      formatDiagnosis(d.diagnosis),
    ];
    for (const m of d.missing) lines.push(`# Missing run-profile flag: ${m.decision.flag} (${m.decision.reason})`);
    if (d.imageProblem) lines.push(`# ${d.imageProblem}`);
    const text = `${lines.join('\n')}\n\n# Container log\n${d.diagnosis.log?.trim() ? d.diagnosis.log : '(empty)'}\n`;
    await showReadOnly(`Boot diagnosis ${d.name}`, text, 'log');
    return text;
  }

  /** The command: a failed run's outcome, or a container of the view. */
  async rerunCommand(arg: unknown, options: RerunOptions = {}): Promise<unknown> {
    if (isBootOutcome(arg)) {
      if (!arg.missingFlags?.length) {
        void vscode.window.showInformationMessage(
          'This run left out no flag its diagnosis names; there is nothing to add.',
        );
        return { nothingMissing: true };
      }
      return this.runner.rerunOutcome(arg);
    }
    const ref = containerRef(arg);
    if (!ref) {
      void vscode.window.showWarningMessage(
        'Re-run with the Missing Flags: choose a container in the System Containers view.',
      );
      return undefined;
    }
    return this.rerunContainer(ref, options);
  }

  async rerunContainer(ref: ContainerRef, options: RerunOptions): Promise<unknown> {
    let conn: Connected;
    let d: Awaited<ReturnType<BootDoctor['diagnose']>>;
    try {
      conn = await this.session.get();
      d = await this.diagnose(ref, conn);
    } catch (e) {
      return this.fail(`Re-run ${ref.name}`, e);
    }
    if (!d.image || !d.imageFacts) {
      void vscode.window.showErrorMessage(`Re-run ${d.name}: ${d.imageProblem ?? 'its image is gone.'}`);
      return { error: d.imageProblem };
    }
    if (!d.missing.length) {
      const message =
        `The boot diagnosis of ${d.name} names no run-profile ` + `flag that it lacks (${d.diagnosis.summary}).`;
      void vscode.window.showInformationMessage(message);
      return { nothingMissing: true, diagnosis: d.diagnosis };
    }
    const flags = d.missing.map((m) => m.decision.flag).join(', ');
    let naming = options.naming;
    if (!naming) {
      const taken = await this.containerNames(conn.docker);
      const suffixed = rerunName(d.name, taken);
      const keep = `New Container ${suffixed}`;
      const replace = `Remove ${d.name}, Reuse Its Name`;
      const choice = await vscode.window.showWarningMessage(
        `Re-run ${d.name} from ${d.image} with ${flags}?`,
        {
          modal: true,
          detail:
            'The new container gets the run profile for the image ' +
            `(${d.missing.map((m) => `${PROFILE_FLAG_TEXT[m.flag]}: ${m.finding.id}`).join('; ')}) and keeps ` +
            `this container's environment, labels, volumes and ports. Keep ${d.name} for inspection, or remove ` +
            'it and reuse its name?',
        },
        keep,
        replace,
      );
      if (!choice) return { cancelled: true };
      naming = choice === replace ? 'replace' : 'suffix';
    }
    const dockerfile = d.dockerfile && fs.existsSync(d.dockerfile) ? vscode.Uri.file(d.dockerfile) : undefined;
    const base = rerunOptions(
      d.info,
      d.imageFacts,
      d.missing.map((m) => m.flag),
    );
    const name = naming === 'replace' ? d.name : rerunName(d.name, await this.containerNames(conn.docker));
    const runOptions: RunOptions = {
      ...base,
      name,
      keepOnFailure: base.keepOnFailure === true || readRunSettings(dockerfile).keepFailedContainers,
    };
    this.log.info(
      `Re-running ${d.name} as ${name} from ${d.image} with ${flags} added ` +
        `(${naming === 'replace' ? `${d.name} is removed first` : `${d.name} is kept`}).`,
    );
    const before =
      naming === 'replace'
        ? (c: Connected) => removeContainer(c.docker, d.containerId, { force: true, endpoint: c.endpoint })
        : undefined;
    const r = await this.runner.runImage(d.image, runOptions, `Re-run ${d.name} with ${flags}`, dockerfile, before);
    this.tree.refresh();
    return {
      ...(r ?? {}),
      missing: d.missing.map((m) => m.flag),
      naming,
      replaced: naming === 'replace' ? d.containerId : undefined,
    };
  }

  private async containerNames(docker: Docker): Promise<Set<string>> {
    const all = await docker.listContainers({ all: true }).catch(() => []);
    return new Set(all.flatMap((c) => (c.Names ?? []).map((n) => n.replace(/^\//, ''))));
  }

  private fail(what: string, e: unknown): undefined {
    this.session.reportFailure(e);
    const message = `${what}: ${e instanceof Error ? e.message : String(e)}`;
    this.log.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

export function registerDiagnoseCommands(context: vscode.ExtensionContext, doctor: BootDoctor): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(DIAGNOSE_COMMAND, (arg: unknown) => doctor.diagnoseCommand(arg)),
    vscode.commands.registerCommand(RERUN_COMMAND, (arg: unknown, options?: RerunOptions) =>
      doctor.rerunCommand(arg, options ?? {}),
    ),
  );
}
