// Restricted Mode: the build/run commands are disabled in the manifest and refuse (with a
// message) when invoked anyway through executeCommand; nothing is built or run; and the
// workspace's own engine settings are ignored (the view uses the user's engine.host).
import * as assert from 'assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../../client/src/extension';
import { before, run, test, waitFor } from '../../harness';
import { EXTENSION_ID, workspaceUri } from '../../editorHelpers';

const SOCKET = process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock';
const RUN_ID = `vscode-untrusted-${process.pid}-${Date.now().toString(36)}`;
const labels = { 'sct.test': RUN_ID };
const COMMANDS = [
  'systemdContainerTools.buildImage',
  'systemdContainerTools.runWithSystemd',
  'systemdContainerTools.copyRunCommand',
  'systemdContainerTools.generateComposeService',
  'systemdContainerTools.generateQuadlet',
];
const docker = new Docker({ socketPath: SOCKET });
let api: ExtensionApi;

before(async () => {
  try {
    await docker.ping();
  } catch (e) {
    const message =
      `The engine-untrusted suite needs the test dockerd at unix://${SOCKET}; run .ci/engine-setup.sh (as root) ` +
      `first. (${(e as Error).message})`;
    console.error(`  SETUP: ${message}`);
    throw new Error(message, { cause: e });
  }
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext);
  api = await ext.activate();
});

test('the workspace is untrusted', () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('the build/run commands are disabled in the manifest (enablement: isWorkspaceTrusted)', () => {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
    contributes: { commands: Array<{ command: string; enablement?: string }> };
  };
  for (const id of COMMANDS) {
    const c = pkg.contributes.commands.find((x) => x.command === id);
    assert.ok(c, `${id} not contributed`);
    assert.equal(c.enablement, 'isWorkspaceTrusted', id);
  }
});

for (const id of COMMANDS) {
  test(`${id} invoked anyway is refused with a message, and builds nothing`, async () => {
    const r = await vscode.commands.executeCommand<{ refused?: string; message?: string }>(
      id,
      workspaceUri('Dockerfile'),
      { labels, tag: `sct-test-vscode/untrusted:${RUN_ID}` },
    );
    assert.equal(r?.refused, 'untrusted', JSON.stringify(r));
    assert.match(r.message ?? '', /disabled in Restricted Mode/);
    assert.match(r.message ?? '', /Trust the workspace/);
  });
}

test('nothing was built or run', async () => {
  const filters = { label: [`sct.test=${RUN_ID}`] };
  assert.deepEqual(await docker.listImages({ filters }), []);
  assert.deepEqual(await docker.listContainers({ all: true, filters }), []);
  await assert.rejects(docker.getImage(`sct-test-vscode/untrusted:${RUN_ID}`).inspect(), /no such image/i);
});

test("the workspace's engine.host is ignored: the view shows the user's engine", async () => {
  const inspected = vscode.workspace.getConfiguration('systemdContainerTools.engine').inspect<string>('host');
  assert.equal(inspected?.globalValue, `unix://${SOCKET}`);
  const [root] = await api.engineTree.getChildren();
  const state = await waitFor(
    () =>
      root.kind === 'engine' && root.state.kind !== 'idle' && root.state.kind !== 'connecting' ? root.state : undefined,
    { message: 'a settled engine root' },
  );
  assert.equal(state.kind, 'connected', `root: ${JSON.stringify(api.engineTree.getTreeItem(root).tooltip)}`);
  assert.match(String(api.engineTree.getTreeItem(root).description), /unix:\/\/\/run\/sct-docker\.sock/);
});

export { run };
