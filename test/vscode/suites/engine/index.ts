// The engine features in a real VS Code against the test dockerd (unix:///run/sct-docker.sock,
// made by .ci/engine-setup.sh): "Run with systemd" on the fixture, the containers view with its
// units, unit and container actions from the view, terminals, the renderers, build failures as
// diagnostics, degraded and failed boots, the event stream, and settings changes. Everything the
// suite creates carries the label sct.test=<run id>; before and after, nothing with it may exist.
// The suite fails (never skips) when the engine is not there.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../../client/src/extension';
import { READ_ONLY_SCHEME } from '../../../../client/src/views/readOnlyDocument';
import type { ContainerNode, TreeNode, UnitGroupNode, UnitNode } from '../../../../client/src/views/containersTree';
import { after, before, run, test, waitFor } from '../../harness';
import { EXTENSION_ID, codes, workspaceUri, nextEvent } from '../../editorHelpers';

// SCT_DOCKER_SOCK (as in test/engine/helpers.ts) only to check the failure without the engine;
// the extension's engine.host comes from suite.json.
const SOCKET = process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock';
const RUN_ID = `vscode-${process.pid}-${Date.now().toString(36)}`;
const LABEL = 'sct.test';
const labels = { [LABEL]: RUN_ID };
const options = (name: string) => ({ labels, tag: `sct-test-vscode/${name}:${RUN_ID}` });
const RUN_TIMEOUT = 150_000;

const docker = new Docker({ socketPath: SOCKET });
let api: ExtensionApi;
let containerId = '';

async function leftovers(): Promise<string[]> {
  const filters = { label: [`${LABEL}=${RUN_ID}`] };
  const containers = await docker.listContainers({ all: true, filters });
  const images = await docker.listImages({ all: true, filters });
  return [
    ...containers.map((c) => `container ${c.Id.slice(0, 12)} ${c.Names?.[0] ?? ''} (${c.State})`),
    ...images.map((i) => `image ${i.Id.slice(7, 19)} ${(i.RepoTags ?? []).join(',')}`),
  ];
}

async function root(): Promise<TreeNode> {
  const [node] = await api.engineTree.getChildren();
  assert.ok(node, 'the view has no root');
  return node;
}

async function containers(): Promise<ContainerNode[]> {
  const r = await root();
  return (await api.engineTree.getChildren(r)).filter((n): n is ContainerNode => n.kind === 'container');
}

async function containerNode(id = containerId): Promise<ContainerNode> {
  const found = (await containers()).find((c) => c.id === id);
  assert.ok(found, `container ${id.slice(0, 12)} is not in the view`);
  return found;
}

async function units(node: ContainerNode): Promise<{ groups: UnitGroupNode[]; units: UnitNode[] }> {
  const groups = (await api.engineTree.getChildren(node)).filter((n): n is UnitGroupNode => n.kind === 'group');
  const all: UnitNode[] = [];
  const collect = async (g: UnitGroupNode): Promise<void> => {
    for (const n of await api.engineTree.getChildren(g)) {
      if (n.kind === 'unit') all.push(n);
      else if (n.kind === 'group') await collect(n); // the nested "inactive" node
    }
  };
  for (const g of groups) await collect(g);
  return { groups, units: all };
}

async function unit(name: string): Promise<UnitNode> {
  const u = (await units(await containerNode())).units.find((n) => n.unit.unit === name);
  assert.ok(u, `${name} is not in the view`);
  return u;
}

/** Resolves on the view's next change event. */
const nextTreeChange = (): Promise<void> => nextEvent(api.engineTree.onDidChangeTreeData, 'a change of the view');

/** Closes every editor without save prompts (untitled output documents are dirty). */
async function closeEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * The text of the read-only output editor a command opened: never dirty, so closing it asks nothing (issue 22, point
 * 6).
 */
async function outputText(): Promise<string> {
  const editor = await waitFor(
    () =>
      vscode.window.activeTextEditor?.document.uri.scheme === READ_ONLY_SCHEME
        ? vscode.window.activeTextEditor
        : undefined,
    {
      message: () => `a read-only output editor (active: ${vscode.window.activeTextEditor?.document.uri.toString()})`,
    },
  );
  assert.equal(editor.document.isDirty, false);
  assert.equal(editor.document.isUntitled, false);
  return editor.document.getText();
}

before(async () => {
  try {
    await docker.ping();
  } catch (e) {
    const message =
      `The engine suite needs the test dockerd at unix://${SOCKET}; run .ci/engine-setup.sh (as root) first. ` +
      `(${(e as Error).message})`;
    console.error(`  SETUP: ${message}`); // the harness lists the tests as failed without the reason
    throw new Error(message, { cause: e });
  }
  for (const image of ['sct/debian-systemd:bookworm', 'sct/debian:bookworm']) {
    await docker
      .getImage(image)
      .inspect()
      .catch(() => {
        throw new Error(`The test dockerd lacks the base image ${image}; run .ci/engine-setup.sh (as root).`);
      });
  }
  assert.deepEqual(await leftovers(), [], "objects with this run's label exist before the suite");
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} not found`);
  api = await ext.activate();
  assert.ok(api?.engineTree, 'activate() returned no engineTree');
});

after(async () => {
  if (!api) return; // before() failed: nothing was created, and it said why
  const left = await leftovers();
  for (const c of await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN_ID}`] } })) {
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  }
  for (const i of await docker.listImages({ filters: { label: [`${LABEL}=${RUN_ID}`] } })) {
    await docker
      .getImage(i.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  // Images are expected (the tests build them); containers must have been removed by the tests.
  const containersLeft = left.filter((l) => l.startsWith('container'));
  assert.deepEqual(containersLeft, [], `the suite left containers behind: ${containersLeft.join('; ')}`);
  assert.deepEqual(await leftovers(), [], 'cleanup left objects behind');
});

