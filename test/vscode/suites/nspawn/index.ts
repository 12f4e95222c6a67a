// systemd-nspawn in a real VS Code (needs .ci/engine-setup.sh and .ci/nspawn-setup.sh; root):
// Generate .nspawn writes <machine>.nspawn beside the Dockerfile and it lints clean; Run with
// systemd-nspawn builds the fixture on the test dockerd, exports it, applies that file and boots
// it to running (not registered: this host has no systemd as PID 1); the view lists the machine
// under "systemd-nspawn" with its units, a unit action works; Stop powers it off and nothing is
// left (no systemd-nspawn, no machine process, no export container). Fails, never skips, without
// the engine or systemd-nspawn.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../../client/src/extension';
import type { MachineNode, TreeNode, UnitGroupNode, UnitNode } from '../../../../client/src/views/containersTree';
import { after, before, run, test, waitFor } from '../../harness';
import { EXTENSION_ID, waitForCodes, workspaceUri } from '../../editorHelpers';

const SOCKET = process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock';
const RUN_ID = `vscode-nspawn-${process.pid}-${Date.now().toString(36)}`;
const LABEL = 'sct.test';
const NAME = `sct-vs-${process.pid}`;
const MACHINES = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-vscode-machines-'));
const options = {
  labels: { [LABEL]: RUN_ID },
  tag: `sct-test-vscode/nspawn:${RUN_ID}`,
  name: NAME,
  machinesDirectory: MACHINES,
};
const docker = new Docker({ socketPath: SOCKET });
let api: ExtensionApi;

function nspawnProcesses(): string[] {
  return fs.readdirSync('/proc').filter((pid) => {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return /systemd-nspawn$/.test(argv[0]) && argv.includes(`--machine=${NAME}`);
    } catch {
      return false;
    }
  });
}

async function machineNode(): Promise<MachineNode> {
  const roots = await api.engineTree.getChildren();
  const machines = roots.find((n) => n.kind === 'machines');
  assert.ok(machines, `no systemd-nspawn node in the view (roots: ${roots.map((r) => r.kind).join(', ')})`);
  const node = (await api.engineTree.getChildren(machines)).find(
    (n): n is MachineNode => n.kind === 'machine' && n.name === NAME,
  );
  assert.ok(node, `machine ${NAME} is not in the view`);
  return node;
}

async function unitsOf(node: TreeNode): Promise<UnitNode[]> {
  const all: UnitNode[] = [];
  for (const n of await api.engineTree.getChildren(node)) {
    if (n.kind === 'unit') all.push(n);
    else if (n.kind === 'group') all.push(...(await unitsOf(n as UnitGroupNode)));
  }
  return all;
}

