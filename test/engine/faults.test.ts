/**
 * Engine faults on a real dockerd: a throwaway second daemon (throwawayDaemon.ts; the shared
 * test dockerd is never stopped) is stopped before a build, killed during one, restarted; a
 * container is killed during its boot, exec'd into while stopped, its name reused, its image
 * removed while it runs. Each fault must give one clear message naming the endpoint, nothing may
 * hang (every step is timed), and the daemon's containers and images must be the same at the end
 * as after its set-up. The event stream and the views across a daemon restart are covered by the
 * VS Code suite engine-faults (EngineSession needs VS Code).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bootContainer } from '../../shared/engine/boot';
import { BuildInterruptedError, buildImage, removeBuildLeftovers } from '../../shared/engine/build';
import { connect } from '../../shared/engine/connection';
import { EngineError, toEngineError } from '../../shared/engine/errors';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { inspectImage, type ImageFacts } from '../../shared/engine/image';
import { buildRunProfile } from '../../shared/engine/runProfile';
import {
  listManagedContainers,
  listUnits,
  removeContainer,
  stopContainer,
  unitAction,
} from '../../shared/engine/units';
import { containerTarget, stoppedDuringExec } from '../../shared/engine/exec';
import { RUN_ID, engineSuite, testLabels } from './helpers';
import { ThrowawayDaemon, mountsUnder, type DaemonCounts } from './throwawayDaemon';

const shared = engineSuite();
const IMAGE = 'sct/debian-systemd:bookworm';

/** Times each fault for the report (printed at the end). */
const timings: Array<[string, number]> = [];
async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([what, Date.now() - t0]);
  }
}