test("the view's root is the engine with its facts", async () => {
  const item = api.engineTree.getTreeItem(await root());
  assert.match(String(item.label), /^Docker \d+\.\d+/);
  assert.match(String(item.description), /cgroup v[12]/);
  assert.match(String(item.description), /unix:\/\/\/run\/sct-docker\.sock/);
  assert.equal(item.contextValue, 'sct.engine');
  assert.equal(api.engineSession.current.kind, 'connected');
});

test(
  '"Run with systemd" builds and boots the fixture: running',
  async () => {
    const t0 = Date.now();
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.runWithSystemd',
      workspaceUri('Dockerfile'),
      options('engine'),
    );
    assert.ok(r && 'boot' in r, `unexpected result: ${JSON.stringify(r)?.slice(0, 2000)}`);
    assert.equal(r.boot.status, 'running', JSON.stringify(r.boot));
    containerId = r.boot.containerId;
    assert.equal(r.image, `sct-test-vscode/engine:${RUN_ID}`);
    // Named after its image (not two random words), with a number when that name is taken.
    assert.match((await docker.getContainer(containerId).inspect()).Name, /^\/engine(-\d+)?$/);
    // The profile it booted with: tmpfs mounts, no stop-signal override (the image has one).
    assert.ok(r.profile.spec.tmpfs.includes('/run'));
    assert.equal(r.profile.spec.stopSignal, undefined);
    console.log(`    (build + probe + boot: ${((Date.now() - t0) / 1000).toFixed(1)} s; boot ${r.boot.seconds} s)`);
  },
  { timeoutMs: RUN_TIMEOUT },
);

test('the container is in the view with systemd-journald.service active, units grouped by type', async () => {
  const node = await waitFor(async () => (await containers()).find((c) => c.id === containerId), {
    message: 'the container in the view',
  });
  assert.equal(node.managed, true);
  assert.equal(node.systemState, 'running');
  const item = api.engineTree.getTreeItem(node);
  assert.match(String(item.description), /running/);
  assert.equal(item.contextValue, 'sct.container.running.managed');
  const { groups, units: all } = await units(node);
  assert.equal(groups[0].type, 'service', `group order: ${groups.map((g) => g.type).join(', ')}`);
  assert.ok(
    groups.some((g) => g.type === 'socket') && groups.some((g) => g.type === 'target'),
    `groups: ${groups.map((g) => g.type).join(', ')}`,
  );
  const journald = all.find((u) => u.unit.unit === 'systemd-journald.service');
  assert.ok(journald, 'systemd-journald.service not listed');
  assert.equal(journald.unit.active, 'active');
  const jItem = api.engineTree.getTreeItem(journald);
  assert.equal((jItem.iconPath as vscode.ThemeIcon).id, 'pass-filled');
  assert.match(String(jItem.description), /^running · Journal Service/);
  assert.equal((await unit('sct-hello.service')).unit.active, 'active');
  // "Show Units" after a run: the view opens and selects the container.
  assert.equal(
    await vscode.commands.executeCommand('systemdContainerTools.container.reveal', { id: containerId }),
    true,
  );
});

const autoTitle =
  '"auto" asks the running container: a unit its image COPYs is judged for its systemd, and hover says so';
test(autoTitle, async () => {
  const hello = workspaceUri('units', 'sct-hello.service');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(hello));
  const hoverAt = async (): Promise<string> => {
    const at = new vscode.Position(4, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', hello, at);
    return hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
  };
  // the container answered systemctl --version through exec; the Dockerfile's base alone would say "the systemd of …"
  let last = '';
  const text = await waitFor(
    async () => {
      last = await hoverAt();
      return /in running container/.test(last) && last;
    },
    { timeoutMs: 20_000, message: () => `hover: ${last}` },
  );
  const why = /auto: systemd 252 in running container \S+ \(of the image \S*Dockerfile builds\)\)/;
  assert.match(text, /\*Judged for systemd 252\* \(Debian bookworm, systemd 252\.[^;]*; /);
  assert.match(text, why);
});

test('stopping a unit from the view makes it inactive; starting it makes it active again', async () => {
  const r = await vscode.commands.executeCommand<any>(
    'systemdContainerTools.unit.stop',
    await unit('sct-hello.service'),
  );
  assert.equal(r?.ok, true, JSON.stringify(r));
  let u = await unit('sct-hello.service');
  assert.equal(u.unit.active, 'inactive');
  const item = api.engineTree.getTreeItem(u);
  assert.equal((item.iconPath as vscode.ThemeIcon).id, 'circle-outline');
  assert.equal(item.contextValue, 'sct.unit.inactive');
  assert.equal(u.group.inactive, true, 'inactive units sit in the group\'s "inactive" node');
  const s = await vscode.commands.executeCommand<any>('systemdContainerTools.unit.start', u);
  assert.equal(s?.ok, true, JSON.stringify(s));
  u = await unit('sct-hello.service');
  assert.equal(u.unit.active, 'active');
});

/** Runs a fixed command in a container and waits for it to end (the command is the test's own, never input). */
async function execIn(id: string, cmd: string[]): Promise<void> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
    stream.resume();
  });
}

