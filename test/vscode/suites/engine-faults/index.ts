// Engine faults in a real VS Code: the extension's engine.host points at a throwaway second
// dockerd (test/engine/throwawayDaemon.ts; the shared test dockerd is never stopped), which the
// suite stops (SIGTERM), kills (SIGKILL) and starts again. The view must show the error node
// with Retry while the daemon is away and recover by itself (the session's event stream
// reconnects) or through Retry when it is back; a build cut off by the daemon's death gives one
// clear message and its leftovers are removed once the daemon is back. The daemon's containers
// and images are the same at the end as after its set-up. Needs .ci/engine-setup.sh (dockerd
// installed, the shared daemon for the base image) and root.
import * as assert from 'assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../../client/src/extension';
import type { ContainerNode, EngineNode, TreeNode } from '../../../../client/src/views/containersTree';
import { ThrowawayDaemon, mountsUnder, type DaemonCounts } from '../../../engine/throwawayDaemon';
import { after, before, run, test, waitFor } from '../../harness';
import { EXTENSION_ID, workspaceUri, nextEvent } from '../../editorHelpers';

const SOCKET = process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock';
const IMAGE = 'sct/debian-systemd:bookworm';
const RUN_ID = `vscode-faults-${process.pid}-${Date.now().toString(36)}`;
const LABEL = 'sct.test';
const labels = { [LABEL]: RUN_ID };
const RECONNECT = 'systemdContainerTools.engine.reconnect';

const shared = new Docker({ socketPath: SOCKET });
let d: ThrowawayDaemon;
let baseline: DaemonCounts;
let api: ExtensionApi;
let sysId = '';
const timings: Array<[string, number]> = [];

async function root(): Promise<EngineNode> {
  const [node] = await api.engineTree.getChildren();
  assert.ok(node && node.kind === 'engine', 'the view has no engine root');
  return node;
}

async function containers(): Promise<ContainerNode[]> {
  return (await api.engineTree.getChildren(await root())).filter((n): n is ContainerNode => n.kind === 'container');
}

async function errorRoot(timeoutMs: number): Promise<{ node: EngineNode; children: TreeNode[] }> {
  const node = await waitFor(
    async () => {
      const r = await root();
      return r.state.kind === 'error' ? r : undefined;
    },
    { timeoutMs, message: "the view's error node" },
  );
  return { node, children: await api.engineTree.getChildren(node) };
}

async function connectedRoot(timeoutMs: number): Promise<EngineNode> {
  return waitFor(
    async () => {
      const r = await root();
      return r.state.kind === 'connected' ? r : undefined;
    },
    { timeoutMs, message: 'the view connected again' },
  );
}

/** Resolves on the view's next change event. */
const nextTreeChange = (): Promise<void> => nextEvent(api.engineTree.onDidChangeTreeData, 'a change of the view');

/** Container and image ids, without states (a restart stops what ran). */
const ids = (c: DaemonCounts): { containers: string[]; images: string[] } => ({
  containers: c.containers.map((x) => x.split(' ')[0]),
  images: c.images.map((x) => x.split(' ')[0]),
});

before(async () => {
  try {
    await shared.ping();
  } catch (e) {
    const message =
      `The engine-faults suite needs the test dockerd at unix://${SOCKET} (for the base image) and dockerd on ` +
      `PATH; run .ci/engine-setup.sh (as root) first. (${(e as Error).message})`;
    console.error(`  SETUP: ${message}`);
    throw new Error(message, { cause: e });
  }
  d = new ThrowawayDaemon('vscode-faults');
  timings.push(['throwaway dockerd start', await d.start()]);
  const t0 = Date.now();
  await d.loadImageFrom(shared, IMAGE);
  timings.push(['copy the base image into it', Date.now() - t0]);
  baseline = await d.counts();
  await vscode.workspace
    .getConfiguration('systemdContainerTools.engine')
    .update('host', d.host, vscode.ConfigurationTarget.Global);
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} not found`);
  api = await ext.activate();
});

after(async () => {
  if (api)
    await vscode.workspace
      .getConfiguration('systemdContainerTools.engine')
      .update('host', undefined, vscode.ConfigurationTarget.Global);
  if (!d) return;
  let end: DaemonCounts | undefined;
  try {
    if (!d.running) await d.start();
    end = await d.counts();
  } finally {
    const { root: dir, runDir } = d;
    const forced = await d.destroy();
    for (const [what, ms] of timings) console.log(`    # ${what}: ${ms} ms`);
    assert.deepEqual(forced, [], 'teardown had to force something');
    assert.deepEqual([...mountsUnder(dir), ...mountsUnder(runDir)], [], 'mounts left');
  }
  assert.deepEqual(end, baseline, "the throwaway daemon's containers and images differ from after its set-up");
});

