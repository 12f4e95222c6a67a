/**
 * The graceful stop (engine/gracefulStop.ts) on the test dockerd. A terminal's `docker exec -it
 * … bash` whose client went away leaves an interactive bash behind, which ignores SIGTERM: without
 * the hang-up systemd's shutdown waits for it until the engine SIGKILLs the container (137). With
 * it the container stops at once with 0; a shell that ignores SIGHUP as well is killed after the
 * hang-up's second.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { bootContainer } from '../../client/src/engine/boot';
import { execIn } from '../../client/src/engine/exec';
import { fetchFacts, type EngineFacts } from '../../client/src/engine/facts';
import { stopGracefully } from '../../client/src/engine/gracefulStop';
import { inspectImage, type ImageFacts } from '../../client/src/engine/image';
import { buildRunProfile } from '../../client/src/engine/runProfile';
import { removeContainer, stopContainer } from '../../client/src/engine/units';
import { RUN_ID, engineSuite, testLabels } from './helpers';

const engine = engineSuite();
const IMAGE = 'sct/debian-systemd:bookworm';

/** An interactive shell on a TTY whose client hangs up after a moment, as a closed terminal's would. */
async function leaveShell(docker: Docker, id: string, cmd: string[]): Promise<void> {
  const exec = await docker.getContainer(id).exec({
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as NodeJS.ReadWriteStream;
  stream.resume();
  await new Promise((r) => setTimeout(r, 700));
  (stream as unknown as { destroy(): void }).destroy();
}

/** The names of the processes in the container (from /proc; the image has no ps). */
async function processNames(docker: Docker, id: string): Promise<string[]> {
  const r = await execIn(docker, id, ['/bin/sh', '-c', 'cat /proc/[0-9]*/comm 2>/dev/null; true'], {
    timeoutMs: 10_000,
  });
  return r.stdout.split('\n').filter(Boolean);
}

describe('gracefulStop.ts: leftover exec sessions before a stop', () => {
  let facts: EngineFacts;
  let image: ImageFacts;
  const created: string[] = [];

  before(async () => {
    const { docker } = engine.get();
    facts = await fetchFacts(docker);
    image = await inspectImage(docker, IMAGE, { probeSystemd: true, probeLabels: testLabels });
  });
  after(async () => {
    for (const id of created) await removeContainer(engine.get().docker, id, { force: true });
  });

  const boot = async (name: string): Promise<string> => {
    const { docker, endpoint } = engine.get();
    const profile = buildRunProfile(facts, image, { name: `sct-stop-${name}-${RUN_ID}`, labels: testLabels });
    const r = await bootContainer(docker, profile, { settleMs: 500, endpoint });
    if ('containerId' in r && r.containerId) created.push(r.containerId);
    assert.equal(r.status, 'running', JSON.stringify(r).slice(0, 800));
    return r.containerId;
  };

  it('without the hang-up a leftover interactive bash holds the shutdown until SIGKILL', async () => {
    const { docker } = engine.get();
    const id = await boot('plain');
    await leaveShell(docker, id, ['/bin/bash']);
    assert.ok((await processNames(docker, id)).includes('bash'), 'the shell is gone with its client');
    // A short timeout: what matters is that SIGRTMIN+3 alone does not end the container.
    const r = await stopContainer(docker, id, { timeoutSec: 3 });
    assert.equal(r.exitCode, 137, JSON.stringify(r));
    assert.ok(r.killed);
  });

  it('hangs the leftover bash up first: systemd stops with 0 within seconds', async () => {
    const { docker, endpoint } = engine.get();
    const id = await boot('hup');
    await leaveShell(docker, id, ['/bin/bash']);
    assert.ok((await processNames(docker, id)).includes('bash'), 'the shell is gone with its client');
    const r = await stopGracefully(docker, id, endpoint);
    assert.equal(r.exitCode, 0, JSON.stringify(r));
    assert.equal(r.killed, false);
    assert.ok(r.durationMs < 5000, `the stop took ${r.durationMs} ms`);
    assert.equal(r.sessions?.error, undefined, JSON.stringify(r.sessions));
    assert.ok(
      r.sessions?.hungUp.some((p) => p.startsWith('bash ')),
      `bash not among those hung up: ${JSON.stringify(r.sessions)}`,
    );
    assert.deepEqual(r.sessions?.killed, [], 'bash ends on SIGHUP');
  });

  it('kills a shell that ignores SIGHUP too (inherited as ignored) after the hang-up', async () => {
    const { docker, endpoint } = engine.get();
    const id = await boot('kill');
    // Ignored on entry, a signal stays ignored in bash: neither SIGHUP nor (interactive) SIGTERM ends it.
    await leaveShell(docker, id, ['/bin/sh', '-c', 'trap "" HUP; exec /bin/bash -i']);
    assert.ok((await processNames(docker, id)).includes('bash'), 'the shell is gone with its client');
    const r = await stopGracefully(docker, id, endpoint);
    assert.equal(r.exitCode, 0, JSON.stringify(r));
    assert.equal(r.killed, false);
    assert.ok(
      r.sessions?.killed.some((p) => p.startsWith('bash ')),
      `bash not among those killed: ${JSON.stringify(r.sessions)}`,
    );
  });
});