test(
  'a unit systemd refuses to load (a typo leaves no ExecStart=) shows as a problem in the view, not folded into ' +
    '"inactive" as dead: the system still says running',
  async () => {
    const unitFile = '/etc/systemd/system/sct-typo.service';
    const write =
      `printf '[Unit]\\nDescription=typo\\n[Service]\\nExecStrat=/bin/true\\n[Install]\\nWantedBy=multi-user.target\\n'` +
      ` > ${unitFile} && systemctl enable sct-typo.service && systemctl daemon-reload`;
    await execIn(containerId, ['sh', '-c', write]);
    try {
      const u = await waitFor(
        async () => {
          await vscode.commands.executeCommand('systemdContainerTools.containers.refresh');
          return (await units(await containerNode())).units.find((n) => n.unit.unit === 'sct-typo.service');
        },
        { timeoutMs: 20_000, message: 'sct-typo.service in the view' },
      );
      assert.equal(u.unit.load, 'bad-setting');
      assert.notEqual(u.group.inactive, true, 'folded into "inactive"');
      const item = api.engineTree.getTreeItem(u);
      assert.match(String(item.description), /^not loaded: a bad setting in its file · typo$/);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
      assert.match(String(api.engineTree.getTreeItem(u.group).description), / · 1 not loaded$/);
    } finally {
      await execIn(containerId, [
        'sh',
        '-c',
        `systemctl disable sct-typo.service; rm -f ${unitFile}; systemctl daemon-reload`,
      ]);
      await vscode.commands.executeCommand('systemdContainerTools.containers.refresh');
    }
  },
);

test('a unit that cannot be reloaded reports the failure (no exception)', async () => {
  const r = await vscode.commands.executeCommand<any>(
    'systemdContainerTools.unit.reload',
    await unit('sct-hello.service'),
  );
  assert.equal(r?.ok, false);
  assert.match(r.stderr, /reload/i);
});

test('status, blame and critical-chain open read-only editors that never ask to be saved', async () => {
  await vscode.commands.executeCommand('systemdContainerTools.unit.status', await unit('sct-hello.service'));
  const status = await outputText();
  assert.match(status, /sct-hello\.service/);
  assert.match(status, /Active: active \(running\)/);
  await closeEditors();
  const blame = await vscode.commands.executeCommand<string>(
    'systemdContainerTools.container.blame',
    await containerNode(),
  );
  assert.match(blame, /systemd-analyze blame/);
  assert.match(await outputText(), /\d+ms \S+\.service|\d\.\d+s \S+\.service/);
  await closeEditors();
  const chain = await vscode.commands.executeCommand<string>(
    'systemdContainerTools.container.criticalChain',
    await containerNode(),
  );
  assert.match(chain, /multi-user\.target|graphical\.target/);
  await closeEditors();
});

test('"Follow Journal" and "Open Shell" start docker exec -it as an argv with the engine in DOCKER_HOST', async () => {
  const t = await vscode.commands.executeCommand<vscode.Terminal>(
    'systemdContainerTools.unit.followJournal',
    await unit('sct-hello.service'),
  );
  assert.ok(t, 'no terminal');
  const o = t.creationOptions as vscode.TerminalOptions;
  assert.match(String(o.shellPath), /\/docker$/);
  assert.deepEqual(o.shellArgs, ['exec', '-it', containerId, 'journalctl', '-f', '-u', 'sct-hello.service']);
  assert.equal(o.env?.DOCKER_HOST, `unix://${SOCKET}`);
  assert.ok(await t.processId, 'the terminal has no process');
  // docker exec keeps running while journalctl follows; a wrong host or id would exit at once.
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(t.exitStatus, undefined, `the journal terminal exited: ${JSON.stringify(t.exitStatus)}`);
  const execs = (await docker.getContainer(containerId).inspect()).ExecIDs ?? [];
  assert.ok(execs.length > 0, 'no exec in the container');
  t.dispose();
  const shell = await vscode.commands.executeCommand<vscode.Terminal>(
    'systemdContainerTools.container.shell',
    await containerNode(),
  );
  assert.deepEqual((shell.creationOptions as vscode.TerminalOptions).shellArgs, [
    'exec',
    '-it',
    containerId,
    '/bin/bash',
  ]);
  assert.ok(await shell.processId);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(shell.exitStatus, undefined, 'the shell exited');
  shell.dispose();
});

test(
  'Diagnose Boot on a healthy running container says the boot went fine, not a harmless log line (issue 22, ' +
    'point 8)',
  async () => {
    const d = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.container.diagnoseBoot',
      await containerNode(),
    );
    assert.ok(d?.diagnosis, `no diagnosis: ${JSON.stringify(d)?.slice(0, 500)}`);
    assert.deepEqual(d.diagnosis.findings, []);
    assert.match(d.diagnosis.summary, /systemd says "running": the boot went fine/);
    assert.doesNotMatch(d.diagnosis.summary, /Failed to get cgroup ID|last error/);
  },
);

/**
 * A generated document gets no diagnostic: shown by appending a flaw that must be flagged (so
 * the server has judged this document), removing it, and waiting for the list to empty.
 */
async function assertLintsClean(doc: vscode.TextDocument, flaw: string): Promise<void> {
  const original = doc.getText();
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((b) => b.insert(doc.lineAt(doc.lineCount - 1).range.end, `\n${flaw}`));
  await waitFor(() => codes(doc.uri).length > 0, { message: `a diagnostic on the flaw appended to ${doc.uri.path}` });
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), original));
  await waitFor(() => codes(doc.uri).length === 0, {
    message: () => `no diagnostic on ${doc.uri.path}: ${codes(doc.uri).join(', ')}`,
  });
}