test('the view shows the throwaway engine and a systemd container on it', async () => {
  const r = await connectedRoot(15_000);
  assert.equal(r.state.kind === 'connected' && r.state.endpoint.uri, d.host);
  const c = await d.docker.createContainer({
    name: `sys-${RUN_ID}`,
    Image: IMAGE,
    Cmd: ['/lib/systemd/systemd'],
    Tty: true,
    Labels: labels,
    StopSignal: 'SIGRTMIN+3',
    HostConfig: { Tmpfs: { '/run': '', '/run/lock': '', '/tmp': '' }, Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:ro'] },
  });
  sysId = c.id;
  await c.start();
  await waitFor(async () => (await containers()).find((n) => n.id === sysId && n.state === 'running'), {
    timeoutMs: 15_000,
    message: 'the container in the view',
  });
  await waitFor(() => api.engineSession.followingEvents, { message: "following the engine's events" });
});

test('dockerd stopped (SIGTERM): the view shows why with a Retry; a command says the same', async () => {
  const t0 = Date.now();
  await d.stop('SIGTERM');
  timings.push(['SIGTERM dockerd with a running systemd container', Date.now() - t0]);
  const { node, children } = await errorRoot(15_000);
  timings.push(['stop → the view shows the error', Date.now() - t0]);
  const item = api.engineTree.getTreeItem(node);
  assert.equal(item.label, 'Engine unreachable');
  const message = node.state.kind === 'error' ? node.state.message : '';
  assert.ok(message.includes(`${d.host} (from the engine host setting)`), message);
  assert.match(message, /No engine socket at|nothing is listening/);
  assert.equal(api.engineTree.getTreeItem(children[0]).label, message);
  const retry = api.engineTree.getTreeItem(children[1]);
  assert.equal(retry.label, 'Retry');
  assert.equal(retry.command?.command, RECONNECT);
  const r = await vscode.commands.executeCommand<any>(
    'systemdContainerTools.buildImage',
    workspaceUri('slow.Dockerfile'),
    { labels, tag: `sctf-vscode/slow:${RUN_ID}` },
  );
  assert.equal(r?.error, `Build failed: ${message}`);
});

test(
  'dockerd started again: the session reconnects by itself, the view lists the containers, events flow',
  async () => {
    const opened = api.engineSession.eventStreamsOpened;
    const t0 = Date.now();
    await d.start();
    await connectedRoot(45_000);
    timings.push(['start → the view reconnected by itself (event-stream backoff)', Date.now() - t0]);
    // The SIGTERM stopped the container (SIGRTMIN+3): listed as exited, because its command is an init.
    const stopped = await waitFor(async () => (await containers()).find((n) => n.id === sysId), {
      message: 'the stopped container in the view',
    });
    assert.equal(stopped.state, 'exited');
    await waitFor(() => api.engineSession.followingEvents && api.engineSession.eventStreamsOpened > opened, {
      message: 'the event stream reopened',
    });
    const changed = nextTreeChange();
    await d.docker.getContainer(sysId).start();
    await changed; // from the event stream
    await waitFor(async () => (await containers()).find((n) => n.id === sysId && n.state === 'running'), {
      message: 'the restarted container running in the view',
    });
  },
  { timeoutMs: 60_000 },
);

test(
  'dockerd killed (SIGKILL): the event stream drops, the view shows the error; Retry reconnects at once when ' +
    'it is back',
  async () => {
    const opened = api.engineSession.eventStreamsOpened;
    let t0 = Date.now();
    await d.stop('SIGKILL');
    await errorRoot(15_000);
    timings.push(['SIGKILL → the view shows the error', Date.now() - t0]);
    await d.start();
    t0 = Date.now();
    assert.equal(await vscode.commands.executeCommand(RECONNECT), true);
    await connectedRoot(5000);
    timings.push(['Retry → connected', Date.now() - t0]);
    await waitFor(() => api.engineSession.followingEvents && api.engineSession.eventStreamsOpened > opened, {
      message: 'following events again',
    });
    // The restarted daemon stopped what the killed one ran; events show the restart in the view.
    await waitFor(async () => (await containers()).find((n) => n.id === sysId && n.state === 'exited'), {
      message: 'the container stopped by the restart',
    });
    const changed = nextTreeChange();
    await d.docker.getContainer(sysId).start();
    await changed;
  },
  { timeoutMs: 60_000 },
);

test(
  "Build Image while dockerd is killed mid-build: one clear message; once the daemon is back the build's " +
    'leftovers are removed',
  async () => {
    const before = await d.counts();
    const tag = `sctf-vscode/slow:${RUN_ID}`;
    const p = vscode.commands.executeCommand<any>('systemdContainerTools.buildImage', workspaceUri('slow.Dockerfile'), {
      labels,
      tag,
    });
    await waitFor(async () => (await d.docker.listContainers()).find((c) => c.Command.includes('sleep 60')), {
      timeoutMs: 30_000,
      message: 'the RUN step running',
    });
    const t0 = Date.now();
    await d.stop('SIGKILL');
    const r = await p;
    timings.push(['SIGKILL → Build Image returns', Date.now() - t0]);
    assert.match(
      r?.error ?? JSON.stringify(r),
      /^Build failed: The engine at unix:\/\/\/run\/sctf-\S+ \(from the engine host setting\) went away during step 3\/4 \(RUN trap "exit 0" TERM; sleep 60 & wait\): it stopped, crashed or restarted, and the build did not finish\. It left 1 step container and 1 layer of this build behind, to be removed once it is back\.$/,
    );
    await errorRoot(15_000);
    await d.start();
    const t1 = Date.now();
    await connectedRoot(45_000);
    // The Builder removes the step container and the layer when the session is connected again.
    await waitFor(
      async () => {
        const now = ids(await d.counts());
        return JSON.stringify(now) === JSON.stringify(ids(before)) ? now : undefined;
      },
      { timeoutMs: 15_000, message: "the interrupted build's container and layer removed" },
    );
    timings.push(["start → reconnected and the build's leftovers removed", Date.now() - t1]);
  },
  { timeoutMs: 90_000 },
);

test('clean-up through the view: the systemd container is removed; the daemon is as after its set-up', async () => {
  const node = await waitFor(async () => (await containers()).find((n) => n.id === sysId), {
    message: 'the container in the view',
  });
  assert.equal(
    await vscode.commands.executeCommand('systemdContainerTools.container.remove', node, { confirmed: true }),
    true,
  );
  assert.deepEqual(await d.counts(), baseline);
});

export { run };
