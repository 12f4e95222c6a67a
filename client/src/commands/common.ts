/**
 * What the build/run commands share: which Dockerfile they act on (explorer or editor-title
 * argument, the active editor, or a pick), the options a programmatic caller may pass, and how
 * an engine failure is shown.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { EngineError } from '../../../shared/engine/errors';
import { tagForDockerfile } from '../../../shared/engine/build';
import { isDockerfileName } from '../../../shared/dockerfileNames';
import { isProfileFlagId } from '../../../shared/engine/rerun';
import type { ProfileFlagId } from '../../../shared/engine/runProfile';
import { RECONNECT_COMMAND } from '../session/statusBar';

/**
 * Options for `executeCommand(<command>, dockerfileUri, options)`: menus pass a Uri (and the
 * explorer a list of selected Uris as the second argument); the palette passes nothing.
 */
export interface CommandOptions {
  /** Labels for everything the command creates (images, probe and run containers). */
  labels?: Record<string, string>;
  /** Image tag instead of the one derived from the folder and Dockerfile name. */
  tag?: string;
  /**
   * Run with systemd only, programmatic only (no setting): leave these run-profile flags out, to
   * show what each prevents. A failed boot then offers "Re-run with the Missing Flags".
   */
  omit?: ProfileFlagId[];
}

export function commandOptions(arg: unknown): CommandOptions {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg) || arg instanceof vscode.Uri) return {};
  const o = arg as Record<string, unknown>;
  const out: CommandOptions = {};
  if (o.labels && typeof o.labels === 'object') {
    out.labels = Object.fromEntries(
      Object.entries(o.labels as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
  }
  if (typeof o.tag === 'string' && o.tag.trim()) out.tag = o.tag.trim();
  if (Array.isArray(o.omit)) {
    const omit = o.omit.filter(isProfileFlagId);
    if (omit.length) out.omit = [...new Set(omit)];
  }
  return out;
}

/** Named like a Dockerfile (the kind registry's name patterns, shared/dockerfileNames.ts). */
export function namedLikeDockerfile(uri: vscode.Uri): boolean {
  return isDockerfileName(path.basename(uri.fsPath));
}

/** The Dockerfile a command was invoked on: its argument, the active editor, or one the user picks. */
export async function pickDockerfile(arg: unknown, verb: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && (active.languageId === 'dockerfile' || namedLikeDockerfile(active.uri)))
    return active.uri;
  const found = await vscode.workspace.findFiles(
    '**/{Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.dockerfile,*.Dockerfile,*.containerfile}',
    '**/node_modules/**',
    200,
  );
  if (found.length === 0) {
    void vscode.window.showWarningMessage(
      `No Dockerfile or Containerfile to ${verb}: open one, or use the explorer's context menu.`,
    );
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found
      .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
      .map((uri) => ({
        label: path.basename(uri.fsPath),
        description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)),
        uri,
      })),
    { placeHolder: `Dockerfile to ${verb}` },
  );
  return picked?.uri;
}

/** `<folder>:latest` for `Dockerfile`; `<folder>-<variant>:latest` for `variant.Dockerfile` / `Dockerfile.variant`. */
export function defaultTag(dockerfile: vscode.Uri, contextDir: string): string {
  return tagForDockerfile(dockerfile.fsPath, contextDir);
}

/** Saves the Dockerfile if it has unsaved changes (the engine builds what is on disk). */
export async function saveIfDirty(uri: vscode.Uri): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
}

export function isCancelled(e: unknown): boolean {
  return e instanceof EngineError && e.kind === 'aborted';
}

/** An engine failure as a notification; unreachable engines get a Retry. */
export function showEngineError(prefix: string, e: unknown, log: vscode.LogOutputChannel): string {
  const message = `${prefix}: ${e instanceof Error ? e.message : String(e)}`;
  log.error(message);
  const retry =
    e instanceof EngineError &&
    e.kind !== 'aborted' &&
    e.kind !== 'not-found' &&
    e.kind !== 'conflict' &&
    e.kind !== 'bad-request';
  void vscode.window.showErrorMessage(message, ...(retry ? ['Retry Connection'] : [])).then((choice) => {
    if (choice) void vscode.commands.executeCommand(RECONNECT_COMMAND);
  });
  return message;
}

/**
 * A generated file as an untitled document named `file` (Save offers that path): its language
 * comes from the name, and the language server judges it as the file it will be (a Quadlet
 * `.container`, a compose file), not as an anonymous unit or YAML text.
 */
export async function openUntitledFile(file: string, content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file).with({ scheme: 'untitled' }));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), content));
  return editor;
}