test(
  '"Copy Run Command", "Generate Compose Service" and "Generate Quadlet .container" render the profile',
  async () => {
    const copy = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.copyRunCommand',
      workspaceUri('Dockerfile'),
      options('engine'),
    );
    const clip = await vscode.env.clipboard.readText();
    assert.equal(clip, copy.text);
    assert.match(clip, /^docker run -d -t --tmpfs \/run --tmpfs \/run\/lock --tmpfs \/tmp /);
    assert.ok(clip.includes(` sct-test-vscode/engine:${RUN_ID}`), clip);
    assert.ok(clip.includes(`--label sct.test=${RUN_ID}`), clip);
    await vscode.commands.executeCommand(
      'systemdContainerTools.generateComposeService',
      workspaceUri('Dockerfile'),
      options('engine'),
    );
    const compose = vscode.window.activeTextEditor!.document;
    // VS Code gives a file named compose.*.yaml its Compose language, as it will have once saved.
    assert.equal(compose.languageId, 'dockercompose');
    assert.equal(compose.uri.path, workspaceUri('compose.engine.yaml').path);
    assert.match(compose.getText(), /^services:\n {2}engine:\n {4}image: sct-test-vscode\/engine:/);
    assert.match(compose.getText(), /tmpfs:\n\s+- \/run\n/);
    // The cgroup arrangement that also travels to a cgroup v2 host (SCT204 would flag `:ro`).
    assert.match(compose.getText(), /^ {4}cgroup: host$/m);
    // On a hybrid host (cgroup2 at /sys/fs/cgroup/unified, as here) that hierarchy is bound, which also boots systemd ≥
    // 258.
    const hybrid = fs.existsSync('/sys/fs/cgroup/unified/cgroup.controllers');
    const bind = hybrid ? '/sys/fs/cgroup/unified:/sys/fs/cgroup:rw' : '/sys/fs/cgroup:/sys/fs/cgroup:rw';
    assert.ok(compose.getText().split('\n').includes(`      - ${bind}`), compose.getText());
    await assertLintsClean(compose, '  x:\n    image: debian:12\n    command: /sbin/init\n');
    await vscode.commands.executeCommand(
      'systemdContainerTools.generateQuadlet',
      workspaceUri('Dockerfile'),
      options('engine'),
    );
    const quadlet = vscode.window.activeTextEditor!.document;
    assert.equal(quadlet.languageId, 'systemd-unit');
    // Named as the file it would be beside the Dockerfile, so it is judged as a Quadlet file.
    assert.equal(quadlet.uri.scheme, 'untitled');
    assert.equal(quadlet.uri.path, workspaceUri('engine.container').path);
    await assertLintsClean(quadlet, '[Container]\nNotAQuadletKey=1\n');
    assert.match(quadlet.getText(), /^\[Container\]$/m);
    assert.match(quadlet.getText(), new RegExp(`^Image=sct-test-vscode/engine:${RUN_ID}$`, 'm'));
    assert.match(quadlet.getText(), /^PodmanArgs=--systemd=always$/m);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  },
  { timeoutMs: 90_000 },
);

test(
  'engine events refresh the view: a systemd container started elsewhere appears, also after the stream dropped',
  async () => {
    const c = await docker.createContainer({
      Image: 'sct/debian-systemd:bookworm',
      Cmd: ['/lib/systemd/systemd'],
      Tty: true,
      Labels: labels,
      StopSignal: 'SIGRTMIN+3',
      HostConfig: { Tmpfs: { '/run': '', '/run/lock': '', '/tmp': '' }, Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:ro'] },
    });
    try {
      const changed = nextTreeChange();
      await c.start();
      await changed; // from the event stream: nothing here refreshed the view
      await waitFor(async () => (await containers()).find((n) => n.id === c.id && !n.managed), {
        message: 'the unmanaged systemd container in the view',
      });

      const opened = api.engineSession.eventStreamsOpened;
      assert.ok(api.engineSession.dropEventStream(), 'no event stream to drop');
      await waitFor(() => api.engineSession.eventStreamsOpened > opened && api.engineSession.followingEvents, {
        timeoutMs: 15_000,
        message: 'the event stream reconnected',
      });
      const removed = nextTreeChange();
      await c.remove({ force: true });
      await removed;
      await waitFor(async () => !(await containers()).some((n) => n.id === c.id), {
        message: 'the removed container gone from the view',
      });
    } finally {
      await c.remove({ force: true }).catch(() => undefined);
    }
  },
  { timeoutMs: 60_000 },
);

test(
  'a failing build step becomes a diagnostic on its lines; the next successful build clears it',
  async () => {
    const uri = workspaceUri('build-fails.Dockerfile');
    const original = fs.readFileSync(uri.fsPath, 'utf8');
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.buildImage',
      uri,
      options('build-fails'),
    );
    assert.equal(r?.ok, false, JSON.stringify(r)?.slice(0, 1000));
    assert.equal(r.failedStep.line, 2);
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'systemd-container-tools build');
    const [d] = ours();
    assert.ok(d, 'no build diagnostic');
    assert.deepEqual([d.range.start.line, d.range.end.line], [1, 2]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /returned a non-zero code: 1/);
    // The step's coloured output is in the message without its escape codes (issue 22, point 5).
    assert.match(d.message, /E: this step fails/);
    assert.doesNotMatch(d.message, /\x1b/);
    fs.writeFileSync(uri.fsPath, original.replace(' \\\n && false', ''));
    const ok = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.buildImage',
      uri,
      options('build-fails'),
    );
    assert.equal(ok?.ok, true, JSON.stringify(ok)?.slice(0, 1000));
    assert.deepEqual(ours(), []);
  },
  { timeoutMs: 90_000 },
);

