/**
 * Command output (unit status, failed units, boot logs, systemd-analyze reports) in read-only
 * editors: a document of our own scheme is never dirty, so closing it never asks to save, and
 * showing the same output again replaces the text instead of stacking untitled tabs.
 */
import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'systemd-container-tools';

const contents = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

export function registerReadOnlyDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => contents.get(uri.toString()) ?? '',
    }),
    // The text is kept only while its document is open.
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === READ_ONLY_SCHEME) contents.delete(doc.uri.toString());
    }),
    changed,
  );
}

/** Show `content` read-only under a tab named `title` (one tab per title). */
export async function showReadOnly(title: string, content: string, language = 'plaintext'): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${title.replace(/[\\/]+/g, '∕')}` });
  const key = uri.toString();
  const wasOpen = contents.has(key);
  contents.set(key, content);
  if (wasOpen) changed.fire(uri);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  return vscode.window.showTextDocument(doc, { preview: false });
}
