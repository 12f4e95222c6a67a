/**
 * Shared set-up for the engine tests. They run against the real test dockerd started by
 * .ci/engine-setup.sh; when it is not up they fail with a message saying so (never skip).
 * Everything a test creates carries the label sct.test=<run id>, and every file checks in a
 * top-level after() that nothing with that label is left.
 */
import { after, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { connect, type EngineConnection } from '../../shared/engine/connection';
import type { Endpoint } from '../../shared/engine/endpoint';
import { nodeResolveInputs, resolveEndpoint } from '../../shared/engine/resolveEndpoint';
import { buildImage, type BuildResult } from '../../shared/engine/build';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { inspectImage, type ImageFacts } from '../../shared/engine/image';
import { removeContainer } from '../../shared/engine/units';

export const ENGINE_SOCKET = process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock';
export const PODMAN_SOCKET = process.env.SCT_PODMAN_SOCK ?? '/run/sct-podman.sock';
const SETUP: Record<string, string> = {
  [ENGINE_SOCKET]: '.ci/engine-setup.sh',
  [PODMAN_SOCKET]: '.ci/engine-setup.sh and .ci/podman-setup.sh',
};
export const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;
export const TEST_LABEL = 'sct.test';
export const testLabels: Record<string, string> = { [TEST_LABEL]: RUN_ID };
/** From out/test/engine back to the repository. */
export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/engine');

export function engineEndpoint(socket = ENGINE_SOCKET): Endpoint {
  return resolveEndpoint(nodeResolveInputs({}), { host: `unix://${socket}` });
}

export async function requireEngine(socket = ENGINE_SOCKET): Promise<EngineConnection> {
  try {
    return await connect(engineEndpoint(socket), { timeoutMs: 5000 });
  } catch (e) {
    const what = socket === PODMAN_SOCKET ? 'the test Podman service' : 'the test dockerd';
    throw new Error(
      `The engine tests need ${what} at unix://${socket}; run ${SETUP[socket] ?? '.ci/engine-setup.sh'} (as ` +
        `root) first.\n  ${(e as Error).message}`,
      { cause: e },
    );
  }
}

async function leftovers(docker: Docker): Promise<string[]> {
  const filter = { label: [`${TEST_LABEL}=${RUN_ID}`] };
  const containers = await docker.listContainers({ all: true, filters: filter });
  const images = await docker.listImages({ all: true, filters: filter });
  return [
    ...containers.map((c) => `container ${c.Id.slice(0, 12)} ${c.Names?.[0] ?? ''} (${c.State})`),
    ...images.map((i) => `image ${i.Id.slice(7, 19)} ${(i.RepoTags ?? []).join(',')}`),
  ];
}

/**
 * Registers the engine connection for a test file and the leak check after it: whatever the
 * tests did not clean up is reported (and removed, so one failure does not pile up).
 */
export function engineSuite(socket = ENGINE_SOCKET): { get(): EngineConnection } {
  let conn: EngineConnection | undefined;
  before(async () => {
    conn = await requireEngine(socket);
  });
  after(async () => {
    if (!conn) return;
    const left = await leftovers(conn.docker);
    for (const c of await conn.docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${RUN_ID}`] } })) {
      await conn.docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    }
    for (const i of await conn.docker.listImages({ filters: { label: [`${TEST_LABEL}=${RUN_ID}`] } })) {
      await conn.docker
        .getImage(i.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    assert.deepEqual(left, [], `engine tests left these behind: ${left.join('; ')}`);
  });
  return {
    get(): EngineConnection {
      if (!conn) throw new Error('engine connection not set up (before() failed?)');
      return conn;
    },
  };
}

/** Builds a fixture folder with the test label; the tag is unique to this run. */
export async function buildFixture(
  docker: Docker,
  folder: string,
  target?: string,
): Promise<BuildResult & { ok: true }> {
  const tag = `sct-test-engine/${folder}${target ? '-' + target : ''}:${RUN_ID}`;
  const r = await buildImage(docker, {
    contextDir: path.join(FIXTURES, folder),
    tag,
    labels: testLabels,
    ...(target ? { target } : {}),
  });
  if (!r.ok) assert.fail(`building ${folder}${target ? ` (target ${target})` : ''} failed: ${r.error}\n${r.log}`);
  return r;
}

export async function removeImage(docker: Docker, tag: string): Promise<void> {
  await docker
    .getImage(tag)
    .remove({ force: true })
    .catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
}

/** What the run profile is built from: the engine's facts and the image's, its systemd probed. */
export async function profileInputs(
  docker: Docker,
  imageRef: string,
): Promise<{ facts: EngineFacts; image: ImageFacts }> {
  const facts = await fetchFacts(docker);
  const image = await inspectImage(docker, imageRef, { probeSystemd: true, probeLabels: testLabels });
  return { facts, image };
}

/**
 * Removes the containers a suite created, with their anonymous volumes. Every one is tried and
 * nothing is thrown, so the suite's other clean-up (its images) still runs; a container that could
 * not be removed fails the file's leak check, which names it.
 */
export async function removeCreated(docker: Docker, ids: readonly string[]): Promise<void> {
  for (const id of ids) await removeContainer(docker, id, { force: true }).catch(() => undefined);
}