test(
  'build settings: args and target apply; a context folder that does not hold the Dockerfile is refused',
  async () => {
    const build = vscode.workspace.getConfiguration('systemdContainerTools.build', workspaceUri('args.Dockerfile'));
    await build.update('args', { GREETING: 'from-settings' }, vscode.ConfigurationTarget.Workspace);
    await build.update('target', 'second', vscode.ConfigurationTarget.Workspace);
    try {
      const r = await vscode.commands.executeCommand<any>(
        'systemdContainerTools.buildImage',
        workspaceUri('args.Dockerfile'),
        options('args'),
      );
      assert.equal(r?.ok, true, JSON.stringify(r)?.slice(0, 1500));
      assert.match(r.log, /greeting=from-settings/);
      assert.match(r.log, /second stage/);
      assert.doesNotMatch(r.log, /third stage/);
    } finally {
      await build.update('args', undefined, vscode.ConfigurationTarget.Workspace);
      await build.update('target', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await build.update('contextFolder', 'units', vscode.ConfigurationTarget.Workspace);
    try {
      const r = await vscode.commands.executeCommand<any>(
        'systemdContainerTools.buildImage',
        workspaceUri('args.Dockerfile'),
        options('args'),
      );
      assert.match(
        r?.error ?? '',
        /is outside the build context .*\/units \(setting systemdContainerTools\.build\.contextFolder\)/,
      );
    } finally {
      await build.update('contextFolder', undefined, vscode.ConfigurationTarget.Workspace);
    }
  },
  { timeoutMs: 90_000 },
);

test(
  'the view shows the reported state without a Refresh (issue 22, point 2); a unit that fails 20 s after the ' +
    'boot reaches the report and the view',
  async () => {
    // The view as VS Code shows it: what getChildren gave at the last change event.
    const shown = new Map<string, string | undefined>();
    let fetching: Promise<void> = Promise.resolve();
    const sub = api.engineTree.onDidChangeTreeData(() => {
      fetching = fetching.then(async () => {
        for (const c of await containers().catch(() => []))
          shown.set(c.id, c.state === 'running' ? c.systemState : c.state);
      });
    });
    let id = '';
    try {
      await containers();
      const r = await vscode.commands.executeCommand<any>(
        'systemdContainerTools.runWithSystemd',
        workspaceUri('late-failure.Dockerfile'),
        options('late'),
      );
      assert.equal(r?.boot?.status, 'running', JSON.stringify(r?.boot ?? r)?.slice(0, 1000));
      id = r.boot.containerId;
      const reportedAt = Date.now();
      assert.ok(api.bootWatches.watching(id), 'the booted container is watched');
      await waitFor(() => shown.get(id) === 'running', {
        timeoutMs: 10_000,
        message: () => `the view shows ${shown.get(id)} after the report`,
      });
      // 20 s after the boot sct-late.service fails: the report (notification and log) and the view follow.
      const change = await waitFor(
        () => {
          const c = api.bootWatches.latest.get(id);
          return c?.newlyFailed?.includes('sct-late.service') ? c : undefined;
        },
        {
          timeoutMs: 60_000,
          message: () => `no late failure reported: ${JSON.stringify(api.bootWatches.latest.get(id))}`,
        },
      );
      const after = (Date.now() - reportedAt) / 1000;
      assert.ok(after > 10, `reported ${after.toFixed(1)} s after the boot`);
      assert.equal(change.state, 'degraded');
      assert.match(change.message ?? '', /sct-late\.service failed after the boot; systemd now says degraded/);
      await waitFor(() => shown.get(id) === 'degraded', {
        timeoutMs: 10_000,
        message: () => `the view shows ${shown.get(id)} after the failure`,
      });
      const node = await containerNode(id);
      const { units: all } = await units(node);
      assert.equal(all[0].unit.unit, 'sct-late.service', 'the failed unit comes first');
      assert.equal(all[0].unit.active, 'failed');

      // Removing it with its Follow Journal terminal open (issue 22, point 7): the terminal is
      // closed first, not left to fail with exit code 129.
      const t = await vscode.commands.executeCommand<vscode.Terminal>(
        'systemdContainerTools.unit.followJournal',
        all[0],
      );
      assert.ok(await t.processId, 'the journal terminal has no process');
      assert.equal(
        await vscode.commands.executeCommand('systemdContainerTools.container.remove', node, { confirmed: true }),
        true,
      );
      await waitFor(() => t.exitStatus, { message: 'the journal terminal still open' });
      assert.equal(t.exitStatus?.reason, vscode.TerminalExitReason.Extension, JSON.stringify(t.exitStatus));
      assert.ok(!vscode.window.terminals.includes(t));
      assert.ok(!api.bootWatches.watching(id), 'the watch ended with the removal');
      assert.notEqual(
        api.bootWatches.latest.get(id)?.kind,
        'exited',
        'a removal from the view is no "stopped after its boot"',
      );
      await assert.rejects(docker.getContainer(id).inspect(), /no such container/i);
    } finally {
      sub.dispose();
      await fetching;
      if (id)
        await docker
          .getContainer(id)
          .remove({ force: true, v: true })
          .catch(() => undefined);
    }
  },
  { timeoutMs: RUN_TIMEOUT },
);

test(
  'a degraded boot names the failed units; its container is removed from the view',
  async () => {
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.runWithSystemd',
      workspaceUri('degraded.Dockerfile'),
      options('degraded'),
    );
    assert.equal(r?.boot?.status, 'degraded', JSON.stringify(r?.boot ?? r)?.slice(0, 1000));
    assert.deepEqual(
      r.boot.failedUnits.map((u: { unit: string }) => u.unit),
      ['sct-fail.service'],
    );
    assert.match(r.boot.diagnosis.summary, /Degraded: 1 failed unit \(sct-fail\.service\)/);
    const node = await waitFor(async () => (await containers()).find((c) => c.id === r.boot.containerId), {
      message: 'the degraded container in the view',
    });
    assert.equal(node.systemState, 'degraded');
    const { groups, units: all } = await units(node);
    assert.equal(groups[0].type, 'service');
    assert.equal(all[0].unit.unit, 'sct-fail.service', 'failed units come first');
    assert.equal((api.engineTree.getTreeItem(all[0]).iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(
      await vscode.commands.executeCommand('systemdContainerTools.container.remove', node, { confirmed: true }),
      true,
    );
    await assert.rejects(docker.getContainer(r.boot.containerId).inspect(), /no such container/i);
  },
  { timeoutMs: RUN_TIMEOUT },
);

test(
  "a service's sandboxing is judged for its own container's profile: DynamicUser= fails unprivileged, not with " +
    '--cap-add SYS_ADMIN',
  async () => {
    const opts = options('sandbox');
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.runWithSystemd',
      workspaceUri('sandbox.Dockerfile'),
      opts,
    );
    assert.equal(r?.boot?.status, 'degraded', JSON.stringify(r?.boot ?? r)?.slice(0, 1000));
    const unprivileged: string = r.boot.containerId;
    // The same image and run profile with CAP_SYS_ADMIN added, started by hand as a user would.
    const info = await docker.getContainer(unprivileged).inspect();
    const withSysAdmin = await docker.createContainer({
      Image: opts.tag,
      Cmd: ['/lib/systemd/systemd'],
      Tty: true,
      Env: info.Config.Env,
      Labels: labels,
      StopSignal: 'SIGRTMIN+3',
      HostConfig: {
        Tmpfs: info.HostConfig.Tmpfs,
        Binds: info.HostConfig.Binds,
        CgroupnsMode: (info.HostConfig as { CgroupnsMode?: string }).CgroupnsMode,
        CapAdd: ['SYS_ADMIN'],
      } as Docker.HostConfig,
    });
    try {
      await withSysAdmin.start();
      const dynamicUnit = async (id: string): Promise<UnitNode | undefined> => {
        const node = (await containers()).find((c) => c.id === id);
        if (!node || node.state !== 'running') return undefined;
        const u = (await units(node)).units.find((n) => n.unit.unit === 'sct-dynamic.service');
        return u && u.group.sandbox && u.unit.active !== 'activating' ? u : undefined;
      };
      const flagged = await waitFor(() => dynamicUnit(unprivileged), {
        message: 'sct-dynamic.service unprivileged',
        timeoutMs: 30_000,
        intervalMs: 1000,
      });
      assert.equal(flagged.unit.active, 'failed');
      const item = api.engineTree.getTreeItem(flagged);
      assert.match(String(item.description), /^DynamicUser= fails here · /);
      // The tooltip's text as shown (appendText escapes Markdown and keeps spaces as &nbsp;).
      const tip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
      assert.match(tip, /DynamicUser=yes fails here: the service exits 226\/NAMESPACE/);
      assert.match(tip, /run with --cap-add SYS_ADMIN/);
      assert.match(tip, /Docker, unprivileged, cgroup v1/);

      const running = await waitFor(
        async () => {
          const u = await dynamicUnit(withSysAdmin.id);
          return u?.unit.active === 'active' ? u : undefined;
        },
        { message: 'sct-dynamic.service active with SYS_ADMIN', timeoutMs: 60_000, intervalMs: 1000 },
      );
      const okItem = api.engineTree.getTreeItem(running);
      assert.doesNotMatch(String(okItem.description), /fails here/);
      assert.equal(running.group.sandbox?.profile.profile, 'docker-sys-admin');
      assert.deepEqual(running.group.sandbox?.units['sct-dynamic.service'] ?? [], []);
    } finally {
      await withSysAdmin.remove({ force: true }).catch(() => undefined);
      await docker
        .getContainer(unprivileged)
        .remove({ force: true })
        .catch(() => undefined);
    }
  },
  { timeoutMs: RUN_TIMEOUT },
);

test(
  'a boot that cannot start is diagnosed (SCT102), leaves no container, and "Show in Dockerfile" selects the ' +
    "rule's line",
  async () => {
    const uri = workspaceUri('no-systemd.Dockerfile');
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.runWithSystemd',
      uri,
      options('no-systemd'),
    );
    assert.equal(r?.boot?.status, 'failed', JSON.stringify(r?.boot ?? r)?.slice(0, 1000));
    assert.equal(r.boot.reason, 'start-error');
    assert.equal(r.boot.kept, false);
    const finding = r.boot.diagnosis.findings[0];
    assert.equal(finding?.rule?.id, 'SCT102', JSON.stringify(r.boot.diagnosis));
    assert.match(finding.fix, /Install systemd/);
    // "Show Boot Log" (the container is gone: the diagnosis kept what it read).
    const log = await vscode.commands.executeCommand<string>('systemdContainerTools.showBootLog', r.boot);
    assert.match(log, /# Dockerfile rule: SCT102 init-without-systemd-pkg/);
    assert.match(log, /exec: "\/sbin\/init": stat \/sbin\/init: no such file or directory/);
    assert.match(await outputText(), /# Cause: The command \/sbin\/init does not exist/);
    await closeEditors();
    assert.deepEqual(
      (await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN_ID}`] } }))
        .filter((c) => c.Id !== containerId)
        .map((c) => c.Id),
      [],
      'a container was left behind',
    );
    const range = await vscode.commands.executeCommand<vscode.Range | undefined>(
      'systemdContainerTools.showRuleInDockerfile',
      uri,
      'SCT102',
    );
    assert.ok(range, 'SCT102 not found in the Dockerfile (is the language server running?)');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), uri.toString());
    assert.equal(editor.selection.start.line, 2, 'the CMD line');
    assert.ok(editor.selection.isEqual(new vscode.Selection(range.start, range.end)));
    await closeEditors();
  },
  { timeoutMs: RUN_TIMEOUT },
);

test("stop (graceful) and remove the container through the view's commands", async () => {
  // The closed shell terminal above left its bash running (docker exec does not end it); an
  // interactive bash ignores SIGTERM, which would hold systemd's shutdown until SIGKILL (137).
  const stop = await vscode.commands.executeCommand<any>('systemdContainerTools.container.stop', await containerNode());
  assert.equal(stop?.exitCode, 0, JSON.stringify(stop));
  assert.equal(stop.killed, false);
  assert.ok(stop.durationMs < 5000, `stop took ${stop.durationMs} ms`);
  const stopped = await waitFor(
    async () => (await containers()).find((c) => c.id === containerId && c.state === 'exited'),
    { message: 'the stopped container in the view' },
  );
  assert.equal(api.engineTree.getTreeItem(stopped).contextValue, 'sct.container.stopped.managed');
  assert.equal(
    await vscode.commands.executeCommand('systemdContainerTools.container.remove', stopped, { confirmed: true }),
    true,
  );
  await waitFor(async () => !(await containers()).some((c) => c.id === containerId), {
    message: 'the container gone from the view',
  });
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN_ID}`] } });
  assert.deepEqual(
    left.map((c) => c.Id),
    [],
  );
});

