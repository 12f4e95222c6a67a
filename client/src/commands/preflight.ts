/**
 * "Preflight: Will It Boot Here?" (an image, the FROM image under a hover's link, or a
 * Dockerfile, built first) and "Verify Units in the Image" (a Dockerfile, built, then the
 * image's own systemd-analyze verify with findings shown as diagnostics on the build context's
 * unit files). Both read the engine without booting anything; what they create is removed.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { formatPreflight, runPreflight, type PreflightResult } from '../../../shared/engine/preflight';
import { verifyImage, type VerifyResult } from '../../../shared/engine/verifyImage';
import { readBuildSettings } from '../engineSettings';
import type { EngineSession } from '../session/engineSession';
import type { Builder } from './build';
import { commandOptions, isCancelled, pickDockerfile, showEngineError } from './common';
import { refuseUntrusted, type Refused } from './trust';

export const PREFLIGHT_COMMAND = 'systemdContainerTools.preflight';
export const VERIFY_IMAGE_COMMAND = 'systemdContainerTools.verifyImage';

type Failure = Refused | { cancelled: true } | { error: string } | { buildFailed: string } | undefined;

/** `FROM [--platform=…] image [AS name]` on one line: the image and its column range. */
export function fromImageAt(line: string): { image: string; start: number; end: number } | undefined {
  const m = /^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/i.exec(line);
  if (!m || m[2].startsWith('$') || m[2].toLowerCase() === 'scratch') return undefined;
  return { image: m[2], start: m[1].length, end: m[1].length + m[2].length };
}

export class Preflighter {
  /** Results by image reference, for the FROM hover. */
  private readonly last = new Map<string, PreflightResult>();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('systemd-analyze (image)');

  constructor(
    private readonly session: EngineSession,
    private readonly builder: Builder,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  lastResult(image: string): PreflightResult | undefined {
    return this.last.get(image);
  }

  private async withProgress<R>(
    title: string,
    fn: (progress: vscode.Progress<{ message?: string }>, signal: AbortSignal) => Promise<R>,
  ): Promise<R | Failure> {
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return fn(progress, abort.signal);
        },
      );
    } catch (e) {
      if (isCancelled(e)) return { cancelled: true };
      this.session.reportFailure(e);
      return { error: showEngineError(`${title} failed`, e, this.log) };
    }
  }

  /** Builds the Dockerfile (the engine's cache makes an unchanged one quick); the tag, or a failure. */
  private async build(
    dockerfile: vscode.Uri,
    arg2: unknown,
    progress: vscode.Progress<{ message?: string }>,
    signal: AbortSignal,
  ): Promise<string | { buildFailed: string }> {
    const b = await this.builder.build(
      dockerfile,
      commandOptions(arg2),
      { report: (m) => progress.report({ message: `Building: ${m}` }) },
      signal,
    );
    if (!b.ok) {
      void vscode.window.showErrorMessage(`Build failed: ${b.error}`);
      return { buildFailed: b.error };
    }
    return b.tag;
  }

  async preflight(arg: unknown, arg2: unknown): Promise<PreflightResult | Failure> {
    let image = typeof arg === 'string' ? arg : undefined;
    const dockerfile = image ? undefined : await pickDockerfile(arg, 'check');
    if (!image && !dockerfile) return undefined;
    const labels = commandOptions(arg2).labels;
    const r = await this.withProgress('Preflight', async (progress, signal) => {
      if (dockerfile) {
        const built = await this.build(dockerfile, arg2, progress, signal);
        if (typeof built !== 'string') return built;
        image = built;
      }
      progress.report({ message: `Reading ${image} and the engine` });
      const conn = await this.session.get();
      const { facts: _facts, ...result } = await runPreflight(conn.docker, conn.facts, image!, {
        endpoint: conn.endpoint,
        signal,
        ...(labels ? { labels } : {}),
      });
      return result;
    });
    if (!r || !('verdict' in r)) return r;
    this.last.set(r.image, r);
    const text = formatPreflight(r);
    this.log.info(`Preflight: ${text}`);
    const sd = r.systemdVersion !== undefined ? `systemd ${r.systemdVersion}` : 'systemd version unknown';
    const head =
      `Preflight: ${r.image} ` +
      `${verdictWords(r.verdict)} (${sd}, cgroup arrangement ${r.profile.cgroupArrangement}).`;
    const detail = r.reasons.map((x) => `${x.text} Fix: ${x.fix}`).join(' ');
    const show = r.verdict === 'boots' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(`${head}${detail ? ` ${detail}` : ''}`, 'Show Output').then((c) => c && this.log.show(true));
    return r;
  }

  async verify(arg: unknown, arg2: unknown): Promise<VerifyResult | Failure> {
    const dockerfile = await pickDockerfile(arg, 'verify');
    if (!dockerfile) return undefined;
    const labels = commandOptions(arg2).labels;
    const r = await this.withProgress('Verify Units in the Image', async (progress, signal) => {
      const built = await this.build(dockerfile, arg2, progress, signal);
      if (typeof built !== 'string') return built;
      progress.report({ message: `systemd-analyze verify in ${built}` });
      const conn = await this.session.get();
      return verifyImage(conn.docker, built, {
        dockerfile: dockerfile.fsPath,
        contextDir: readBuildSettings(dockerfile).contextDir,
        endpoint: conn.endpoint,
        ...(labels ? { labels } : {}),
      });
    });
    if (!r || !('findings' in r)) return r;
    this.showFindings(dockerfile, r);
    return r;
  }

  /**
   * Findings as diagnostics on the source unit files (or on the Dockerfile's first line when the unit has no source
   * there).
   */
  private showFindings(dockerfile: vscode.Uri, r: VerifyResult): void {
    this.diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const f of r.findings) {
      const file = f.source?.file ?? dockerfile.fsPath;
      const line = f.source ? Math.max(0, (f.line ?? 1) - 1) : 0;
      const d = new vscode.Diagnostic(
        new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
        f.source ? f.message : `${f.unit}${f.line ? `:${f.line}` : ''}: ${f.message}`,
        f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'systemd-analyze verify (in the image)';
      (byFile.get(file) ?? byFile.set(file, []).get(file)!).push(d);
    }
    for (const [file, ds] of byFile) this.diagnostics.set(vscode.Uri.file(file), ds);
    this.log.info(
      `Verify Units in the Image ${r.image}: ${r.analyzed.length} unit file(s), ${r.findings.length} ` +
        `finding(s).${r.notes.length ? ` ${r.notes.join(' ')}` : ''}`,
    );
    for (const f of r.findings)
      this.log.info(`  ${f.source ? `${path.basename(f.source.file)}:${f.line ?? '?'}` : f.unit}: ${f.message}`);
    const msg = !r.analyzerFound
      ? `${r.image} has no systemd-analyze: its units cannot be verified with its own systemd.`
      : `Verified ${r.analyzed.length} unit file(s) in ${r.image} with its own ` +
        `systemd-analyze: ` +
        `${r.findings.length ? `${r.findings.length} finding(s), shown in the Problems view` : 'no findings'}.`;
    void (r.findings.length || !r.analyzerFound
      ? vscode.window.showWarningMessage(msg)
      : vscode.window.showInformationMessage(msg));
  }
}

