/**
 * The boot matrix (issue 20): Debian bookworm (systemd 252), trixie (257) and sid (26x), made
 * by .ci/engine-setup.sh, each predicted by preflight and then booted through the real run
 * profile on the test dockerd; a boot of the sid image with the cgroup v1 tree (as a user's own
 * flags give it) diagnosed as the legacy hierarchy refusal; an image whose systemd binary is
 * deleted predicted `fails` and failing with the cause named; verify-image on a unit with a
 * misspelled key reporting the source file's line; the CLI's preflight and verify-image end to
 * end. Every prediction is checked against what really happened, and nothing is left behind.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { bootContainer, type BootResult } from '../../shared/engine/boot';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { withCgroupLayout } from '../../shared/engine/hostCgroup';
import { inspectImage } from '../../shared/engine/image';
import { predictBoot, runPreflight } from '../../shared/engine/preflight';
import { buildRunProfile } from '../../shared/engine/runProfile';
import { removeContainer, stopContainer } from '../../shared/engine/units';
import { verifyImage } from '../../shared/engine/verifyImage';
import {
  buildFixture,
  ENGINE_SOCKET,
  engineSuite,
  FIXTURES,
  removeCreated,
  removeImage,
  REPO,
  RUN_ID,
  testLabels,
} from './helpers';

const engine = engineSuite();

const MATRIX = [
  { image: 'sct/debian-systemd:bookworm', version: 252 },
  { image: 'sct/debian-systemd:trixie', version: 257 },
  { image: 'sct/debian-systemd:sid', minVersion: 258 },
];
const CLI = path.join(REPO, 'dist/cli.js');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_HOST: `unix://${ENGINE_SOCKET}` },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function containerCount(): Promise<number> {
  return (await engine.get().docker.listContainers({ all: true })).length;
}

describe('boot matrix: preflight, then a real boot through the run profile', () => {
  let facts: EngineFacts;
  const created: string[] = [];
  const tags: string[] = [];

  before(async () => {
    const { docker } = engine.get();
    for (const m of MATRIX) {
      await docker
        .getImage(m.image)
        .inspect()
        .catch(() =>
          assert.fail(
            `${m.image} is missing: run SCT_SUITE=${m.image.split(':')[1]} SCT_PLAIN_IMAGE=0 ` +
              '.ci/engine-setup.sh (see .ci/run)',
          ),
        );
    }
    facts = await withCgroupLayout(docker, await fetchFacts(docker), MATRIX[0].image, { labels: testLabels });
  });

  after(async () => {
    const { docker } = engine.get();
    await removeCreated(docker, created);
    for (const t of tags) await removeImage(docker, t);
  });

  it('this host: Docker on cgroup v1, hybrid (a cgroup2 hierarchy at /sys/fs/cgroup/unified)', () => {
    assert.equal(facts.engine, 'docker');
    assert.equal(facts.cgroupVersion, 1);
    assert.equal(
      facts.cgroupLayout,
      'hybrid',
      'docs/run-profile.md records a hybrid host; other layouts need their own measurements',
    );
  });

  const booted = async (result: BootResult): Promise<BootResult> => {
    if (result.status !== 'failed') created.push(result.containerId);
    return result;
  };

  for (const m of MATRIX) {
    it(`${m.image}: preflight says boots with its systemd version, and the boot reaches running`, async () => {
      const { docker } = engine.get();
      const pf = await runPreflight(docker, facts, m.image, { labels: testLabels });
      assert.equal(pf.verdict, 'boots', JSON.stringify(pf.reasons));
      if (m.version) assert.equal(pf.systemdVersion, m.version);
      else assert.ok((pf.systemdVersion ?? 0) >= m.minVersion!, `sid's systemd ${pf.systemdVersion}`);
      assert.equal(pf.profile.cgroupArrangement, 'unified-bind');
      const image = await inspectImage(docker, m.image, { probeSystemd: true, probeLabels: testLabels });
      const profile = buildRunProfile(facts, image, {
        name: `matrix-${m.image.split(':')[1]}-${RUN_ID}`,
        labels: testLabels,
      });
      assert.ok(profile.create.HostConfig?.Binds?.includes('/sys/fs/cgroup/unified:/sys/fs/cgroup:rw'));
      const r = await booted(await bootContainer(docker, profile));
      assert.equal(r.status, 'running', JSON.stringify(r.status === 'failed' ? r.diagnosis.summary : r, null, 1));
      // The version the boot wait read with `systemctl --version` is the one preflight read from the image.
      assert.equal(r.systemdVersion, pf.systemdVersion);
      const stop = await stopContainer(docker, r.containerId, { timeoutSec: 10 });
      assert.equal(stop.exitCode, 0, `stop of ${m.image}: ${JSON.stringify(stop)}`);
      await removeContainer(docker, r.containerId, { force: true });
      created.splice(created.indexOf(r.containerId), 1);
    });
  }

  it(
    "sid with the cgroup v1 tree (a user's own -v /sys/fs/cgroup:/sys/fs/cgroup): predicted and diagnosed as " +
      'the legacy hierarchy refusal',
    async () => {
      const { docker } = engine.get();
      const legacyFacts: EngineFacts = { ...facts, cgroupLayout: 'legacy' };
      const image = await inspectImage(docker, 'sct/debian-systemd:sid', {
        probeSystemd: true,
        probeLabels: testLabels,
      });
      const profile = buildRunProfile(legacyFacts, image, { name: `matrix-sid-v1-${RUN_ID}`, labels: testLabels });
      assert.ok(profile.create.HostConfig?.Binds?.includes('/sys/fs/cgroup:/sys/fs/cgroup:rw'));
      const predicted = predictBoot(legacyFacts, image, profile);
      assert.equal(predicted.verdict, 'fails');
      assert.equal(predicted.reasons[0].id, 'legacy-cgroup-refused');
      const r = await booted(await bootContainer(docker, profile));
      assert.equal(r.status, 'failed');
      if (r.status !== 'failed') return;
      assert.deepEqual(
        r.diagnosis.findings.map((f) => f.id),
        ['legacy-cgroup-refused'],
        r.diagnosis.log,
      );
      assert.match(r.diagnosis.findings[0].fix, /\/sys\/fs\/cgroup\/unified:\/sys\/fs\/cgroup:rw/);
      assert.equal(r.kept, false);
    },
  );

  it(
    'an image whose systemd binary is deleted: preflight says ' + 'fails, the boot fails with the missing init named',
    async () => {
      const { docker } = engine.get();
      const built = await buildFixture(docker, 'preflight-no-init');
      tags.push(built.tag);
      const pf = await runPreflight(docker, facts, built.tag, { labels: testLabels });
      assert.equal(pf.verdict, 'fails');
      assert.equal(pf.reasons[0].id, 'no-systemd');
      const image = await inspectImage(docker, built.tag, { probeSystemd: true, probeLabels: testLabels });
      const r = await booted(
        await bootContainer(docker, buildRunProfile(facts, image, { labels: testLabels }), { imageHasSystemd: false }),
      );
      assert.equal(r.status, 'failed');
      if (r.status !== 'failed') return;
      assert.equal(r.diagnosis.findings[0]?.id, 'init-missing', r.diagnosis.summary);
      assert.equal(r.diagnosis.findings[0].rule?.id, 'SCT102');
    },
  );

  it(
    'an image with no systemd at all: preflight says fails ' + '(SCT102); verify-image says it has no systemd-analyze',
    async () => {
      const { docker } = engine.get();
      const pf = await runPreflight(docker, facts, 'sct/debian:bookworm', { labels: testLabels });
      assert.equal(pf.verdict, 'fails');
      assert.equal(pf.reasons[0].id, 'no-systemd');
      const v = await verifyImage(docker, 'sct/debian:bookworm', { labels: testLabels });
      assert.equal(v.analyzerFound, false);
      assert.match(v.notes.join(' '), /no systemd-analyze/);
    },
  );

  it("verify-image: the misspelled key of a COPYed unit, at the source file's line", async () => {
    const { docker } = engine.get();
    const built = await buildFixture(docker, 'verify-unit');
    tags.push(built.tag);
    const dockerfile = path.join(FIXTURES, 'verify-unit/Dockerfile');
    const v = await verifyImage(docker, built.tag, { dockerfile, labels: testLabels });
    assert.equal(v.base, 'sct/debian-systemd:bookworm');
    assert.deepEqual(v.analyzed, ['/etc/systemd/system/app.service']);
    assert.equal(v.findings.length, 1, v.output);
    const f = v.findings[0];
    assert.match(f.message, /ExecStrat/);
    assert.equal(f.line, 5);
    assert.equal(f.source?.file, path.join(FIXTURES, 'verify-unit/app.service'));
    assert.equal(f.source?.line, 5);
    assert.equal(f.source?.instructionLine, 4);
  });

  it(
    'the CLI: preflight --format json for the three releases, verify-image at file:line, clear errors with exit ' +
      '2, nothing left',
    async () => {
      const before = await containerCount();
      for (const m of MATRIX) {
        const r = cli(['preflight', '--format', 'json', m.image]);
        assert.equal(r.status, 0, r.stderr);
        const j = JSON.parse(r.stdout) as {
          verdict: string;
          systemdVersion: number;
          cgroupVersion: number;
          engine: { kind: string };
          reasons: unknown[];
        };
        assert.equal(j.verdict, 'boots');
        assert.ok(Number.isInteger(j.systemdVersion));
        if (m.version) assert.equal(j.systemdVersion, m.version);
        assert.equal(j.cgroupVersion, 1);
        assert.equal(j.engine.kind, 'docker');
        assert.deepEqual(j.reasons, []);
      }
      const none = cli(['preflight', '--format', 'json', 'sct/debian:bookworm']);
      assert.equal(none.status, 1);
      assert.equal((JSON.parse(none.stdout) as { verdict: string }).verdict, 'fails');
      const missing = cli(['preflight', `sct-no-such-image:${RUN_ID}`]);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /no such image/i);
      const unreachable = cli(['preflight', '--host', 'unix:///nonexistent/sct.sock', 'sct/debian-systemd:sid']);
      assert.equal(unreachable.status, 2);
      assert.match(unreachable.stderr, /No engine socket/);
      for (const r of [missing, unreachable]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');

      const fixture = path.join(FIXTURES, 'verify-unit');
      const built = await buildFixture(engine.get().docker, 'verify-unit');
      tags.push(built.tag);
      const v = cli(['verify-image', '--format', 'json', '--dockerfile', path.join(fixture, 'Dockerfile'), built.tag]);
      assert.equal(v.status, 1, v.stderr);
      const j = JSON.parse(v.stdout) as { findings: Array<{ source?: { file: string; line: number } }> };
      assert.deepEqual(
        j.findings.map((f) => [f.source?.file, f.source?.line]),
        [[path.join(fixture, 'app.service'), 5]],
      );
      const noAnalyzer = cli(['verify-image', 'sct/debian:bookworm']);
      assert.equal(noAnalyzer.status, 2);
      assert.match(noAnalyzer.stderr, /no systemd-analyze/);

      const pfBuild = cli(['preflight', '--format', 'json', '--dockerfile', path.join(fixture, 'Dockerfile')]);
      assert.equal(pfBuild.status, 0, pfBuild.stderr);
      assert.equal((JSON.parse(pfBuild.stdout) as { systemdVersion: number }).systemdVersion, 252);
      const temporary = await engine.get().docker.listImages({ filters: { label: ['sct.preflight=temporary'] } });
      assert.deepEqual(
        temporary.map((i) => i.RepoTags),
        [],
        'preflight --dockerfile removes its temporary image',
      );
      assert.equal(await containerCount(), before, 'the CLI left no container');
    },
  );
});