const RERUN = 'systemdContainerTools.container.rerunWithMissingFlags';
const CGROUP_RO = ['/sys/fs/cgroup:/sys/fs/cgroup:ro'];

/**
 * A systemd container started by hand like `docker run -d -t` with the flags people remember, minus --tmpfs /run: it
 * dies at boot.
 */
async function startWithoutTmpfsRun(name: string): Promise<Docker.Container> {
  const c = await docker.createContainer({
    name,
    Image: 'sct/debian-systemd:bookworm',
    Cmd: ['/lib/systemd/systemd'],
    Tty: true,
    Labels: { ...labels, purpose: 'hand-made' },
    Env: ['HANDMADE=1'],
    StopSignal: 'SIGRTMIN+3',
    HostConfig: { Tmpfs: { '/run/lock': '', '/tmp': '' }, Binds: CGROUP_RO },
  });
  await c.start();
  await waitFor(
    async () => {
      const s = (await c.inspect()).State;
      return !s.Running && s.Status === 'exited' ? s : undefined;
    },
    { timeoutMs: 15_000, message: `${name} exited` },
  );
  return c;
}

test(
  'a container started by hand without --tmpfs /run: listed as exited (255); Diagnose Boot names --tmpfs /run; ' +
    'the re-run with it boots to running',
  async () => {
    const name = `sct-handmade-${RUN_ID}`;
    const dead = await startWithoutTmpfsRun(name);
    let rerunId = '';
    try {
      assert.equal((await dead.inspect()).State.ExitCode, 255);
      const node = await waitFor(async () => (await containers()).find((c) => c.id === dead.id), {
        message: 'the dead container in the view',
      });
      assert.equal(node.state, 'exited');
      assert.equal(node.exitCode, 255);
      assert.equal(node.managed, false, 'not ours: listed because its command is an init');
      const item = api.engineTree.getTreeItem(node);
      assert.equal(
        item.contextValue,
        'sct.container.stopped',
        'Diagnose Boot and Re-run are offered for stopped containers',
      );
      assert.match(String(item.description), /exited \(255\)/);
      assert.equal(
        ((item.iconPath as vscode.ThemeIcon).color as unknown as { id?: string } | undefined)?.id,
        'testing.iconFailed',
      );

      const d = await vscode.commands.executeCommand<any>('systemdContainerTools.container.diagnoseBoot', node);
      assert.equal(d?.diagnosis?.findings?.[0]?.id, 'no-tmpfs-run', JSON.stringify(d)?.slice(0, 1500));
      assert.match(d.diagnosis.findings[0].cause, /could not mount a tmpfs on \/run/);
      assert.deepEqual(
        d.missing.map((m: { flag: string }) => m.flag),
        ['tmpfs-run'],
      );
      assert.equal(d.missing[0].decision.flag, '--tmpfs /run');
      assert.equal(d.image, 'sct/debian-systemd:bookworm');
      assert.deepEqual(d.state, { Status: 'exited', ExitCode: 255 });
      assert.match(d.diagnosis.log, /Failed to mount tmpfs at \/run: Operation not permitted/);

      const r = await vscode.commands.executeCommand<any>(RERUN, node, { naming: 'suffix' });
      rerunId = r?.boot?.containerId ?? '';
      assert.equal(r?.boot?.status, 'running', JSON.stringify(r?.boot ?? r)?.slice(0, 1500));
      assert.deepEqual(r.missing, ['tmpfs-run']);
      const info = await docker.getContainer(rerunId).inspect();
      assert.equal(info.Name, `/${name}-rerun`);
      assert.deepEqual(Object.keys(info.HostConfig.Tmpfs ?? {}).sort(), ['/run', '/run/lock', '/tmp']);
      assert.ok(info.Config.Env.includes('HANDMADE=1'), 'its own environment is kept');
      assert.equal(info.Config.Labels?.purpose, 'hand-made');
      assert.equal(info.Config.Labels?.[LABEL], RUN_ID);
      assert.equal(info.Config.Labels?.['sct.managed'], 'true');
      // Both in the view: the new one running (ours now), the dead one kept.
      const fresh = await waitFor(
        async () => (await containers()).find((c) => c.id === rerunId && c.state === 'running'),
        { message: 'the re-run container in the view' },
      );
      assert.equal(fresh.managed, true);
      assert.ok((await containers()).some((c) => c.id === dead.id && c.state === 'exited'));
    } finally {
      if (rerunId)
        assert.equal(
          await vscode.commands.executeCommand(
            'systemdContainerTools.container.remove',
            { id: rerunId, name: `${name}-rerun` },
            { confirmed: true },
          ),
          true,
        );
      await dead.remove({ force: true }).catch(() => undefined);
    }
  },
  { timeoutMs: RUN_TIMEOUT },
);