before(async () => {
  try {
    await docker.ping();
  } catch (e) {
    throw new Error(
      `The nspawn suite needs the test dockerd at unix://${SOCKET}; run .ci/engine-setup.sh (as root). ` +
        `(${(e as Error).message})`,
      { cause: e },
    );
  }
  if (!fs.existsSync('/usr/bin/systemd-nspawn'))
    throw new Error('The nspawn suite needs systemd-nspawn; run .ci/nspawn-setup.sh (as root).');
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} not found`);
  api = await ext.activate();
  assert.ok(api?.machines, 'activate() returned no machine registry');
});

after(async () => {
  await api?.machines.stopAll();
  for (const i of await docker.listImages({ filters: { label: [`${LABEL}=${RUN_ID}`] } }))
    await docker
      .getImage(i.Id)
      .remove({ force: true })
      .catch(() => undefined);
  fs.rmSync(MACHINES, { recursive: true, force: true });
  assert.deepEqual(nspawnProcesses(), [], 'a systemd-nspawn of this suite is still running');
});

test('a .nspawn file in the workspace is linted (Port= without a private network: SCT602)', async () => {
  const file = workspaceUri(`${NAME}.nspawn`);
  fs.writeFileSync(file.fsPath, '[Network]\nPort=tcp:8080:80\n');
  await vscode.window.showTextDocument(file);
  await waitForCodes(file, ['SCT602'], 20_000);
});

test(
  "Generate .nspawn replaces it with the run profile's settings, which lint clean",
  async () => {
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.generateNspawn',
      workspaceUri('Dockerfile'),
      { ...options, overwrite: true },
    );
    assert.equal(r?.file, workspaceUri(`${NAME}.nspawn`).fsPath, JSON.stringify(r));
    const text = fs.readFileSync(r.file, 'utf8');
    assert.match(text, /^\[Exec\]\nBoot=yes$/m);
    assert.match(text, /^VirtualEthernet=yes$/m);
    assert.doesNotMatch(text, /container=docker|\/sys\/fs\/cgroup|\/run\b.*tmpfs/i, 'nothing nspawn does itself');
    await waitForCodes(workspaceUri(`${NAME}.nspawn`), [], 20_000);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, r.file, 'the file is opened');
  },
  { timeoutMs: 180_000 },
);

test(
  'Run with systemd-nspawn builds, exports and boots it to running with the .nspawn applied',
  async () => {
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.runWithNspawn',
      workspaceUri('Dockerfile'),
      options,
    );
    assert.equal(r?.status, 'running', JSON.stringify(r));
    assert.equal(r.name, NAME);
    assert.equal(r.directory, path.join(MACHINES, NAME));
    assert.equal(r.registered, false, 'no systemd-machined here');
    assert.match(r.message, /not registered: this host does not run systemd as PID 1/);
    assert.equal(r.settingsFile, workspaceUri(`${NAME}.nspawn`).fsPath);
    assert.ok(
      fs.existsSync(path.join(MACHINES, `${NAME}.nspawn`)),
      'the settings are copied beside the machine directory',
    );
    const machine = api.machines.get(NAME);
    assert.ok(machine?.running);
    // VirtualEthernet=yes from the generated file: the machine has host0.
    assert.equal(
      (await machine.exec(['test', '-e', '/sys/class/net/host0'])).exitCode,
      0,
      'VirtualEthernet=yes was applied',
    );
    assert.deepEqual(
      await docker.listContainers({ all: true, filters: { label: ['sct.nspawn-export'] } }),
      [],
      'no export container left',
    );
  },
  { timeoutMs: 240_000 },
);

test(
  'the view lists the machine under systemd-nspawn with its units; a unit action works',
  async () => {
    const node = await waitFor(() => machineNode(), { timeoutMs: 15_000, message: 'the machine in the view' });
    const item = api.engineTree.getTreeItem(node);
    assert.equal(item.label, NAME);
    assert.match(String(item.description), /running$/);
    assert.equal(item.contextValue, 'sct.machine.running.exported');
    const units = await unitsOf(node);
    const hello = units.find((u) => u.unit.unit === 'sct-hello.service');
    assert.ok(hello, `sct-hello.service not listed (${units.length} units)`);
    assert.equal(hello.unit.active, 'active');
    assert.equal(hello.containerId, `machine:${NAME}`);
    const stopped = await vscode.commands.executeCommand<any>('systemdContainerTools.unit.stop', hello);
    assert.equal(stopped?.ok, true, JSON.stringify(stopped));
    const after = (await unitsOf(await machineNode())).find((u) => u.unit.unit === 'sct-hello.service');
    assert.equal(after?.unit.active, 'inactive');
    const blame = await vscode.commands.executeCommand<string>('systemdContainerTools.container.blame', node);
    assert.match(blame ?? '', /systemd-analyze blame {3}# in sct-vs-/);
  },
  { timeoutMs: 60_000 },
);

test(
  'Stop powers the machine off: nothing is left and the view drops it',
  async () => {
    const node = await machineNode();
    const r = await vscode.commands.executeCommand<any>('systemdContainerTools.container.stop', node);
    assert.equal(r?.killed, false, JSON.stringify(r));
    assert.equal(api.machines.get(NAME), undefined);
    assert.deepEqual(nspawnProcesses(), []);
    await waitFor(async () => !(await api.engineTree.getChildren()).some((n) => n.kind === 'machines'), {
      message: 'the systemd-nspawn node gone',
    });
  },
  { timeoutMs: 60_000 },
);

export { run };
