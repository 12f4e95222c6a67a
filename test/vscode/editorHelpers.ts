// Helpers for suites that drive documents, diagnostics and code actions in the real VS Code.
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as vscode from 'vscode';
import { waitFor } from './harness';

export const EXTENSION_ID = 'systemd-container-tools.systemd-container-tools';
export const SOURCE = 'systemd-container-tools';

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} not found`);
  await ext.activate();
}

export async function openDocument(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Our diagnostics on a document (other extensions are disabled, but be precise). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export function codes(uri: vscode.Uri): string[] {
  return ours(uri).map(codeOf).sort();
}

/** Waits until the diagnostics' codes are exactly `expected` (sorted comparison). */
export async function waitForCodes(
  uri: vscode.Uri,
  expected: string[],
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  const want = [...expected].sort().join(',');
  await waitFor(() => codes(uri).join(',') === want, {
    timeoutMs,
    message: () => `diagnostics of ${uri.path.split('/').pop()} to be [${want}] (now [${codes(uri).join(',')}])`,
  });
  return ours(uri);
}

export async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit refused');
  await waitFor(() => doc.getText() === text, { message: 'document text replaced' });
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  return (actions ?? []).filter(
    (a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'),
  );
}

/**
 * Asks for the code actions at `range` until one titled `title` is among them. VS Code cancels a
 * code action request when a code action provider is registered anywhere while it runs (its check
 * compares all providers for the document with the ones the kind filter kept), and the cancelled
 * request comes back empty; the editor just asks again, and so does this. Extensions still
 * registering their providers a second or two after startup made a test's first request empty.
 */
export async function waitForCodeAction(
  uri: vscode.Uri,
  range: vscode.Range,
  title: string,
  timeoutMs = 10_000,
): Promise<vscode.CodeAction> {
  let titles: string[] = [];
  let attempts = 0;
  return waitFor(
    async () => {
      attempts++;
      const actions = await codeActions(uri, range, vscode.CodeActionKind.QuickFix.value);
      titles = actions.map((a) => a.title);
      const action = actions.find((a) => a.title === title);
      if (action && attempts > 1) console.log(`    (code action "${title}" offered on request ${attempts})`);
      return action;
    },
    { timeoutMs, message: () => `code action "${title}" (last offered: [${titles.join(' | ')}])` },
  );
}

export function lines(text: string): string[] {
  return text.split('\n');
}

/** `text` with `insert` placed before 0-based line `at`. */
export function withLinesInserted(text: string, at: number, insert: string[]): string {
  const l = lines(text);
  l.splice(at, 0, ...insert);
  return l.join('\n');
}

export function withLineReplaced(text: string, at: number, replacement: string): string {
  const l = lines(text);
  l[at] = replacement;
  return l.join('\n');
}

/**
 * The language servers of this window: the client starts each with `--clientProcessId=<the
 * extension host's pid>`, and these tests run in that extension host, so servers of other
 * VS Code windows or test runs on the machine do not count (issue 22, point 12).
 */
export function serverPids(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const ours = new RegExp(`--clientProcessId=${process.pid}(\\s|$)`);
  return out
    .split('\n')
    .filter((l) => /dist\/server\.js/.test(l) && ours.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
    .filter((n) => Number.isInteger(n) && n !== process.pid);
}

/** Resolves on the event's next firing (a view's onDidChangeTreeData); rejects after the timeout. */
export function nextEvent(event: vscode.Event<unknown>, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = event(() => {
      clearTimeout(t);
      sub.dispose();
      resolve();
    });
  });
}