test(
  '"Re-run" in place: the dead container is removed and its name reused; a container without a missing flag ' +
    'gets no re-run',
  async () => {
    const name = `sct-inplace-${RUN_ID}`;
    const dead = await startWithoutTmpfsRun(name);
    let rerunId = '';
    try {
      const r = await vscode.commands.executeCommand<any>(RERUN, { id: dead.id, name }, { naming: 'replace' });
      rerunId = r?.boot?.containerId ?? '';
      assert.equal(r?.boot?.status, 'running', JSON.stringify(r?.boot ?? r)?.slice(0, 1500));
      assert.equal(r.replaced, dead.id);
      await assert.rejects(dead.inspect(), /no such container/i);
      assert.equal((await docker.getContainer(rerunId).inspect()).Name, `/${name}`);
      // The running re-run lacks nothing: nothing to re-run.
      const again = await vscode.commands.executeCommand<any>(RERUN, { id: rerunId, name }, { naming: 'suffix' });
      assert.equal(again?.nothingMissing, true, JSON.stringify(again)?.slice(0, 500));
    } finally {
      if (rerunId)
        await vscode.commands.executeCommand(
          'systemdContainerTools.container.remove',
          { id: rerunId, name },
          { confirmed: true },
        );
      await dead.remove({ force: true }).catch(() => undefined);
    }
  },
  { timeoutMs: RUN_TIMEOUT },
);

