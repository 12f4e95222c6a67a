/**
 * "Build Image": builds a Dockerfile on the engine with the build settings (context folder,
 * args, target), streaming the output to an output channel and the current step to a
 * cancellable notification. A failing step becomes an error on that instruction's lines in the
 * Dockerfile; the next successful build of that Dockerfile clears it. A build cut off by the
 * engine going away leaves its step container and layers behind; they are removed when the
 * session reconnects to that engine.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import {
  BuildInterruptedError,
  buildImage,
  removeBuildLeftovers,
  type BuildLeftovers,
  type BuildResult,
} from '../../../shared/engine/build';
import { cleanLog } from '../../../shared/engine/diagnosis';
import { readBuildSettings } from '../engineSettings';
import type { EngineSession } from '../session/engineSession';
import {
  commandOptions,
  defaultTag,
  isCancelled,
  pickDockerfile,
  saveIfDirty,
  showEngineError,
  type CommandOptions,
} from './common';
import { refuseUntrusted, type Refused } from './trust';

export const BUILD_COMMAND = 'systemdContainerTools.buildImage';
export const BUILD_DIAGNOSTIC_SOURCE = 'systemd-container-tools build';

export type BuildCommandResult = BuildResult | Refused | { cancelled: true } | { error: string } | undefined;

/** The step-level progress a build reports (the run command shows it in its own notification). */
export interface BuildReporter {
  report(message: string, increment?: number): void;
}

export class Builder implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('systemd-container-build');
  readonly output = vscode.window.createOutputChannel('systemd Container Tools: Build');

  /** What interrupted builds left, per endpoint, until the engine is back (removeBuildLeftovers). */
  private readonly leftovers = new Map<string, BuildLeftovers>();
  private readonly stateListener: vscode.Disposable;

  constructor(private readonly session: EngineSession) {
    this.stateListener = session.onDidChangeState((s) => {
      if (s.kind === 'connected') void this.cleanUp();
    });
  }

  private keepLeftovers(uri: string, l: BuildLeftovers): void {
    if (!l.containers.length && !l.images.length) return;
    const have = this.leftovers.get(uri) ?? { containers: [], images: [] };
    this.leftovers.set(uri, {
      containers: [...have.containers, ...l.containers],
      images: [...have.images, ...l.images],
    });
  }

  /** Removes what interrupted builds left on the connected engine; returns what was removed. */
  async cleanUp(): Promise<string[]> {
    const s = this.session.current;
    if (s.kind !== 'connected') return [];
    const pending = this.leftovers.get(s.endpoint.uri);
    if (!pending) return [];
    this.leftovers.delete(s.endpoint.uri);
    try {
      const r = await removeBuildLeftovers(s.docker, pending, { endpoint: s.endpoint });
      if (r.removed.length)
        this.output.appendLine(
          `── the engine is back: removed what the interrupted build left (${r.removed.join(', ')})`,
        );
      if (r.kept.length) this.output.appendLine(`── kept (in use): ${r.kept.join(', ')}`);
      return r.removed;
    } catch (e) {
      // Still unreachable: try again on the next connect.
      this.keepLeftovers(s.endpoint.uri, pending);
      this.output.appendLine(
        `── could not remove what the interrupted build left yet: ${e instanceof Error ? e.message : String(e)}`,
      );
      return [];
    }
  }

  /** For tests: ids an interrupted build left that are waiting for the engine. */
  pendingLeftovers(): BuildLeftovers[] {
    return [...this.leftovers.values()];
  }

  /**
   * Builds `dockerfile`; the result says whether it worked. Throws EngineError when the engine
   * cannot be reached or the build was cancelled (kind `aborted`).
   */
  async build(
    dockerfile: vscode.Uri,
    options: CommandOptions,
    reporter: BuildReporter,
    signal: AbortSignal,
  ): Promise<BuildResult> {
    await saveIfDirty(dockerfile);
    const settings = readBuildSettings(dockerfile);
    const rel = path.relative(settings.contextDir, dockerfile.fsPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new Error(
        `The Dockerfile ${dockerfile.fsPath} is outside the build context ${settings.contextDir} (setting ` +
          'systemdContainerTools.build.contextFolder).',
      );
    }
    const tag = options.tag ?? defaultTag(dockerfile, settings.contextDir);
    const { docker, endpoint } = await this.session.get();
    const out = this.output;
    const argNames = Object.keys(settings.buildArgs);
    const argsNote = argNames.length ? `, args ${argNames.join(', ')}` : '';
    out.appendLine(
      `\n── ${new Date().toLocaleTimeString()} build ${tag}: ${dockerfile.fsPath} ` +
        `(context ${settings.contextDir}${settings.target ? `, target ${settings.target}` : ''}${argsNote})`,
    );
    reporter.report(`Sending the context of ${tag}`);
    let lastTotal = 0;
    let result: BuildResult;
    try {
      result = await buildImage(docker, {
        contextDir: settings.contextDir,
        dockerfile: rel.split(path.sep).join('/'),
        tag,
        ...(Object.keys(settings.buildArgs).length ? { buildArgs: settings.buildArgs } : {}),
        ...(settings.target ? { target: settings.target } : {}),
        ...(options.labels ? { labels: options.labels } : {}),
        signal,
        endpoint,
        onProgress: (p) => {
          // Build output carries the terminal colours of apt and the shell; the channel shows them raw.
          if (p.kind === 'output') out.append(cleanLog(p.text));
          else if (p.kind === 'status') out.appendLine(p.text);
          else {
            lastTotal = p.step.total;
            reporter.report(
              `Step ${p.step.index}/${p.step.total}: ${p.step.text.slice(0, 80)}`,
              lastTotal ? 100 / lastTotal : undefined,
            );
          }
        },
      });
    } catch (e) {
      if (isCancelled(e)) out.appendLine('── cancelled');
      else this.session.reportFailure(e);
      if (e instanceof BuildInterruptedError) {
        out.appendLine(`── interrupted: ${e.message}`);
        this.keepLeftovers(endpoint.uri, e.leftovers);
      }
      throw e;
    }
    if (result.ok) {
      this.diagnostics.delete(dockerfile);
      out.appendLine(
        `── built ${result.tag} (${result.imageId.replace(/^sha256:/, '').slice(0, 12)}) ` +
          `in ${(result.durationMs / 1000).toFixed(1)} s`,
      );
    } else {
      this.diagnostics.set(dockerfile, [await this.failureDiagnostic(dockerfile, result)]);
      out.appendLine(`── failed: ${cleanLog(result.error)}`);
    }
    return result;
  }

  private async failureDiagnostic(
    dockerfile: vscode.Uri,
    result: BuildResult & { ok: false },
  ): Promise<vscode.Diagnostic> {
    const doc = await vscode.workspace.openTextDocument(dockerfile);
    let first = 0;
    let last = 0;
    if (result.failedStep?.line) {
      first = result.failedStep.line - 1;
      last = (result.failedStep.endLine ?? result.failedStep.line) - 1;
    } else {
      // A parse error names its line ("dockerfile parse error line 3: unknown instruction").
      const m = /line (\d+)/i.exec(result.error);
      if (m) first = last = Number(m[1]) - 1;
    }
    first = Math.min(Math.max(first, 0), doc.lineCount - 1);
    last = Math.min(Math.max(last, first), doc.lineCount - 1);
    const range = new vscode.Range(
      first,
      doc.lineAt(first).firstNonWhitespaceCharacterIndex,
      last,
      doc.lineAt(last).text.length,
    );
    // Without colour codes: the Problems view shows them as raw escape sequences (issue 22, point 5).
    const error = cleanLog(result.error).replace(/ \([^()]* line \d+: step \d+\/\d+ .*\)$/s, '');
    const tail = stepOutputTail(cleanLog(result.log), error);
    const step = result.failedStep;
    const where = step ? ` at step ${step.index}/${step.total}` : '';
    const message = `Build failed${where}: ${error}${tail ? `\n${tail}` : ''}`;
    const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    d.source = BUILD_DIAGNOSTIC_SOURCE;
    d.code = 'build-failed';
    return d;
  }

  dispose(): void {
    this.stateListener.dispose();
    this.diagnostics.dispose();
    this.output.dispose();
  }
}