/** On a FROM line: a link to preflight its image, and the last result for it. */
class FromHover implements vscode.HoverProvider {
  constructor(private readonly preflighter: Preflighter) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const from = fromImageAt(document.lineAt(position.line).text);
    if (!from || position.character < from.start || position.character > from.end) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [PREFLIGHT_COMMAND] };
    const args = encodeURIComponent(JSON.stringify([from.image]));
    const last = this.preflighter.lastResult(from.image);
    if (last) {
      md.appendMarkdown(
        '**Preflight:** ' +
          `\`${from.image}\` ` +
          (last.verdict === 'fails' ? '**does not boot here**' : verdictWords(last.verdict)),
      );
      md.appendMarkdown(`${last.systemdVersion !== undefined ? ` (systemd ${last.systemdVersion})` : ''}.\n\n`);
      for (const r of last.reasons) md.appendMarkdown(`- ${r.text} Fix: ${r.fix}\n`);
    }
    md.appendMarkdown(
      `\n[$(rocket) Preflight: will \`${from.image}\` boot here?](command:${PREFLIGHT_COMMAND}?${args})`,
    );
    return new vscode.Hover(md, new vscode.Range(position.line, from.start, position.line, from.end));
  }
}

export function registerPreflightCommands(
  context: vscode.ExtensionContext,
  preflighter: Preflighter,
  log: vscode.LogOutputChannel,
): void {
  context.subscriptions.push(
    preflighter.diagnostics,
    vscode.commands.registerCommand(
      PREFLIGHT_COMMAND,
      (arg?: unknown, arg2?: unknown) => refuseUntrusted('Preflight', log) ?? preflighter.preflight(arg, arg2),
    ),
    vscode.commands.registerCommand(
      VERIFY_IMAGE_COMMAND,
      (arg?: unknown, arg2?: unknown) =>
        refuseUntrusted('Verify Units in the Image', log) ?? preflighter.verify(arg, arg2),
    ),
    vscode.languages.registerHoverProvider({ language: 'dockerfile' }, new FromHover(preflighter)),
  );
}

/** A preflight verdict in the words of a message. */
function verdictWords(verdict: string): string {
  if (verdict === 'boots') return 'boots here';
  return verdict === 'fails' ? 'does not boot here' : 'may or may not boot here';
}
