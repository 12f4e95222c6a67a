/**
 * The graceful stop (engine/gracefulStop.ts) on the test dockerd. A terminal's `docker exec -it
 * … bash` whose client went away leaves an interactive bash behind; the stop hangs it up before
 * the stop signal (measured here: left alone, systemd 252's shutdown SIGKILLs it anyway and the
 * stop still ends with 0). What does hold a shutdown until the engine's SIGKILL (137) is an exec
 * caught half set up by it (runc:[2:INIT], which systemd-shutdown's SIGKILL does not end): while
 * the stop runs, no other exec of this process enters the container.
 */
import type Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bootContainer } from '../../shared/engine/boot';
import { EngineError } from '../../shared/engine/errors';
import { execIn } from '../../shared/engine/exec';
import { type EngineFacts } from '../../shared/engine/facts';
import { stopGracefully } from '../../shared/engine/gracefulStop';
import { type ImageFacts } from '../../shared/engine/image';
import { buildRunProfile } from '../../shared/engine/runProfile';
import { stopContainer } from '../../shared/engine/units';
import { engineSuite, profileInputs, removeCreated, RUN_ID, testLabels } from './helpers';

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
    ({ facts, image } = await profileInputs(engine.get().docker, IMAGE));
  });
  after(async () => {
    await removeCreated(engine.get().docker, created);
  });

  const boot = async (name: string): Promise<string> => {
    const { docker, endpoint } = engine.get();
    const profile = buildRunProfile(facts, image, { name: `sct-stop-${name}-${RUN_ID}`, labels: testLabels });
    const r = await bootContainer(docker, profile, { settleMs: 500, endpoint });
    if ('containerId' in r && r.containerId) created.push(r.containerId);
    assert.equal(r.status, 'running', JSON.stringify(r).slice(0, 800));
    return r.containerId;
  };

  it('left alone, a leftover interactive bash does not hold the shutdown of systemd 252 (it is SIGKILLed)', async () => {
    const { docker } = engine.get();
    const id = await boot('plain');
    await leaveShell(docker, id, ['/bin/bash']);
    assert.ok((await processNames(docker, id)).includes('bash'), 'the shell is gone with its client');
    const r = await stopContainer(docker, id, { timeoutSec: 10 });
    assert.equal(r.exitCode, 0, JSON.stringify(r));
    assert.ok(r.durationMs < 5000, `the stop took ${r.durationMs} ms`);
  });

  it('hangs the leftover bash up first and says so; systemd stops with 0 within seconds', async () => {
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
  });

  it('refuses other execs into the container while it stops it, and the stop still ends with 0', async () => {
    const { docker, endpoint } = engine.get();
    const id = await boot('race');
    const stopping = stopGracefully(docker, id, endpoint);
    // What the view's refresh does on an engine event during the stop.
    const during = await execIn(docker, id, ['systemctl', 'is-system-running'], { endpoint }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const r = await stopping;
    assert.ok(during instanceof EngineError, `the exec ran during the stop: ${String(during)}`);
    assert.equal(during.kind, 'conflict');
    assert.match(during.message, /is being stopped/);
    assert.equal(r.exitCode, 0, JSON.stringify(r));
    assert.ok(r.durationMs < 5000, `the stop took ${r.durationMs} ms`);
    // Once stopped the mark is gone: the engine itself answers (the container is not running).
    await assert.rejects(
      execIn(docker, id, ['true'], { endpoint }),
      (e: EngineError) => /is not running/.test(e.message) && !/is being stopped/.test(e.message),
    );
  });
});