describe('engine faults on a throwaway dockerd', { timeout: 180_000 }, () => {
  let d: ThrowawayDaemon;
  let baseline: DaemonCounts;
  let facts: EngineFacts;
  let image: ImageFacts;
  let ctx = '';

  before(async () => {
    d = new ThrowawayDaemon('faults');
    timings.push(['throwaway dockerd start', await d.start()]);
    await timed('copy sct/debian-systemd into it (save | load)', () => d.loadImageFrom(shared.get().docker, IMAGE));
    baseline = await d.counts();
    facts = await fetchFacts(d.docker, { endpoint: d.endpoint });
    image = await inspectImage(d.docker, IMAGE, { probeSystemd: true, endpoint: d.endpoint });
    ctx = path.join(d.root, 'ctx');
    fs.mkdirSync(ctx);
  });

  after(async () => {
    if (!d) return;
    const root = d.root;
    const runDir = d.runDir;
    const forced = await d.destroy();
    for (const [what, ms] of timings) console.log(`  # ${what}: ${ms} ms`);
    assert.deepEqual([...mountsUnder(root), ...mountsUnder(runDir)], [], 'mounts of the throwaway dockerd left');
    assert.equal(fs.existsSync(root) || fs.existsSync(runDir), false, 'its directories are gone');
    assert.deepEqual(forced, [], 'teardown had to force something');
  });

  // One failed test must not leave the next without a daemon.
  beforeEach(async () => {
    if (d && !d.running) await d.start();
  });

  const profile = (name: string) => buildRunProfile(facts, image, { name: `${name}-${RUN_ID}`, labels: testLabels });

  it('starts with its own data root, socket and containerd namespace, and the base image only', () => {
    assert.match(d.host, /^unix:\/\/\/run\/sctf-/);
    assert.notEqual(d.socket, '/run/sct-docker.sock');
    assert.deepEqual(baseline.containers, []);
    assert.deepEqual(
      baseline.images.map((i) => i.replace(/^\S+ /, '')),
      [IMAGE],
    );
    assert.equal(facts.engine, 'docker');
  });

  it('dockerd stopped (SIGTERM) before a build: one clear error naming the endpoint, at once', async () => {
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${IMAGE}\nLABEL stage=stopped\n`);
    await timed('SIGTERM dockerd (no containers)', () => d.stop('SIGTERM'));
    const t0 = Date.now();
    const err = await buildImage(d.docker, {
      contextDir: ctx,
      tag: `sctf/stopped:${RUN_ID}`,
      labels: testLabels,
      endpoint: d.endpoint,
    }).then(
      () => assert.fail('the build succeeded without an engine'),
      (e: unknown) => e,
    );
    const ms = Date.now() - t0;
    timings.push([`build against the stopped dockerd fails (${(err as EngineError).kind})`, ms]);
    assert.ok(err instanceof EngineError, String(err));
    // A stopped dockerd removes its socket (a killed one leaves it: 'refused', below).
    assert.equal(err.kind, 'socket-missing', err.message);
    assert.ok(
      err.message.startsWith(`No engine socket at ${d.host} (from the engine host setting): the file does not exist.`),
      err.message,
    );
    assert.ok(ms < 2000, `${ms} ms`);
    // connect() (what the session does) says the same.
    await assert.rejects(
      connect(d.endpoint, { timeoutMs: 3000 }),
      (e: unknown) => e instanceof EngineError && e.message === err.message,
    );
    await timed('dockerd start after SIGTERM', () => d.start());
    assert.deepEqual(await d.counts(), baseline);
  });

  it(
    'dockerd killed (SIGKILL) during a build: the build fails clearly (no hang); after the restart its leftovers ' +
      'are removed',
    async () => {
      // The step traps SIGTERM so the restarted daemon can stop its container at once.
      fs.writeFileSync(
        path.join(ctx, 'Dockerfile'),
        `FROM ${IMAGE}\nRUN echo one > /one\nRUN trap "exit 0" TERM; sleep 60 & wait\n`,
      );
      let killedAt = 0;
      let lastStep = '';
      let killed: Promise<void> | undefined;
      const err = await buildImage(d.docker, {
        contextDir: ctx,
        tag: `sctf/killed:${RUN_ID}`,
        labels: testLabels,
        endpoint: d.endpoint,
        onProgress: (e) => {
          if (e.kind === 'step') lastStep = e.step.text;
          if (e.kind === 'output' && /Running in/.test(e.text) && /sleep 60/.test(lastStep) && !killedAt) {
            setTimeout(() => {
              killedAt = Date.now();
              killed = d.stop('SIGKILL');
            }, 300);
          }
        },
      }).then(
        () => assert.fail('the build succeeded although dockerd was killed'),
        (e: unknown) => e,
      );
      const ms = Date.now() - killedAt;
      timings.push(['build fails after SIGKILL of dockerd', ms]);
      assert.ok(killedAt, 'dockerd was killed during the RUN step');
      assert.ok(ms < 3000, `the build took ${ms} ms to fail after the kill`);
      assert.ok(err instanceof BuildInterruptedError, String(err));
      assert.equal(err.kind, 'unreachable');
      // Step 3 of 4: the builder adds the LABEL of --label as the last step.
      assert.ok(
        err.message.startsWith(
          `The engine at ${d.host} (from the engine host setting) went away during step 3/4 (RUN trap`,
        ),
        err.message,
      );
      assert.match(
        err.message,
        /It left 1 step container and 1 layer of this build behind, to be removed once it is back\./,
      );
      assert.equal(err.step?.index, 3);
      assert.equal(err.step?.line, 3, 'the RUN line of the Dockerfile');
      assert.equal(err.leftovers.containers.length, 1);
      assert.equal(err.leftovers.images.length, 1);
      await killed;
      assert.equal(d.running, false);

      await timed('dockerd start after SIGKILL (stops the orphaned step container)', () => d.start());
      const afterRestart = await d.counts();
      // dockerd itself keeps the step container and the layer of step 2.
      assert.ok(
        afterRestart.containers.some((c) => c.startsWith(err.leftovers.containers[0].slice(0, 12))),
        JSON.stringify(afterRestart),
      );
      assert.ok(
        afterRestart.images.some((i) => i.startsWith(err.leftovers.images[0].slice(0, 12))),
        JSON.stringify(afterRestart),
      );
      const r = await removeBuildLeftovers(d.docker, err.leftovers, { endpoint: d.endpoint });
      assert.deepEqual(r.kept, []);
      assert.equal(r.removed.length, 2);
      assert.deepEqual(await d.counts(), baseline);
    },
  );

  it(
    'a container killed during boot: bootContainer reports "failed" with a diagnosis (killed, exit 137) and ' +
      'removes it',
    async () => {
      let id = '';
      const r = await timed('boot with the container killed', () =>
        bootContainer(d.docker, profile('killed'), {
          endpoint: d.endpoint,
          settleMs: 1000,
          onProgress: (e) => {
            if (e.phase === 'waiting' && e.containerId && !id) {
              id = e.containerId;
              void d.docker
                .getContainer(id)
                .kill()
                .catch(() => undefined);
            }
          },
        }),
      );
      assert.equal(r.status, 'failed', JSON.stringify(r).slice(0, 600));
      if (r.status !== 'failed') return;
      assert.equal(r.reason, 'exited');
      assert.equal(r.kept, false);
      assert.match(r.message, /^The container exited with code 137 during boot\. PID 1 was killed with SIGKILL/);
      assert.equal(r.diagnosis.findings[0]?.id, 'killed');
      await assert.rejects(d.docker.getContainer(r.containerId).inspect(), /no such container/i);
      assert.deepEqual(await d.counts(), baseline);
    },
  );

  it('killed at any moment of the wait (0–550 ms in): "exited" every time, never an engine error', async () => {
    // The wait's execs race the exit: one may be refused (409) or lose its exec instance (404,
    // the engine drops a container's execs when it exits). Either means "stopped", not an error.
    const outcomes: string[] = [];
    for (let delayMs = 0; delayMs <= 550; delayMs += 50) {
      const r = await bootContainer(d.docker, profile(`killed-${delayMs}`), {
        endpoint: d.endpoint,
        settleMs: 1000,
        onProgress: (e) => {
          if (e.phase !== 'waiting' || !e.containerId || e.systemState) return;
          const victim = d.docker.getContainer(e.containerId);
          setTimeout(() => void victim.kill().catch(() => undefined), delayMs);
        },
      });
      outcomes.push(`${delayMs} ms: ${r.status}${r.status === 'failed' ? ` (${r.reason})` : ''}`);
      if (r.status !== 'failed') await removeContainer(d.docker, r.containerId, { force: true });
    }
    assert.deepEqual(
      outcomes.filter((o) => !o.endsWith('failed (exited)')),
      [],
      outcomes.join('; '),
    );
    assert.deepEqual(await d.counts(), baseline);
  });

  let stoppedId = '';
  it('exec failing: a unit action on a stopped container is one clear error', async () => {
    const r = await bootContainer(d.docker, profile('stopped'), { endpoint: d.endpoint, settleMs: 500 });
    assert.equal(r.status, 'running', JSON.stringify(r).slice(0, 600));
    stoppedId = r.containerId;
    const stop = await stopContainer(d.docker, stoppedId, { endpoint: d.endpoint });
    assert.equal(stop.exitCode, 0);
    const err = await timed('unit action on a stopped container fails', () =>
      unitAction(containerTarget(d.docker, stoppedId, d.endpoint), 'start', 'systemd-journald.service').then(
        () => assert.fail('exec worked on a stopped container'),
        (e: unknown) => e,
      ),
    );
    assert.ok(err instanceof EngineError, String(err));
    assert.equal(err.kind, 'conflict');
    assert.ok(stoppedDuringExec(err), 'the boot wait takes this for "stopped meanwhile"');
    assert.match(
      err.message,
      new RegExp(
        `^Container ${stoppedId} is not running \\(on unix:///run/sctf-[^ ]+ \\(from the engine host ` +
          'setting\\)\\): it has to be running for this\\.',
      ),
    );
    await assert.rejects(
      listUnits(containerTarget(d.docker, stoppedId, d.endpoint)),
      (e: unknown) => e instanceof EngineError && e.message === err.message,
    );
  });

  it('an exec whose container exits between its creation and its start: 404 "No such exec instance", taken for "stopped"', async () => {
    const c = await d.docker.createContainer({ Image: IMAGE, Cmd: ['sleep', '60'], Labels: testLabels });
    try {
      await c.start();
      const exec = await c.exec({ Cmd: ['true'], AttachStdout: true, AttachStderr: true });
      await c.kill();
      await c.wait();
      const err = await exec.start({ hijack: true, stdin: false }).then(
        () => assert.fail('the exec started in an exited container'),
        (e: unknown) => toEngineError(e, d.endpoint),
      );
      assert.equal(err.kind, 'conflict');
      assert.match(err.message, /^The container stopped while a command was starting in it \(on unix:\/\/\/run\/sctf-/);
      assert.ok(stoppedDuringExec(err), 'the boot wait takes this for "stopped meanwhile", not an engine error');
      // Other missing things are not a stopped container.
      const noImage = await d.docker
        .getImage('sct/no-such-image:none')
        .inspect()
        .then(
          () => assert.fail('a missing image was found'),
          (e: unknown) => toEngineError(e, d.endpoint),
        );
      assert.equal(noImage.kind, 'not-found');
      assert.equal(stoppedDuringExec(noImage), false);
    } finally {
      await c.remove({ force: true });
    }
  });

  it('name conflict: a run profile whose name is taken → one clear message, nothing created', async () => {
    const before = await d.counts();
    const err = await bootContainer(d.docker, profile('stopped'), { endpoint: d.endpoint }).then(
      () => assert.fail('created a second container with the same name'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof EngineError, String(err));
    assert.equal(err.kind, 'conflict');
    assert.match(
      err.message,
      new RegExp(
        '^Conflict on unix:///run/sctf-\\S+ \\(from the engine host setting\\): Conflict\\. The container name ' +
          `"/stopped-${RUN_ID}" is already in use by container "${stoppedId}"`,
      ),
    );
    assert.deepEqual(await d.counts(), before);
    await removeContainer(d.docker, stoppedId, { force: true, endpoint: d.endpoint });
    assert.deepEqual(await d.counts(), baseline);
  });

  it(
    'the image removed while its container runs (rmi -f): units, listing and stop still work; the image by tag ' +
      'is a clear "not found"',
    async () => {
      fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${IMAGE}\nLABEL sct.faults=victim\n`);
      const tag = `sctf/victim:${RUN_ID}`;
      const built = await buildImage(d.docker, { contextDir: ctx, tag, endpoint: d.endpoint });
      assert.ok(built.ok, built.ok ? '' : built.error);
      const victim = await inspectImage(d.docker, tag, { probeSystemd: true, endpoint: d.endpoint });
      const r = await bootContainer(
        d.docker,
        buildRunProfile(facts, victim, { name: `victim-${RUN_ID}`, labels: testLabels }),
        { endpoint: d.endpoint, settleMs: 500 },
      );
      assert.equal(r.status, 'running', JSON.stringify(r).slice(0, 600));
      const removed = await d.docker.getImage(tag).remove({ force: true });
      assert.ok(JSON.stringify(removed).includes('Untagged'), JSON.stringify(removed));
      const units = await listUnits(containerTarget(d.docker, r.containerId, d.endpoint));
      assert.equal(units.find((u) => u.unit === 'systemd-journald.service')?.active, 'active');
      const listed = (await listManagedContainers(d.docker, { endpoint: d.endpoint })).find(
        (c) => c.id === r.containerId,
      );
      assert.ok(listed, 'still listed');
      assert.match(listed.image, /^sha256:[0-9a-f]{64}$/, 'the engine lists the image by id once its tag is gone');
      await assert.rejects(
        inspectImage(d.docker, tag, { endpoint: d.endpoint }),
        (e: unknown) =>
          e instanceof EngineError &&
          e.kind === 'not-found' &&
          e.message.includes(`No such image: ${tag}`) &&
          e.message.includes(d.host),
      );
      const info = await d.docker.getContainer(r.containerId).inspect();
      assert.equal(
        (await inspectImage(d.docker, info.Image, { endpoint: d.endpoint })).id,
        info.Image,
        'still there by id (what a re-run uses)',
      );
      const stop = await timed('stop a container whose image was removed', () =>
        stopContainer(d.docker, r.containerId, { endpoint: d.endpoint }),
      );
      assert.equal(stop.exitCode, 0);
      await removeContainer(d.docker, r.containerId, { endpoint: d.endpoint });
      // The untagged image stays until nothing uses it; the test removes it.
      await d.docker.getImage(info.Image).remove();
      assert.deepEqual(await d.counts(), baseline);
    },
  );

  it(
    'dockerd restarted under a running container: requests fail clearly while it is down, the container is ' +
      'stopped by the restart',
    async () => {
      const r = await bootContainer(d.docker, profile('restart'), { endpoint: d.endpoint, settleMs: 500 });
      assert.equal(r.status, 'running', JSON.stringify(r).slice(0, 600));
      await d.stop('SIGKILL');
      const err = await listUnits(containerTarget(d.docker, r.containerId, d.endpoint)).then(
        () => assert.fail('listed units without dockerd'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof EngineError && err.kind === 'refused', String(err));
      assert.ok(
        err.message.startsWith(
          `The engine socket at ${d.host} (from the engine host setting) exists but nothing is listening (a ` +
            'stale socket: the engine is stopped or crashed).',
        ),
        err.message,
      );
      await timed('dockerd start after SIGKILL with a running systemd container', () => d.start());
      const state = (await d.docker.getContainer(r.containerId).inspect()).State;
      // Without live-restore the restarted daemon stops what the killed one ran.
      assert.equal(state.Running, false);
      await removeContainer(d.docker, r.containerId, { endpoint: d.endpoint });
    },
  );

  it('before/after: the daemon has the same containers and images as after its set-up', async () => {
    assert.deepEqual(await d.counts(), baseline);
  });
});