test(
  'Run with systemd leaving --tmpfs /run out (omit): the failure names it; "Re-run with the Missing Flags" ' +
    'runs the image with it and boots',
  async () => {
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.runWithSystemd',
      workspaceUri('Dockerfile'),
      { ...options('engine'), omit: ['tmpfs-run', 'no-such-flag'] },
    );
    assert.equal(r?.boot?.status, 'failed', JSON.stringify(r?.boot ?? r)?.slice(0, 1000));
    assert.equal(r.boot.kept, false);
    assert.deepEqual(r.runOptions.omit, ['tmpfs-run'], 'unknown flag ids are dropped');
    assert.equal(r.boot.diagnosis.findings[0]?.flag, 'tmpfs-run');
    assert.deepEqual(r.missingFlags, ['tmpfs-run']);
    assert.ok(r.profile.warnings.some((w: string) => w.startsWith('Left out on request: --tmpfs /run')));
    const again = await vscode.commands.executeCommand<any>(RERUN, r);
    try {
      assert.equal(again?.boot?.status, 'running', JSON.stringify(again?.boot ?? again)?.slice(0, 1500));
      assert.equal(again.runOptions.omit, undefined);
      assert.equal(again.image, `sct-test-vscode/engine:${RUN_ID}`);
      assert.ok('/run' in ((await docker.getContainer(again.boot.containerId).inspect()).HostConfig.Tmpfs ?? {}));
    } finally {
      if (again?.boot?.containerId)
        await vscode.commands.executeCommand(
          'systemdContainerTools.container.remove',
          { id: again.boot.containerId },
          { confirmed: true },
        );
    }
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${RUN_ID}`] } });
    assert.deepEqual(
      left.map((c) => c.Id),
      [],
    );
  },
  { timeoutMs: RUN_TIMEOUT },
);

test('a wrong engine.host shows the reason and a Retry in the view; restoring it reconnects', async () => {
  const config = vscode.workspace.getConfiguration('systemdContainerTools.engine');
  await config.update('host', 'unix:///run/sct-vscode-no-such.sock', vscode.ConfigurationTarget.Workspace);
  try {
    const bad = await waitFor(
      async () => {
        const r = await root();
        return r.kind === 'engine' && r.state.kind === 'error' ? r : undefined;
      },
      { message: 'the error root' },
    );
    const item = api.engineTree.getTreeItem(bad);
    assert.equal(item.label, 'Engine unreachable');
    assert.match(
      String(item.tooltip),
      /No engine socket at unix:\/\/\/run\/sct-vscode-no-such\.sock \(from the engine host setting\)/,
    );
    const children = await api.engineTree.getChildren(bad);
    assert.match(String(api.engineTree.getTreeItem(children[0]).label), /No engine socket/);
    const retry = api.engineTree.getTreeItem(children[1]);
    assert.equal(retry.label, 'Retry');
    assert.equal(retry.command?.command, 'systemdContainerTools.engine.reconnect');
    // Commands say the same instead of failing silently.
    const r = await vscode.commands.executeCommand<any>(
      'systemdContainerTools.buildImage',
      workspaceUri('Dockerfile'),
      options('engine'),
    );
    assert.match(r?.error ?? '', /No engine socket/);
  } finally {
    await config.update('host', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitFor(
    async () => {
      const r = await root();
      return r.kind === 'engine' && r.state.kind === 'connected';
    },
    { message: 'reconnected to the test dockerd' },
  );
  await waitFor(() => api.engineSession.followingEvents, { message: 'following events again' });
});

export { run };
