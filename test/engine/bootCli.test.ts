/**
 * `systemd-container-lint boot` as CI runs it: the bundled dist/cli.js in a child process against
 * the real test dockerd (DOCKER_HOST), every container and image labelled sct.test=<run id>.
 * Healthy → running (exit 0), a failing unit → degraded with the unit named (exit 1), an image
 * without systemd → failed with the cause (exit 1), a start job longer than --timeout → failed at the
 * deadline with the state and the job named, interrupted mid-boot → nothing left.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { FIXTURES, REPO, RUN_ID, TEST_LABEL, buildFixture, engineSuite, removeImage } from './helpers';

const engine = engineSuite();
const CLI = path.join(REPO, 'dist/cli.js');
const env = { ...process.env, DOCKER_HOST: `unix://${process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock'}` };
const LABEL = ['--label', `${TEST_LABEL}=${RUN_ID}`];

interface Report {
  state: string;
  bootSeconds: number | null;
  failedUnits: Array<{ unit: string; log: string[] }>;
  diagnosis: { summary: string; findings: Array<{ cause: string; fix: string; rule?: string }> } | null;
  image: string;
  engine: { kind: string; endpoint: string };
  profile: { command: string[] };
  container: { id: string; kept: boolean } | null;
}

function boot(args: string[]): { status: number | null; report: Report; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'boot', '--format', 'json', ...LABEL, ...args], {
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    assert.fail(`boot ${args.join(' ')}: no JSON on stdout (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

async function ours(): Promise<string[]> {
  const list = await engine.get().docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${RUN_ID}`] } });
  return list.map((c) => `${c.Id.slice(0, 12)} ${c.State}`);
}

describe('systemd-container-lint boot on the real dockerd', () => {
  const tags: string[] = [];
  let failing = '';
  before(async () => {
    failing = (await buildFixture(engine.get().docker, 'systemd', 'with-failing-unit')).tag;
    tags.push(failing);
  });
  after(async () => {
    for (const t of tags) await removeImage(engine.get().docker, t);
  });

  it('--dockerfile builds, boots to running, prints the fields, exits 0 and removes the container', async () => {
    const tag = `sct-test-engine/boot-cli:${RUN_ID}`;
    tags.push(tag);
    const r = boot(['--dockerfile', path.join(FIXTURES, 'systemd/Dockerfile'), '--target', 'base', '--tag', tag]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.report.state, 'running');
    assert.equal(r.report.image, tag);
    assert.ok(
      typeof r.report.bootSeconds === 'number' && r.report.bootSeconds > 0 && r.report.bootSeconds < 60,
      String(r.report.bootSeconds),
    );
    assert.deepEqual(r.report.failedUnits, []);
    assert.equal(r.report.engine.kind, 'docker');
    assert.match(r.report.engine.endpoint, /^unix:\/\//);
    assert.ok(r.report.profile.command.includes('--tmpfs'), r.report.profile.command.join(' '));
    assert.equal(r.report.container?.kept, false);
    assert.deepEqual(await ours(), []);
  });

  it('a failing unit: degraded, the unit named with its last log lines, exit 1', async () => {
    const r = boot([failing]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.report.state, 'degraded');
    assert.deepEqual(
      r.report.failedUnits.map((u) => u.unit),
      ['sct-fail.service'],
    );
    assert.ok(
      r.report.failedUnits[0].log.some((l) => /Failed with result 'exit-code'/.test(l)),
      r.report.failedUnits[0].log.join('\n'),
    );
    assert.ok(
      !r.report.failedUnits[0].log.some((l) => /Failed to get cgroup ID/.test(l)),
      'harmless cgroup ID lines are left out',
    );
    assert.match(r.report.diagnosis?.summary ?? '', /1 failed unit \(sct-fail\.service\)/);
    assert.deepEqual(await ours(), []);
  });

  it('an image that cannot boot (no systemd): failed with the cause and the fix, exit 1, nothing left', async () => {
    const r = boot(['--timeout', '60', 'sct/debian:bookworm']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.report.state, 'failed');
    assert.equal(r.report.bootSeconds, null);
    const finding = r.report.diagnosis?.findings[0];
    assert.match(finding?.cause ?? '', /systemd is not installed in the image/);
    assert.match(finding?.rule ?? '', /SCT102/);
    assert.deepEqual(await ours(), []);
  });

  it('a boot that outlasts --timeout: failed at the deadline, the summary names the state and the queued job', async () => {
    const slow = (await buildFixture(engine.get().docker, 'systemd', 'with-slow-start')).tag;
    tags.push(slow);
    const t0 = Date.now();
    const r = boot(['--timeout', '6', slow]);
    const took = (Date.now() - t0) / 1000;
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.report.state, 'failed');
    assert.ok(took >= 5.5 && took < 25, `exited after ${took.toFixed(1)} s`);
    assert.match(
      r.report.diagnosis?.summary ?? '',
      /^systemd did not finish booting within 6 s \(state: starting; jobs still queued: .*sct-slow\.service \(start, running\)/,
    );
    assert.deepEqual(await ours(), []);
  });

  it('text output, --keep leaves the container running', async () => {
    const r = spawnSync(process.execPath, [CLI, 'boot', ...LABEL, '--keep', failing], {
      env,
      encoding: 'utf8',
      timeout: 180_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^${failing.replace(/[/.:]/g, '\\$&')}: degraded in [0-9.]+ s\n  failed unit sct-fail\\.service`),
    );
    const left = await ours();
    assert.equal(left.length, 1, left.join(', '));
    assert.match(left[0], /running/);
    assert.match(r.stdout, new RegExp(`container: ${left[0].slice(0, 12)} kept`));
    await engine.get().docker.getContainer(left[0].slice(0, 12)).remove({ force: true, v: true });
  });

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} mid-boot: the CLI removes the container it created and exits 128+N`, async () => {
      const child = spawn(process.execPath, [CLI, 'boot', ...LABEL, failing], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "Starting" line within 60 s:\n${stderr}`)), 60_000);
        child.stderr.on('data', (b: Buffer) => {
          stderr += b.toString();
          if (/Starting [0-9a-f]{12}/.test(stderr)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      child.kill(sig);
      const code = await exited;
      assert.equal(code, sig === 'SIGINT' ? 130 : 143, stderr);
      assert.match(stderr, /interrupted/);
      assert.deepEqual(await ours(), [], stderr);
    });
  }
});
