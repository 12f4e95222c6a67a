/**
 * "auto" target releases from running containers, on the real test dockerd: containers labelled
 * as Run with systemd labels them (sct.dockerfile) are asked `systemctl --version` and
 * `podman --version` through the engine's exec, and the linter judges a unit of that image for
 * the answer, naming the container. The Podman container is Debian sid's image with the real
 * podman 5.8 binary of the sid chroot bound in (no image on this host ships Podman).
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type Docker from 'dockerode';
import { runningContainerReleases, type ProbedReleases } from '../../shared/engine/releaseProbe';
import { LABELS } from '../../shared/engine/runProfile';
import { initLinter, lintFile } from '../../server/src/lint';
import { resolveTargets } from '../../server/src/kinds/unit/target';
import { RUN_ID, TEST_LABEL, engineEndpoint, engineSuite, testLabels } from './helpers';

const engine = engineSuite();
const SID = '/var/cache/sct-chroots/sid';

interface Made {
  name: string;
  id: string;
}

async function start(
  docker: Docker,
  suffix: string,
  image: string,
  dockerfile: string,
  extra: Partial<Docker.ContainerCreateOptions> = {},
): Promise<Made> {
  const name = `sct-test-releases-${RUN_ID}-${suffix}`;
  const c = await docker.createContainer({
    name,
    Image: image,
    Cmd: ['sleep', 'infinity'],
    Labels: { ...testLabels, [LABELS.managed]: 'true', [LABELS.dockerfile]: dockerfile },
    ...extra,
  });
  await c.start();
  return { name, id: c.id };
}

describe('releases asked of running containers (test dockerd)', () => {
  const made: Made[] = [];
  let bookworm: Made;
  let sid: Made;
  let plain: Made;

  before(async () => {
    await initLinter();
    const { docker } = engine.get();
    assert.ok(fs.existsSync(`${SID}/usr/bin/podman`), `${SID} has no podman: run .ci/chroots-setup.sh`);
    bookworm = await start(docker, 'bookworm', 'sct/debian-systemd:bookworm', '/w/app/Dockerfile');
    made.push(bookworm);
    sid = await start(docker, 'sid', 'sct/debian-systemd:sid', '/w/pods/Containerfile', {
      Env: ['LD_LIBRARY_PATH=/podman-libs'],
      HostConfig: {
        Binds: [`${SID}/usr/bin/podman:/usr/local/bin/podman:ro`, `${SID}/usr/lib/x86_64-linux-gnu:/podman-libs:ro`],
      },
    });
    made.push(sid);
    plain = await start(docker, 'plain', 'sct/debian:bookworm', '/elsewhere/Dockerfile');
    made.push(plain);
  });
  after(async () => {
    const { docker } = engine.get();
    for (const m of made)
      await docker
        .getContainer(m.id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
  });

  const ours = async (cache?: Map<string, ProbedReleases>) => {
    const { docker } = engine.get();
    const all = await runningContainerReleases(docker, ['/w'], {
      endpoint: engineEndpoint(),
      ...(cache ? { cache } : {}),
    });
    // other sessions' containers on the shared engine are not this test's business
    return new Map(all.filter((c) => c.name.includes(RUN_ID)).map((c) => [c.name, c]));
  };

  it('each container says its systemd and Podman, or nothing when it has none', async () => {
    const found = await ours();
    assert.deepEqual(found.get(bookworm.name), {
      name: bookworm.name,
      dockerfile: '/w/app/Dockerfile',
      workspaceFolder: '/w',
      systemd: 252,
    });
    assert.deepEqual(found.get(sid.name), {
      name: sid.name,
      dockerfile: '/w/pods/Containerfile',
      workspaceFolder: '/w',
      systemd: 262,
      podman: '5.8.6',
    });
    assert.deepEqual(found.get(plain.name), { name: plain.name, dockerfile: '/elsewhere/Dockerfile' });
  });

  it('the linter judges a unit of that image for the answer and names the container', async () => {
    const found = await ours();
    const service = '[Service]\nExecStart=/bin/true\nMemoryKSM=yes\n';
    const files: Record<string, string> = {
      '/w/app/Dockerfile':
        'FROM debian:trixie\nRUN apt-get update && apt-get install -y systemd\nCOPY web.service /etc/systemd/system/\n',
      '/w/app/web.service': service,
    };
    const access = {
      readFile: (p: string) => files[p],
      listDir: (d: string) => (d === '/w/app' ? ['Dockerfile', 'web.service'] : undefined),
    };
    const containers = [found.get(bookworm.name)!, found.get(sid.name)!];
    const t = resolveTargets('/w/app/web.service', {}, access, containers);
    assert.deepEqual(t.systemd, {
      release: 252,
      reason: `auto: systemd 252 in running container ${bookworm.name} (of the image /w/app/Dockerfile builds)`,
    });
    const unknown = lintFile('unit', service, { path: '/w/app/web.service', ...access, containers }).filter(
      (f) => f.ruleName === 'unknown-key',
    );
    assert.match(unknown[0]?.message ?? '', /MemoryKSM= is unknown to systemd 252/);
    // a Quadlet file in the workspace: the Podman of the workspace's container judges it
    const q = resolveTargets('/w/quadlets/web.container', {}, access, containers);
    assert.equal(q.podman.release, '5.8');
    assert.match(q.podman.reason, new RegExp(`Podman 5\\.8\\.6 in running container ${sid.name}`));
  });

  it('answers are kept while a container runs (no exec the second time) and forgotten when it stops', async () => {
    const { docker } = engine.get();
    const cache = new Map<string, ProbedReleases>();
    const first = await ours(cache);
    const sinceMs = Date.now();
    const since = Math.floor(sinceMs / 1000) - 1;
    const again = await ours(cache);
    assert.deepEqual([...again.values()], [...first.values()]);
    const stream = (await docker.getEvents({
      since,
      until: Math.ceil(Date.now() / 1000) + 1,
      filters: { type: ['container'], label: [`${TEST_LABEL}=${RUN_ID}`] },
    })) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    // the engine's clock is this host's: events after the first look, by their nanosecond time
    const execs = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { Action?: string; timeNano?: number })
      .filter((e) => e.Action?.startsWith('exec_create') && (e.timeNano ?? 0) / 1e6 > sinceMs);
    assert.deepEqual(execs, [], 'the second look asked no container again');
    await docker.getContainer(plain.id).kill();
    const after = await ours(cache);
    assert.equal(after.has(plain.name), false);
    assert.equal(cache.has(plain.id), false);
  });
});