/** The last few output lines of the failing step (what apt or the shell said), without the error itself. */
export function stepOutputTail(log: string, error: string, max = 5): string {
  const lines = log.split('\n');
  let start = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^Step \d+\/\d+ : /.test(lines[i].trim())) {
      start = i + 1;
      break;
    }
  }
  const body = lines
    .slice(start)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() && !/^ ---> /.test(l) && l.trim() !== error.trim() && !error.includes(l.trim()));
  return body.slice(-max).join('\n');
}

export function registerBuildCommand(
  context: vscode.ExtensionContext,
  builder: Builder,
  log: vscode.LogOutputChannel,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      BUILD_COMMAND,
      async (arg?: unknown, arg2?: unknown): Promise<BuildCommandResult> => {
        const refused = refuseUntrusted('Build Image', log);
        if (refused) return refused;
        const dockerfile = await pickDockerfile(arg, 'build');
        if (!dockerfile) return undefined;
        const options = commandOptions(arg2);
        builder.output.show(true);
        try {
          const result = await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `Building ${path.basename(dockerfile.fsPath)}`,
              cancellable: true,
            },
            (progress, token) => {
              const abort = new AbortController();
              token.onCancellationRequested(() => abort.abort());
              return builder.build(
                dockerfile,
                options,
                { report: (message, increment) => progress.report({ message, ...(increment ? { increment } : {}) }) },
                abort.signal,
              );
            },
          );
          if (result.ok) {
            void vscode.window.showInformationMessage(
              `Built ${result.tag} in ${(result.durationMs / 1000).toFixed(1)} s.`,
            );
          } else {
            const where = result.failedStep?.line ? ` (line ${result.failedStep.line})` : '';
            log.error(`Build of ${dockerfile.fsPath} failed${where}: ${result.error}`);
            void vscode.window
              .showErrorMessage(`Build failed${where}: ${result.error}`, 'Show in Dockerfile', 'Show Output')
              .then((choice) => {
                if (choice === 'Show Output') builder.output.show();
                else if (choice === 'Show in Dockerfile') void revealBuildError(builder, dockerfile);
              });
          }
          return result;
        } catch (e) {
          if (isCancelled(e)) return { cancelled: true };
          return { error: showEngineError('Build failed', e, log) };
        }
      },
    ),
  );
}

export async function revealBuildError(builder: Builder, dockerfile: vscode.Uri): Promise<void> {
  const d = builder.diagnostics.get(dockerfile)?.[0];
  const editor = await vscode.window.showTextDocument(dockerfile);
  if (d) {
    editor.selection = new vscode.Selection(d.range.start, d.range.end);
    editor.revealRange(d.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
