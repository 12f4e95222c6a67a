/** build.ts on the real test dockerd: failing steps mapped to Dockerfile lines, args, cancel. */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildImage, type BuildProgress } from '../../shared/engine/build';
import { EngineError } from '../../shared/engine/errors';
import { FIXTURES, RUN_ID, engineSuite, removeImage, testLabels } from './helpers';

const engine = engineSuite();

describe('build.ts', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-build-'));
  const tags: string[] = [];
  after(async () => {
    for (const t of tags) await removeImage(engine.get().docker, t);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a failing RUN is reported with its Dockerfile lines (step 3 → lines 7-8)', async () => {
    const { docker } = engine.get();
    const tag = `sct-test-engine/failing:${RUN_ID}`;
    tags.push(tag);
    const steps: number[] = [];
    const r = await buildImage(docker, {
      contextDir: path.join(FIXTURES, 'failing-build'),
      tag,
      labels: testLabels,
      onProgress: (e: BuildProgress) => e.kind === 'step' && steps.push(e.step.index),
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(steps, [1, 2, 3]);
    assert.equal(r.failedStep?.index, 3);
    assert.equal(r.failedStep?.line, 7);
    assert.equal(r.failedStep?.endLine, 8);
    assert.match(r.failedStep?.text ?? '', /^RUN echo "this step fails"/);
    assert.match(r.error, /returned a non-zero code: 1 \(Dockerfile line 7: step 3\/5 RUN/);
    // forcerm: the failed step's container is not left behind (the leak check also looks).
    const left = await docker.listContainers({
      all: true,
      filters: { status: ['exited'], ancestor: ['sct/debian:bookworm'] },
    });
    assert.equal(left.filter((c) => /this step fails/.test(c.Command)).length, 0);
  });

  it('build args, a chosen Dockerfile and the tag from the folder name', async () => {
    const { docker } = engine.get();
    const dir = path.join(tmp, 'My Project_Dir!');
    fs.mkdirSync(path.join(dir, 'docker'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'docker', 'Containerfile'),
      'FROM sct/debian:bookworm\nARG GREETING=unset\nLABEL greeting=$GREETING\n',
    );
    const r = await buildImage(docker, {
      contextDir: dir,
      dockerfile: 'docker/Containerfile',
      buildArgs: { GREETING: 'hello world' },
      labels: testLabels,
    });
    assert.equal(r.tag, 'my-project_dir:latest');
    tags.push(r.tag);
    assert.ok(r.ok, r.ok ? '' : r.error);
    const info = await docker.getImage(r.tag).inspect();
    assert.equal(info.Config.Labels?.greeting, 'hello world');
    assert.deepEqual(
      r.steps.map((s) => s.line),
      [1, 2, 3, undefined],
      'the last step is the builder-added LABEL of --label',
    );
  });

  it('a missing base image fails at the FROM line', async () => {
    const { docker } = engine.get();
    const dir = path.join(tmp, 'nobase');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      '# no such image, and no registry here\n\nFROM sct-test-engine/does-not-exist:1\nRUN true\n',
    );
    const r = await buildImage(docker, {
      contextDir: dir,
      tag: `sct-test-engine/nobase:${RUN_ID}`,
      labels: testLabels,
    });
    tags.push(`sct-test-engine/nobase:${RUN_ID}`);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.failedStep?.line, 3);
  });

  it('cancelling a build rejects with "aborted"', async () => {
    const { docker } = engine.get();
    const dir = path.join(tmp, 'slow');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM sct/debian:bookworm\nRUN sleep 20\n');
    const ac = new AbortController();
    const tag = `sct-test-engine/slow:${RUN_ID}`;
    tags.push(tag);
    let stepContainer = '';
    const p = buildImage(docker, {
      contextDir: dir,
      tag,
      labels: testLabels,
      signal: ac.signal,
      onProgress: (e) => {
        const m = e.kind === 'output' ? /Running in ([0-9a-f]+)/.exec(e.text) : null;
        if (m) {
          stepContainer = m[1];
          setTimeout(() => ac.abort(), 500);
        }
      },
    });
    await assert.rejects(p, (e: unknown) => e instanceof EngineError && e.kind === 'aborted');
    assert.ok(stepContainer, 'the RUN step had started');
    // The daemon stops the build when the client goes away, and forcerm removes the step's container.
    let gone = false;
    for (let i = 0; i < 40 && !gone; i++) {
      gone = await docker
        .getContainer(stepContainer)
        .inspect()
        .then(
          () => false,
          () => true,
        );
      if (!gone) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(gone, `the cancelled step's container ${stepContainer} is gone`);
  });
});
