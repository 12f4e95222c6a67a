/**
 * The image probe on the real test dockerd: what it finds in an image with and without systemd,
 * and that a second probe of the same image ID is answered from the session's results without
 * another probe container (the engine's own event log says which containers were created).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { inspectImage, INIT_PATHS, SYSTEMD_PATHS } from '../../shared/engine/image';
import { probeRemovals } from '../../shared/engine/probeRemovals';
import { RUN_ID, buildFixture, engineSuite, removeImage, testLabels } from './helpers';

const engine = engineSuite();

/** Containers created since `since` (unix seconds) whose label sct.probe-run has `value`. */
async function probeContainersCreated(since: number, value: string): Promise<number> {
  const { docker } = engine.get();
  const stream = (await docker.getEvents({
    since,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ['container'], event: ['create'], label: [`sct.probe-run=${value}`] },
  })) as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text.split('\n').filter((l) => l.trim() !== '').length;
}

describe('image probe (test dockerd)', () => {
  let tag = '';
  const since = Math.floor(Date.now() / 1000) - 1;

  before(async () => {
    tag = (await buildFixture(engine.get().docker, 'systemd', 'base')).tag;
  });
  after(async () => {
    if (tag) await removeImage(engine.get().docker, tag);
  });

  it(
    'finds systemd and the init links in a systemd image, nothing ' + 'in a plain one; every path is reported in order',
    async () => {
      const { docker } = engine.get();
      const image = await inspectImage(docker, tag, {
        probeSystemd: true,
        probeLabels: { ...testLabels, 'sct.probe-run': `${RUN_ID}-a` },
      });
      assert.ok(
        image.systemd?.systemdPath && SYSTEMD_PATHS.includes(image.systemd.systemdPath),
        JSON.stringify(image.systemd),
      );
      assert.ok(image.systemd.initPaths.includes('/sbin/init'), JSON.stringify(image.systemd));
      assert.deepEqual(
        image.systemd.checked.map((c) => c.path),
        [...SYSTEMD_PATHS, ...INIT_PATHS],
      );
      const plain = await inspectImage(docker, 'sct/debian:bookworm', {
        probeSystemd: true,
        probeLabels: { ...testLabels, 'sct.probe-run': `${RUN_ID}-plain` },
      });
      assert.equal(plain.systemd?.systemdPath, undefined);
      assert.deepEqual(plain.systemd?.initPaths, []);
      assert.equal(await probeContainersCreated(since, `${RUN_ID}-a`), 1, 'one probe container for the first look');
    },
  );

  it('the same image ID again (a build-cache hit): the same answer, no probe container', async () => {
    const { docker } = engine.get();
    const first = await inspectImage(docker, tag, { probeSystemd: true });
    const again = await inspectImage(docker, tag, {
      probeSystemd: true,
      probeLabels: { ...testLabels, 'sct.probe-run': `${RUN_ID}-b` },
    });
    assert.equal(again.id, first.id);
    assert.deepEqual(again.systemd, first.systemd);
    assert.equal(await probeContainersCreated(since, `${RUN_ID}-b`), 0);
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`sct.probe-run`] } });
    assert.deepEqual(leftovers, [], 'probe containers are removed');
  });

  it(
    'paths only (what `boot` asks before it creates): the paths without the version; a full probe later still ' +
      'reads it; deferred removals leave nothing',
    async () => {
      const { docker } = engine.get();
      // sct/debian-systemd:trixie: an image no other test here probed, so the session has no answer for it yet.
      const ref = 'sct/debian-systemd:trixie';
      const labels = { ...testLabels, 'sct.probe-run': `${RUN_ID}-paths` };
      const paths = await inspectImage(docker, ref, {
        probeSystemd: true,
        probeDetail: 'paths',
        deferProbeRemoval: true,
        probeLabels: labels,
      });
      assert.ok(paths.systemd?.systemdPath, JSON.stringify(paths.systemd));
      assert.equal(paths.systemd.version, undefined, 'no version read');
      assert.equal(paths.systemd.masked, undefined, 'no masked units read');
      const full = await inspectImage(docker, ref, { probeSystemd: true, probeLabels: labels });
      assert.equal(full.systemd?.version, 257, 'the paths-only answer does not stand in for a full one');
      assert.equal(full.systemd.systemdPath, paths.systemd.systemdPath);
      await probeRemovals();
      const leftovers = await docker.listContainers({
        all: true,
        filters: { label: [`sct.probe-run=${RUN_ID}-paths`] },
      });
      assert.deepEqual(leftovers, [], 'the deferred removal is done once probeRemovals() resolves');
      assert.equal(await probeContainersCreated(since, `${RUN_ID}-paths`), 2);
    },
  );
});
