// Smoke suite: the extension is loaded into a real VS Code and activates, and the fixture
// workspace (test/fixtures/vscode/smoke, copied by runTests.ts) is the open folder.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { run, test, waitFor } from '../../harness';

const EXTENSION_ID = 'systemd-container-tools.systemd-container-tools';

function env(name: string): string {
  const v = process.env[name];
  assert.ok(v, `${name} is not set (run through out/test/vscode/runTests.js)`);
  return v;
}

test('the extension is installed from the development path', () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} not found`);
  assert.equal(fs.realpathSync(ext.extensionPath), fs.realpathSync(env('SCT_VSCODE_EXTENSION_PATH')));
  assert.equal(ext.packageJSON.name, 'systemd-container-tools');
});

test('the extension activates', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  await ext.activate();
  assert.equal(ext.isActive, true);
});

test('the workspace folder is the smoke fixture', async () => {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1, `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ')}`);
  const folder = folders[0].uri;
  assert.equal(folder.scheme, 'file');
  assert.equal(fs.realpathSync(folder.fsPath), fs.realpathSync(env('SCT_VSCODE_WORKSPACE')));
  // Same content as the fixture in the repository, read through VS Code's file system.
  const inWorkspace = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'Dockerfile'));
  const inRepo = fs.readFileSync(path.join(env('SCT_VSCODE_FIXTURE'), 'Dockerfile'));
  assert.equal(Buffer.from(inWorkspace).toString('utf8'), inRepo.toString('utf8'));
});

test('workspace trust is as requested', () => {
  const expected = (process.env.SCT_VSCODE_TRUST || 'trusted') !== 'untrusted';
  assert.equal(vscode.workspace.isTrusted, expected);
});

test('the Dockerfile opens as a dockerfile document', async () => {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'Dockerfile'));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, 'dockerfile');
  await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString(), {
    message: 'Dockerfile editor active',
  });
  assert.match(doc.getText(), /^FROM debian:bookworm$/m);
});

export { run };
