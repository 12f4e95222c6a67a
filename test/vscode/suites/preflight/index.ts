// Preflight and Verify Units in the Image in a real VS Code against the test dockerd: the
// prediction for Debian sid (systemd 262) on this hybrid cgroup v1 host, the FROM hover with its
// link and the last result, the image's own systemd-analyze verify shown on app.service line 5,
// and Run with systemd booting sid to running with the arrangement preflight named. Everything
// created carries the label sct.test=<run id>; nothing with it may be left.
import * as assert from 'assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../../client/src/extension';
import { after, before, run, test, waitFor } from '../../harness';
import { EXTENSION_ID, workspaceUri } from '../../editorHelpers';

const SOCKET = process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock';
const RUN_ID = `vscode-${process.pid}-${Date.now().toString(36)}`;
const LABEL = 'sct.test';
const labels = { [LABEL]: RUN_ID };
const options = (name: string) => ({ labels, tag: `sct-test-vscode/${name}:${RUN_ID}` });
const docker = new Docker({ socketPath: SOCKET });

async function leftovers(kind: 'containers' | 'all'): Promise<string[]> {
  const filters = { label: [`${LABEL}=${RUN_ID}`] };
  const containers = (await docker.listContainers({ all: true, filters })).map(
    (c) => `container ${c.Id.slice(0, 12)} (${c.State})`,
  );
  if (kind === 'containers') return containers;
  return [...containers, ...(await docker.listImages({ all: true, filters })).map((i) => `image ${i.Id.slice(7, 19)}`)];
}

before(async () => {
  try {
    await docker.ping();
    await docker.getImage('sct/debian-systemd:sid').inspect();
  } catch (e) {
    const message =
      `The preflight suite needs the test dockerd at unix://${SOCKET} with sct/debian-systemd:sid; run ` +
      '.ci/engine-setup.sh and SCT_SUITE=sid SCT_PLAIN_IMAGE=0 .ci/engine-setup.sh (as root). ' +
      `(${(e as Error).message})`;
    console.error(`  SETUP: ${message}`);
    throw new Error(message, { cause: e });
  }
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} not found`);
  await ext.activate();
});

after(async () => {
  const left = await leftovers('containers');
  for (const c of await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN_ID}`] } }))
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  for (const i of await docker.listImages({ filters: { label: [`${LABEL}=${RUN_ID}`] } }))
    await docker
      .getImage(i.Id)
      .remove({ force: true })
      .catch(() => undefined);
  assert.deepEqual(left, [], `the suite left containers behind: ${left.join('; ')}`);
  assert.deepEqual(await leftovers('all'), [], 'cleanup left objects behind');
});

test(
  "Preflight on sct/debian-systemd:sid: boots here, systemd ≥ 258, the host's cgroup2 hierarchy bound",
  async () => {
    const r = await vscode.commands.executeCommand<any>('systemdContainerTools.preflight', 'sct/debian-systemd:sid', {
      labels,
    });
    assert.ok(r && 'verdict' in r, `unexpected result: ${JSON.stringify(r)?.slice(0, 1000)}`);
    assert.equal(r.verdict, 'boots', JSON.stringify(r.reasons));
    assert.ok(r.systemdVersion >= 258, `systemd ${r.systemdVersion}`);
    assert.equal(r.cgroupLayout, 'hybrid');
    assert.equal(r.profile.cgroupArrangement, 'unified-bind');
    assert.ok(r.profile.argv.includes('/sys/fs/cgroup/unified:/sys/fs/cgroup:rw'));
    assert.deepEqual(await leftovers('containers'), [], 'the probes were removed');
  },
  { timeoutMs: 60_000 },
);

test('the hover of the FROM image links to Preflight and shows the last result', async () => {
  const uri = workspaceUri('Dockerfile');
  await vscode.window.showTextDocument(uri);
  const hovers = await waitFor(
    async () => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(1, 8),
      );
      const text = hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return text.includes('command:systemdContainerTools.preflight') ? text : undefined;
    },
    { message: 'a hover with the preflight link' },
  );
  assert.match(hovers, /sct\/debian-systemd:sid/);
  assert.match(hovers, /boots here \(systemd 26\d\)/);
  const none = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    uri,
    new vscode.Position(2, 2),
  );
  assert.doesNotMatch(
    none.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'),
    /Preflight/,
  );
});

test(
  "Verify Units in the Image: the image's systemd-analyze finds ExecStrat= on app.service line 5",
  async () => {
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.verifyImage',
      workspaceUri('Dockerfile'),
      options('verify'),
    );
    assert.ok(r && 'findings' in r, `unexpected result: ${JSON.stringify(r)?.slice(0, 1000)}`);
    assert.deepEqual(r.analyzed, ['/etc/systemd/system/app.service']);
    assert.equal(r.findings.length, 1, r.output);
    const diags = await waitFor(
      () => {
        const d = vscode.languages
          .getDiagnostics(workspaceUri('app.service'))
          .filter((x) => x.source?.startsWith('systemd-analyze'));
        return d.length ? d : undefined;
      },
      { message: 'the finding on app.service' },
    );
    assert.equal(diags[0].range.start.line, 4);
    assert.match(diags[0].message, /ExecStrat/);
    assert.deepEqual(await leftovers('containers'), [], 'the verify container was removed');
  },
  { timeoutMs: 150_000 },
);

test(
  'Run with systemd boots the sid image to running with the arrangement preflight named',
  async () => {
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.runWithSystemd',
      workspaceUri('Dockerfile'),
      options('run'),
    );
    assert.ok(r && 'boot' in r, `unexpected result: ${JSON.stringify(r)?.slice(0, 1000)}`);
    if (r.boot.containerId)
      await docker
        .getContainer(r.boot.containerId)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    assert.equal(r.profile.cgroupArrangement, 'unified-bind');
    assert.equal(r.boot.status, 'running', JSON.stringify(r.boot).slice(0, 2000));
  },
  { timeoutMs: 150_000 },
);

export { run };
