/**
 * Each run-profile flag left out in turn, on the real test dockerd (cgroup v1 host): the
 * failure it prevents happens, and the diagnosis names the flag (or the Dockerfile rule).
 * The measured outcomes are recorded in docs/run-profile.md.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bootContainer, type BootResult } from '../../shared/engine/boot';
import { fetchDiagnosis } from '../../shared/engine/diagnosis';
import { execIn } from '../../shared/engine/exec';
import { type EngineFacts } from '../../shared/engine/facts';
import { inspectImage, type ImageFacts } from '../../shared/engine/image';
import { buildRunProfile, type ProfileFlagId, type RunOptions } from '../../shared/engine/runProfile';
import { removeContainer, stopContainer } from '../../shared/engine/units';
import { buildFixture, engineSuite, profileInputs, removeImage, RUN_ID, testLabels } from './helpers';

const engine = engineSuite();

describe('run profile flags, each left out (cgroup v1 dockerd)', () => {
  let facts: EngineFacts;
  let image: ImageFacts;
  let tag = '';
  const keep: string[] = [];

  before(async () => {
    const { docker } = engine.get();
    tag = (await buildFixture(docker, 'systemd', 'base')).tag;
    ({ facts, image } = await profileInputs(docker, tag));
  });
  after(async () => {
    const { docker } = engine.get();
    for (const id of keep) await removeContainer(docker, id, { force: true });
    if (tag) await removeImage(docker, tag);
  });

  const boot = async (opts: RunOptions, img: ImageFacts = image): Promise<BootResult> => {
    const { docker } = engine.get();
    const profile = buildRunProfile(facts, img, { labels: testLabels, ...opts });
    const r = await bootContainer(docker, profile, {
      settleMs: 500,
      timeoutMs: 30_000,
      ...(img.systemd ? { imageHasSystemd: img.systemd.systemdPath !== undefined } : {}),
    });
    if (r.status !== 'failed' || r.kept) keep.push(r.containerId);
    return r;
  };
  const failsWith = async (
    omit: ProfileFlagId[],
    reason: string,
    finding: string,
    flag?: string,
  ): Promise<BootResult & { status: 'failed' }> => {
    const r = await boot({ omit });
    assert.equal(r.status, 'failed', JSON.stringify(r, null, 1));
    if (r.status !== 'failed') throw new Error('unreachable');
    assert.equal(r.reason, reason, r.message);
    assert.equal(r.kept, false);
    const ids = r.diagnosis.findings.map((f) => f.id);
    assert.ok(
      ids.includes(finding),
      `findings ${JSON.stringify(ids)}; log errors: ${r.diagnosis.errorLines.join(' | ')}`,
    );
    if (flag) assert.equal(r.diagnosis.findings.find((f) => f.id === finding)?.flag, flag);
    await assert.rejects(
      engine.get().docker.getContainer(r.containerId).inspect(),
      /no such container/i,
      'a failed boot is removed',
    );
    return r;
  };

  it('the full profile boots running (baseline)', async () => {
    const r = await boot({});
    assert.equal(r.status, 'running', JSON.stringify(r));
  });

  it('without --tmpfs /run: exit 255, "Failed to mount tmpfs at /run"', async () => {
    const r = await failsWith(['tmpfs-run'], 'exited', 'no-tmpfs-run', 'tmpfs-run');
    assert.match(r.message, /exited with code 255/);
  });

  it('without --tmpfs /run/lock: exit 255, "Failed to mount tmpfs at /run/lock"', async () => {
    await failsWith(['tmpfs-run-lock'], 'exited', 'no-tmpfs-run-lock', 'tmpfs-run-lock');
  });

  it('without the cgroup bind: exit 255, "Failed to create /docker/<id>/init.scope control group"', async () => {
    await failsWith(['cgroup-mount'], 'exited', 'cgroup-v1-no-bind', 'cgroup-mount');
  });

  it('without the init command: bash stays PID 1, systemd "offline", SCT101 named', async () => {
    const r = await failsWith(['init-cmd'], 'not-systemd', 'no-init-command', 'init-cmd');
    assert.equal(r.diagnosis.findings[0].rule?.id, 'SCT101');
  });

  it('a shell-form init command: systemd refuses ("Explicit --user argument"), exit 1, SCT104 named', async () => {
    const r = await boot({ command: ['/bin/sh', '-c', '/lib/systemd/systemd'] });
    assert.equal(r.status, 'failed');
    if (r.status !== 'failed') return;
    // Which the wait sees first is a race: the container's exit (code 1), or systemctl answering
    // that systemd is not PID 1 (dash keeps PID 1 while its child systemd refuses); both name the cause.
    assert.match(r.message, /exited with code 1|systemd is not running as PID 1/);
    assert.equal(r.diagnosis.findings[0].id, 'not-pid1');
    assert.equal(r.diagnosis.findings[0].rule?.id, 'SCT104');
  });

  it('without the stop signal: stop waits for the timeout and SIGKILLs (137); diagnosis names STOPSIGNAL', async () => {
    const { docker } = engine.get();
    const r = await boot({ omit: ['stop-signal'] });
    assert.equal(r.status, 'running');
    const stop = await stopContainer(docker, r.containerId, { timeoutSec: 2 });
    assert.equal(stop.exitCode, 137);
    assert.ok(stop.durationMs >= 2000, `${stop.durationMs} ms`);
    const d = await fetchDiagnosis(docker, r.containerId);
    assert.equal(d.findings.find((f) => f.id === 'stop-sigkill')?.flag, 'stop-signal');
    // With the signal the same image stops at once with 0 (boot.test.ts).
    await removeContainer(docker, r.containerId);
  });

  it(
    'without --tmpfs /tmp: still boots running (/tmp is the ' + "image's directory, emptied by tmpfiles at boot)",
    async () => {
      const { docker } = engine.get();
      const r = await boot({ omit: ['tmpfs-tmp'] });
      assert.equal(r.status, 'running');
      const mnt = await execIn(docker, r.containerId, ['findmnt', '-n', '-o', 'FSTYPE', '/tmp']);
      assert.equal(mnt.stdout.trim(), '', '/tmp is not a mount');
      await removeContainer(docker, r.containerId, { force: true });
    },
  );

  it('without container=docker: still boots running, systemd detects docker from /.dockerenv', async () => {
    const { docker } = engine.get();
    const r = await boot({ omit: ['container-env'] });
    assert.equal(r.status, 'running');
    const virt = await execIn(docker, r.containerId, ['systemd-detect-virt']);
    assert.equal(virt.stdout.trim(), 'docker');
    await removeContainer(docker, r.containerId, { force: true });
  });

  it('without a TTY: boots running, but a failed boot leaves an empty log and the diagnosis says why', async () => {
    const r = await boot({ omit: ['tty', 'tmpfs-run'] });
    assert.equal(r.status, 'failed');
    if (r.status !== 'failed') return;
    assert.equal(r.diagnosis.logCaptured, false);
    assert.deepEqual(r.diagnosis.findings, []);
    assert.match(r.diagnosis.notes.join(' '), /no TTY/);
    const ok = await boot({ omit: ['tty'] });
    assert.equal(ok.status, 'running');
    await removeContainer(engine.get().docker, ok.containerId, { force: true });
  });

  it('keepOnFailure keeps the failed container for inspection', async () => {
    const r = await boot({ omit: ['tmpfs-run'], keepOnFailure: true });
    assert.equal(r.status, 'failed');
    if (r.status !== 'failed') return;
    assert.equal(r.kept, true);
    const info = await engine.get().docker.getContainer(r.containerId).inspect();
    assert.equal(info.State.ExitCode, 255);
  });

  it('an image without systemd: the profile warns (SCT102) and the start error is diagnosed', async () => {
    const { docker } = engine.get();
    const plain = await inspectImage(docker, 'sct/debian:bookworm', { probeSystemd: true, probeLabels: testLabels });
    assert.equal(plain.systemd?.systemdPath, undefined);
    const profile = buildRunProfile(facts, plain, { labels: testLabels });
    assert.match(profile.warnings.join(' '), /SCT102/);
    const r = await boot({ command: ['/sbin/init'] }, plain);
    assert.equal(r.status, 'failed');
    if (r.status !== 'failed') return;
    assert.equal(r.reason, 'start-error');
    assert.equal(r.diagnosis.findings[0].id, 'init-missing');
    assert.equal(r.diagnosis.findings[0].rule?.id, 'SCT102');
    assert.match(r.diagnosis.findings[0].evidence, /stat \/sbin\/init: no such file or directory/);
  });

  it(
    '--privileged only on request, with a warning; on this ' + 'host it cannot start ("unable to apply caps")',
    async () => {
      const plainProfile = buildRunProfile(facts, image, {});
      assert.equal(plainProfile.create.HostConfig?.Privileged, undefined);
      const r = await boot({ privileged: true, name: `priv-${RUN_ID}` });
      assert.equal(r.status, 'failed');
      if (r.status !== 'failed') return;
      assert.equal(r.reason, 'start-error');
      assert.equal(r.diagnosis.findings[0].id, 'privileged-caps');
      assert.equal(r.diagnosis.findings[0].flag, 'privileged');
    },
  );
});
