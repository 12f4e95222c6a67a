/**
 * Build → run profile → boot → units → stop, on the real test dockerd, with the fixture in
 * test/fixtures/engine/systemd (systemd without CMD/STOPSIGNAL/ENV: the profile supplies them).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootContainer, type BootResult } from '../../shared/engine/boot';
import { snapshot, watchSystem, type WatchChange } from '../../shared/engine/bootWatch';
import { listRefusedUnits } from '../../shared/engine/bootWait';
import { EngineError } from '../../shared/engine/errors';
import { containerTarget, execIn } from '../../shared/engine/exec';
import { type EngineFacts } from '../../shared/engine/facts';
import { inspectImage, type ImageFacts } from '../../shared/engine/image';
import { buildRunProfile } from '../../shared/engine/runProfile';
import {
  analyzeBlame,
  analyzeCriticalChain,
  listManagedContainers,
  listUnitFiles,
  listUnits,
  removeContainer,
  stopContainer,
  unitAction,
  unitProperty,
} from '../../shared/engine/units';
import {
  buildFixture,
  engineSuite,
  FIXTURES,
  profileInputs,
  removeCreated,
  removeImage,
  RUN_ID,
  TEST_LABEL,
  testLabels,
} from './helpers';

const engine = engineSuite();

describe('systemd fixture: build, boot, units, stop', () => {
  let facts: EngineFacts;
  let image: ImageFacts;
  let tag = '';
  let failingTag = '';
  let refusedTag = '';
  let loopTag = '';
  let lateTag = '';
  let noShTag = '';
  let slowTag = '';
  const created: string[] = [];

  before(async () => {
    const { docker } = engine.get();
    tag = (await buildFixture(docker, 'systemd', 'base')).tag;
    ({ facts, image } = await profileInputs(docker, tag));
  });

  after(async () => {
    const { docker } = engine.get();
    await removeCreated(docker, created);
    if (tag) await removeImage(docker, tag);
    if (failingTag) await removeImage(docker, failingTag);
    if (refusedTag) await removeImage(docker, refusedTag);
    if (loopTag) await removeImage(docker, loopTag);
    if (lateTag) await removeImage(docker, lateTag);
    if (noShTag) await removeImage(docker, noShTag);
    if (slowTag) await removeImage(docker, slowTag);
  });

  const profileFor = (img: ImageFacts, name: string) =>
    buildRunProfile(facts, img, {
      name: `${name}-${RUN_ID}`,
      labels: testLabels,
      source: { dockerfile: path.join(FIXTURES, 'systemd/Dockerfile') },
    });

  it('the engine is Docker on cgroup v1 here, and the image probe finds systemd', () => {
    assert.equal(facts.engine, 'docker');
    assert.equal(
      facts.cgroupVersion,
      1,
      'docs/run-profile.md records cgroup v1 results; a v2 engine needs its own verification',
    );
    assert.equal(image.systemd?.systemdPath, '/lib/systemd/systemd');
    assert.deepEqual(image.systemd?.initPaths, ['/sbin/init', '/usr/sbin/init']);
    assert.deepEqual(image.cmd, ['bash']);
    assert.equal(image.stopSignal, undefined);
  });

  let bootId = '';
  it('boots to running with the run profile (no privileges)', async () => {
    const { docker } = engine.get();
    const profile = profileFor(image, 'boot');
    assert.equal(profile.create.HostConfig?.Privileged, undefined);
    assert.deepEqual(profile.create.Cmd, ['/lib/systemd/systemd']);
    const phases: string[] = [];
    const r = await bootContainer(docker, profile, { onProgress: (e) => phases.push(e.phase) });
    if (r.status !== 'failed') created.push(r.containerId);
    assert.equal(r.status, 'running', JSON.stringify(r, null, 1));
    bootId = r.containerId;
    assert.ok(r.seconds < 30, `boot took ${r.seconds} s`);
    // Reported at systemd's first answer: no settling when no job or unit is still busy.
    assert.deepEqual([...new Set(phases)], ['creating', 'starting', 'waiting']);
    // Read by the wait's own exec in the booted container (bootScript.ts): the image probe's figure.
    assert.equal(r.systemdVersion, 252);
  });

  it('lists units: systemd-journald.service is active (JSON output of systemd 252)', async () => {
    const { docker } = engine.get();
    const units = await listUnits(containerTarget(docker, bootId), { all: true });
    const journald = units.find((u) => u.unit === 'systemd-journald.service');
    assert.ok(journald, 'journald listed');
    assert.equal(journald.active, 'active');
    assert.equal(journald.sub, 'running');
    assert.ok(units.length > 30, `${units.length} units`);
    const files = await listUnitFiles(containerTarget(docker, bootId));
    assert.equal(files.find((f) => f.unit === 'sct-hello.service')?.state, 'disabled');
  });

  it('unit actions change state: start, stop, enable, status; bad names are refused', async () => {
    const { docker } = engine.get();
    assert.equal(await unitProperty(containerTarget(docker, bootId), 'sct-hello.service', 'ActiveState'), 'inactive');
    const start = await unitAction(containerTarget(docker, bootId), 'start', 'sct-hello.service');
    assert.ok(start.ok, start.stderr);
    assert.equal(await unitProperty(containerTarget(docker, bootId), 'sct-hello.service', 'ActiveState'), 'active');
    const status = await unitAction(containerTarget(docker, bootId), 'status', 'sct-hello.service');
    assert.ok(status.ok);
    assert.match(status.stdout, /Active: active \(running\)/);
    const stop = await unitAction(containerTarget(docker, bootId), 'stop', 'sct-hello.service');
    assert.ok(stop.ok, stop.stderr);
    assert.equal(await unitProperty(containerTarget(docker, bootId), 'sct-hello.service', 'ActiveState'), 'inactive');
    const inactive = await unitAction(containerTarget(docker, bootId), 'status', 'sct-hello.service');
    assert.equal(inactive.exitCode, 3);
    assert.ok(inactive.ok, 'status of an inactive unit is an answer (exit 3), not a failure');
    const enable = await unitAction(containerTarget(docker, bootId), 'enable', 'sct-hello.service');
    assert.ok(enable.ok, enable.stderr);
    assert.equal(await unitProperty(containerTarget(docker, bootId), 'sct-hello.service', 'UnitFileState'), 'enabled');
    const missing = await unitAction(containerTarget(docker, bootId), 'start', 'no-such.service');
    assert.equal(missing.ok, false);
    assert.match(missing.stderr, /not found/);
    await assert.rejects(
      unitAction(containerTarget(docker, bootId), 'start', '--help.service'),
      /Not a systemd unit name/,
    );
    await assert.rejects(
      unitAction(containerTarget(docker, bootId), 'start', 'x.service; reboot'),
      /Not a systemd unit name/,
    );
  });

  it('.dockerignore was honoured by the build context', async () => {
    const { docker } = engine.get();
    const keep = await execIn(docker, bootId, ['test', '-e', '/opt/ctx-check/keep.txt']);
    const ignored = await execIn(docker, bootId, ['test', '-e', '/opt/ctx-check/ignored.txt']);
    assert.equal(keep.exitCode, 0);
    assert.equal(ignored.exitCode, 1);
  });

  it('exec separates stdout and stderr and returns the exit code', async () => {
    const { docker } = engine.get();
    const r = await execIn(docker, bootId, ['sh', '-c', 'echo out; echo err >&2; exit 7']);
    assert.deepEqual(r, { exitCode: 7, stdout: 'out\n', stderr: 'err\n' });
  });

  it('systemd-analyze blame and critical-chain', async () => {
    const { docker } = engine.get();
    const blame = await analyzeBlame(containerTarget(docker, bootId));
    assert.ok(
      blame.entries.some((e) => e.unit === 'systemd-journald.service'),
      blame.text,
    );
    const chain = await analyzeCriticalChain(containerTarget(docker, bootId));
    assert.match(chain, /multi-user\.target @/);
  });

  it('finds the container again by its labels', async () => {
    const { docker } = engine.get();
    const managed = await listManagedContainers(docker, { extraLabels: [`${TEST_LABEL}=${RUN_ID}`] });
    const mine = managed.find((m) => m.id === bootId);
    assert.ok(mine);
    assert.equal(mine.dockerfile, path.join(FIXTURES, 'systemd/Dockerfile'));
    assert.equal(JSON.parse(mine.labels['sct.profile']).v, 1);
  });

  it('stops with SIGRTMIN+3: exit 0 within 5 s', async () => {
    const { docker } = engine.get();
    const r = await stopContainer(docker, bootId, { timeoutSec: 10 });
    assert.equal(r.exitCode, 0);
    assert.equal(r.killed, false);
    assert.ok(r.durationMs < 5000, `stop took ${r.durationMs} ms`);
    await removeContainer(docker, bootId);
  });

  it('a unit that fails at boot: degraded, the unit named, journald still active', async () => {
    const { docker } = engine.get();
    failingTag = (await buildFixture(docker, 'systemd', 'with-failing-unit')).tag;
    const img = await inspectImage(docker, failingTag, { probeSystemd: true, probeLabels: testLabels });
    const r: BootResult = await bootContainer(docker, profileFor(img, 'degraded'), { settleMs: 1000 });
    if (r.status !== 'failed') created.push(r.containerId);
    assert.equal(r.status, 'degraded', JSON.stringify(r, null, 1));
    assert.deepEqual(
      r.failedUnits.map((u) => u.unit),
      ['sct-fail.service'],
    );
    assert.match(r.diagnosis.summary, /1 failed unit \(sct-fail\.service\)/);
    const units = await listUnits(containerTarget(docker, r.containerId), { all: true });
    assert.equal(units.find((u) => u.unit === 'sct-fail.service')?.active, 'failed');
    assert.equal(units.find((u) => u.unit === 'systemd-journald.service')?.active, 'active');
    const stop = await stopContainer(docker, r.containerId);
    assert.equal(stop.exitCode, 0);
    await removeContainer(docker, r.containerId);
  });

  it('a unit systemd refuses to load: systemd says running, the report degraded with the unit and why', async () => {
    const { docker } = engine.get();
    refusedTag = (await buildFixture(docker, 'systemd', 'with-refused-unit')).tag;
    const img = await inspectImage(docker, refusedTag, { probeSystemd: true, probeLabels: testLabels });
    const target = (id: string) => containerTarget(docker, id);
    const r: BootResult = await bootContainer(docker, profileFor(img, 'refused'), { settleMs: 500 });
    if (r.status !== 'failed') created.push(r.containerId);
    assert.equal(r.status, 'degraded', JSON.stringify(r, null, 1));
    const state = await execIn(docker, r.containerId, ['systemctl', 'is-system-running'], { timeoutMs: 10_000 });
    assert.equal(state.stdout.trim(), 'running', "systemd's own answer");
    assert.deepEqual(
      r.failedUnits.map((u) => [u.unit, u.load]),
      [['sct-refused.service', 'bad-setting']],
    );
    assert.match(r.diagnosis.summary, /systemd refused to load 1 unit \(sct-refused\.service: bad-setting\)/);
    // Why: systemd says it on the console when it loads the unit, before journald runs.
    const why = 'sct-refused.service: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.';
    assert.ok(r.diagnosis.summary.includes(why), r.diagnosis.summary);
    assert.deepEqual(
      r.unitLogs['sct-refused.service']?.slice(0, 2),
      ["/etc/systemd/system/sct-refused.service:9: Unknown key 'NoSuchKey' in section [Service], ignoring.", why],
      JSON.stringify(r.unitLogs),
    );
    assert.deepEqual(await listRefusedUnits(target(r.containerId)), ['sct-refused.service']);
    await removeContainer(docker, r.containerId, { force: true });
  });

  it('a unit in a restart loop: systemd says running first, the settle re-check says degraded', async () => {
    const { docker } = engine.get();
    loopTag = (await buildFixture(docker, 'systemd', 'with-restart-loop')).tag;
    const img = await inspectImage(docker, loopTag, { probeSystemd: true, probeLabels: testLabels });
    const states: string[] = [];
    const r = await bootContainer(docker, profileFor(img, 'loop'), {
      settleMs: 1000,
      onProgress: (e) => e.systemState && states.push(e.systemState),
    });
    if (r.status !== 'failed') created.push(r.containerId);
    assert.equal(r.status, 'degraded', JSON.stringify(r, null, 1));
    assert.ok(states.includes('running'), `states seen: ${states.join(' → ')}`);
    assert.deepEqual(
      r.failedUnits.map((u) => u.unit),
      ['sct-flaky.service'],
    );
    await removeContainer(docker, r.containerId, { force: true });
  });

  it(
    'a unit that fails 20 s after the boot: reported running at once, the watch after it reports the failure, ' +
      'then the exit',
    async () => {
      const { docker } = engine.get();
      lateTag = (await buildFixture(docker, 'systemd', 'with-late-failure')).tag;
      const img = await inspectImage(docker, lateTag, { probeSystemd: true, probeLabels: testLabels });
      const r = await bootContainer(docker, profileFor(img, 'late'));
      if (r.status !== 'failed') created.push(r.containerId);
      assert.equal(r.status, 'running', JSON.stringify(r, null, 1));
      const answeredAt = Date.now();
      const target = containerTarget(docker, r.containerId);
      const initial = await snapshot(target);
      assert.equal(initial.state, 'running');
      const ac = new AbortController();
      const changes: Array<WatchChange & { at: number }> = [];
      const container = docker.getContainer(r.containerId);
      const watching = watchSystem(target, {
        signal: ac.signal,
        initial,
        alive: async () => {
          const s = (await container.inspect()).State;
          return { running: s.Running === true, exitCode: s.ExitCode };
        },
        onChange: (c) => {
          changes.push({ ...c, at: Date.now() });
          // The failure seen: stop the container; the watch must see that too and end.
          if (c.kind === 'changed' && c.newlyFailed.length) void container.stop({ t: 10 });
        },
      });
      const outcome = await Promise.race([
        watching.then(() => 'ended'),
        new Promise((res) => setTimeout(() => res('timeout'), 60_000)),
      ]);
      ac.abort();
      assert.equal(outcome, 'ended', `the watch did not end; changes: ${JSON.stringify(changes)}`);
      const failed = changes.find((c) => c.kind === 'changed' && c.newlyFailed.includes('sct-late.service'));
      assert.ok(failed && failed.kind === 'changed', JSON.stringify(changes));
      assert.equal(failed.snapshot.state, 'degraded');
      // sleep 20 starts during the boot; the failure is seen within a few seconds of it.
      const after = (failed.at - answeredAt) / 1000;
      assert.ok(after > 10 && after < 30, `failure reported ${after.toFixed(1)} s after the boot`);
      assert.equal(changes[changes.length - 1].kind, 'exited');
      await removeContainer(docker, r.containerId, { force: true });
    },
  );

  it('an image without sh: the wait asks systemctl with plain execs and reports running all the same', async () => {
    const { docker } = engine.get();
    noShTag = (await buildFixture(docker, 'systemd', 'without-sh')).tag;
    const img = await inspectImage(docker, noShTag, { probeSystemd: true, probeLabels: testLabels });
    const r = await bootContainer(docker, profileFor(img, 'nosh'));
    if (r.status !== 'failed') created.push(r.containerId);
    assert.equal(r.status, 'running', JSON.stringify(r, null, 1));
    const sh = await execIn(docker, r.containerId, ['sh', '-c', 'true']).catch((e: Error) => e);
    assert.ok(sh instanceof Error || sh.exitCode === 126 || sh.exitCode === 127, `sh ran: ${JSON.stringify(sh)}`);
    // No script, no version read in the container: the CLI then reads it from the image.
    assert.equal(r.systemdVersion, undefined);
    await removeContainer(docker, r.containerId, { force: true });
  });

  it('a boot that outlasts its deadline: failed at the deadline, the state and the queued job named', async () => {
    const { docker } = engine.get();
    slowTag = (await buildFixture(docker, 'systemd', 'with-slow-start')).tag;
    const img = await inspectImage(docker, slowTag, { probeSystemd: true, probeLabels: testLabels });
    const t0 = Date.now();
    const r = await bootContainer(docker, profileFor(img, 'slow'), { timeoutMs: 6000 });
    const took = (Date.now() - t0) / 1000;
    assert.equal(r.status, 'failed', JSON.stringify(r, null, 1));
    if (r.status !== 'failed') return;
    assert.equal(r.reason, 'timeout');
    // The wait's one exec blocks in is-system-running --wait: it must still end at the deadline.
    assert.ok(took >= 5.5 && took < 20, `gave up after ${took.toFixed(1)} s`);
    assert.match(r.message, /^systemd did not finish booting within 6 s \(state: starting; jobs still queued: /);
    assert.match(r.message, /sct-slow\.service \(start, running\)/);
    assert.equal(r.kept, false);
    await assert.rejects(docker.getContainer(r.containerId).inspect(), /no such container/i);
  });

  it('cancelling a boot removes the container it created', async () => {
    const { docker } = engine.get();
    const ac = new AbortController();
    let id = '';
    const p = bootContainer(docker, profileFor(image, 'abort'), {
      signal: ac.signal,
      onProgress: (e) => {
        if (e.phase === 'starting') {
          id = e.containerId ?? '';
          ac.abort();
        }
      },
    });
    await assert.rejects(p, (e: unknown) => e instanceof EngineError && e.kind === 'aborted');
    assert.ok(id);
    await assert.rejects(docker.getContainer(id).inspect(), /no such container/i);
  });
});
