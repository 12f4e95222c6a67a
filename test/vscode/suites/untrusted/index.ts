// Restricted Mode: linting works, and the workspace cannot redirect the linter's config file
// (systemdContainerTools.configFile is a restricted setting, so its workspace value is ignored).
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { run, test } from '../../harness';
import { activateExtension, openDocument, waitForCodes, workspaceUri } from '../../editorHelpers';

test('the workspace is untrusted', () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('the workspace value of the restricted configFile setting is not applied', () => {
  const inspected = vscode.workspace.getConfiguration('systemdContainerTools').inspect<string>('configFile');
  assert.equal(inspected?.workspaceValue, undefined, 'restricted setting read from the untrusted workspace');
});

test('the extension activates and lints (quiet.yaml, which ignores every rule, is not used)', async () => {
  await activateExtension();
  const uri = workspaceUri('Dockerfile');
  await openDocument(uri);
  await waitForCodes(uri, ['SCT103', 'SCT105', 'SCT106', 'SCT107', 'SCT111', 'SCT114'], 20_000);
});

export { run };
