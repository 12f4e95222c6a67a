/**
 * The rootful Podman column of the sandboxing table (shared/sandboxVerdicts.ts) on real boots: the
 * sandbox fixture image of each release (built on the test dockerd, copied into the test Podman
 * 4.3 of .ci/podman-setup.sh with `docker save | podman load` through both APIs), booted by the
 * product's run profile for Podman (systemd mode through the compat API). systemd 262 refuses the
 * cgroup v1 tree Podman mounts on this hybrid host ("Detected cgroup v1 hierarchy … no longer
 * supported"): the profile binds the host's cgroup2 hierarchy over it for sid, and this boot
 * is what shows that it works (runProfile.ts chooseCgroupArrangement).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { bootContainer } from '../../shared/engine/boot';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { withCgroupLayout } from '../../shared/engine/hostCgroup';
import { inspectImage } from '../../shared/engine/image';
import { buildRunProfile } from '../../shared/engine/runProfile';
import { execIn } from '../../shared/engine/exec';
import { removeContainer, stopContainer } from '../../shared/engine/units';
import { profileFromEngine } from '../../shared/engineProfile';
import { buildFixture, engineSuite, PODMAN_SOCKET, removeCreated, removeImage, RUN_ID, testLabels } from './helpers';
import { SANDBOX_PROBE, anyRowFails, exampleOutcomes, parseProbe, wrongRows } from './sandboxProbe';

const docker = engineSuite();
const podman = engineSuite(PODMAN_SOCKET);

const RELEASES: { target: string; systemd: number }[] = [
  { target: 'bookworm', systemd: 252 },
  { target: 'trixie', systemd: 257 },
  { target: 'sid', systemd: 262 },
];

describe('unit sandboxing under rootful Podman (systemd mode): every measured row on a real boot', () => {
  let facts: EngineFacts;
  const images: string[] = [];
  const created: string[] = [];

  before(async () => {
    facts = await fetchFacts(podman.get().docker);
    assert.equal(facts.engine, 'podman');
    assert.equal(facts.rootless, false);
  });

  after(async () => {
    await removeCreated(podman.get().docker, created);
    for (const image of images) await removeImage(podman.get().docker, image);
  });

  for (const release of RELEASES) {
    it(`systemd ${release.systemd} (${release.target}): each setting fails, is ignored or is enforced as the table says`, async () => {
      const built = (await buildFixture(docker.get().docker, 'sandbox', release.target)).tag;
      try {
        const tar = await docker.get().docker.getImage(built).get();
        await new Promise<void>((resolve, reject) => {
          podman.get().docker.loadImage(tar, {}, (err: unknown, res?: NodeJS.ReadableStream) => {
            if (err || !res) return reject(err ?? new Error('no answer to the image load'));
            res.on('data', () => undefined);
            res.on('end', () => resolve());
            res.on('error', reject);
          });
        });
      } finally {
        await removeImage(docker.get().docker, built);
      }
      const tag = `localhost/${built}`;
      images.push(tag);
      const { docker: api } = podman.get();
      const image = await inspectImage(api, tag, { probeSystemd: true, probeLabels: testLabels });
      const hostFacts = await withCgroupLayout(api, facts, tag, { labels: testLabels });
      const base = buildRunProfile(hostFacts, image, {
        name: `sandbox-podman-${release.target}-${RUN_ID}`,
        labels: testLabels,
      });
      assert.equal(
        base.decisions.some((d) => d.id === 'cgroup-mount'),
        release.systemd >= 258,
        "the host's cgroup2 hierarchy is bound exactly for the systemd that refuses cgroup v1",
      );
      const r = await bootContainer(api, base, { settleMs: 1000 });
      if (r.status !== 'failed') created.push(r.containerId);
      assert.ok(r.status === 'running' || r.status === 'degraded', JSON.stringify(r, null, 1));
      const inspect = await api.getContainer(r.containerId).inspect();
      assert.equal(profileFromEngine(facts, inspect.HostConfig).profile, 'podman');
      const probe = await execIn(api, r.containerId, ['sh', '-c', SANDBOX_PROBE]);
      const states = parseProbe(probe.stdout);
      assert.deepEqual(wrongRows(states, 'podman', release.systemd), []);
      const example = states.get('sct-sb-issue-example.service')!;
      assert.ok(
        exampleOutcomes('podman', release.systemd).includes(`${example.active} ${example.status}`),
        `example: ${JSON.stringify(example)}, expected one of ${exampleOutcomes('podman', release.systemd)}`,
      );
      assert.equal(r.status, anyRowFails('podman', release.systemd) ? 'degraded' : 'running');
      const stop = await stopContainer(api, r.containerId, { timeoutSec: 10 });
      assert.equal(stop.exitCode, 0);
      await removeContainer(api, r.containerId);
      created.splice(created.indexOf(r.containerId), 1);
    });
  }
});
