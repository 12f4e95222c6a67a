/**
 * The same engine core against Podman 4.3 (Debian) through its Docker-compatible API, on the
 * service .ci/podman-setup.sh starts (runc and explicit ulimits: see that script for why).
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bootContainer } from '../../shared/engine/boot';
import { containerTarget } from '../../shared/engine/exec';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { isMissingBindSource, probeCgroupLayout } from '../../shared/engine/hostCgroup';
import { inspectImage, type ImageFacts } from '../../shared/engine/image';
import { nodeResolveInputs, resolveEndpoint } from '../../shared/engine/resolveEndpoint';
import { buildRunProfile } from '../../shared/engine/runProfile';
import { listUnits, stopContainer, unitAction, unitProperty } from '../../shared/engine/units';
import { engineSuite, PODMAN_SOCKET, removeCreated, RUN_ID, testLabels } from './helpers';

const podman = engineSuite(PODMAN_SOCKET);
const IMAGE = 'localhost/sct/debian-systemd:bookworm';

describe('Podman (compat API)', () => {
  let facts: EngineFacts;
  let image: ImageFacts;
  const created: string[] = [];
  before(async () => {
    facts = await fetchFacts(podman.get().docker);
    image = await inspectImage(podman.get().docker, IMAGE, { probeSystemd: true, probeLabels: testLabels });
  });
  after(async () => {
    await removeCreated(podman.get().docker, created);
  });

  it('CONTAINER_HOST is used when Podman is chosen', () => {
    const ep = resolveEndpoint(
      nodeResolveInputs({ CONTAINER_HOST: `unix://${PODMAN_SOCKET}`, DOCKER_HOST: 'unix:///run/sct-docker.sock' }),
      { engine: 'podman' },
    );
    assert.equal(ep.source, 'CONTAINER_HOST');
    assert.equal(ep.engineHint, 'podman');
  });

  it('facts: Podman, rootful, cgroup v1', () => {
    assert.equal(facts.engine, 'podman');
    assert.match(facts.version, /^4\./);
    assert.equal(facts.cgroupVersion, 1);
    assert.equal(facts.rootless, false);
  });

  it("the host's cgroup layout asked of Podman: hybrid (its cgroup2 mount exists), the probe container removed", async () => {
    const { docker } = podman.get();
    assert.equal(await probeCgroupLayout(docker, facts, IMAGE, { labels: testLabels }), 'hybrid');
    const probes = await docker.listContainers({ all: true, filters: { label: ['sct.probe=cgroup-layout'] } });
    assert.deepEqual(probes, []);
    // What Podman answers for a missing bind source on this host (it tries to create it): missing.
    const missing = await docker
      .createContainer({
        Image: IMAGE,
        Labels: testLabels,
        HostConfig: { Mounts: [{ Type: 'bind', Source: '/sys/fs/cgroup/sct-absent', Target: '/p', ReadOnly: true }] },
      })
      .then(
        (c) => c.remove({ force: true }).then(() => undefined),
        (e: unknown) => e,
      );
    assert.ok(isMissingBindSource(missing), String(missing));
  });

  it('the image probe works on Podman (its stat reports every path as a link target)', () => {
    assert.equal(image.systemd?.systemdPath, '/lib/systemd/systemd');
  });

  let id = '';
  it('systemd mode from the compat API boots running; Podman sets stop signal 37 and container=podman', async () => {
    const { docker } = podman.get();
    const profile = buildRunProfile(facts, image, { name: `podman-${RUN_ID}`, labels: testLabels });
    assert.deepEqual(
      profile.decisions.map((d) => d.id),
      ['systemd-mode', 'tty', 'init-cmd'],
    );
    const r = await bootContainer(docker, profile, { settleMs: 1000 });
    if (r.status !== 'failed') created.push(r.containerId);
    assert.equal(r.status, 'running', JSON.stringify(r));
    id = r.containerId;
    const info = await docker.getContainer(id).inspect();
    assert.equal((info.Config as { StopSignal?: string }).StopSignal, '37');
    assert.ok(info.Config.Env.includes('container=podman'));
  });

  it('units and unit actions', async () => {
    const { docker } = podman.get();
    const units = await listUnits(containerTarget(docker, id), { all: true });
    assert.equal(units.find((u) => u.unit === 'systemd-journald.service')?.active, 'active');
    const r = await unitAction(containerTarget(docker, id), 'start', 'systemd-tmpfiles-clean.service');
    assert.ok(r.ok, r.stderr);
    assert.equal(
      await unitProperty(containerTarget(docker, id), 'systemd-tmpfiles-clean.service', 'Result'),
      'success',
    );
  });

  it('stops with exit 0 within 5 s', async () => {
    const r = await stopContainer(podman.get().docker, id);
    assert.equal(r.exitCode, 0);
    assert.ok(r.durationMs < 5000, `${r.durationMs} ms`);
  });
});
