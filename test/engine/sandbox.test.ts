/**
 * Every measured row of server/src/security/containerSandbox.ts on a real boot: one service per
 * sandboxing setting (test/fixtures/engine/sandbox), booted with the product's run profile on each
 * systemd release the engine tests boot, unprivileged and with each run flag the table offers.
 * A "fails" verdict must show the exit status; "ignored" an active service that shares PID 1's
 * namespace; "enforced" an active service in a namespace of its own.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { bootContainer } from '../../shared/engine/boot';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { inspectImage } from '../../shared/engine/image';
import { buildRunProfile, type RunProfile } from '../../shared/engine/runProfile';
import { execIn } from '../../shared/engine/exec';
import { removeContainer, stopContainer } from '../../shared/engine/units';
import type { ContainerProfile } from '../../server/src/security/containerSandbox';
import { lintUnitFile } from '../../server/src/kinds/unit/lint';
import { profileFromEngine } from '../../shared/engineProfile';
import { initLinter } from '../../server/src/lint';
import { buildFixture, engineSuite, FIXTURES, removeCreated, removeImage, RUN_ID, testLabels } from './helpers';
import * as fs from 'node:fs';
import { SANDBOX_PROBE, anyRowFails, exampleOutcomes, parseProbe, wrongRows } from './sandboxProbe';

const engine = engineSuite();

/** The releases booted here; sid's systemd 262 needs the cgroup2 hierarchy bound on this v1 host. */
const RELEASES: { target: string; systemd: number }[] = [
  { target: 'bookworm', systemd: 252 },
  { target: 'trixie', systemd: 257 },
  { target: 'sid', systemd: 262 },
];
/**
 * docker-privileged is booted as every capability but CAP_SYS_RESOURCE with no seccomp filter, AppArmor profile or
 * masked paths: --privileged itself cannot start here, the VM's own bounding set lacks CAP_SYS_RESOURCE (runc:
 * "unable to apply caps: operation not permitted").
 */
const PROFILES: ContainerProfile[] = ['docker', 'docker-seccomp-unconfined', 'docker-sys-admin', 'docker-privileged'];

function withFlags(profile: RunProfile, which: ContainerProfile, release: string): RunProfile {
  const host = { ...profile.create.HostConfig };
  if (which === 'docker-sys-admin') host.CapAdd = [...(host.CapAdd ?? []), 'SYS_ADMIN'];
  if (which === 'docker-seccomp-unconfined') host.SecurityOpt = [...(host.SecurityOpt ?? []), 'seccomp=unconfined'];
  if (which === 'docker-privileged') {
    host.CapAdd = ['ALL'];
    host.CapDrop = ['SYS_RESOURCE'];
    host.SecurityOpt = [...(host.SecurityOpt ?? []), 'seccomp=unconfined', 'apparmor=unconfined'];
    // What the CLI's --security-opt systempaths=unconfined sends: nothing of /proc masked or read-only.
    Object.assign(host, { MaskedPaths: [], ReadonlyPaths: [] });
  }

  // systemd 262 refuses the v1 tree (docs/run-profile.md); the host's cgroup2 hierarchy is bound instead.
  if (release === 'sid')
    host.Binds = (host.Binds ?? []).map((b) =>
      b.startsWith('/sys/fs/cgroup:') ? '/sys/fs/cgroup/unified:/sys/fs/cgroup:rw' : b,
    );
  return { ...profile, create: { ...profile.create, HostConfig: host } };
}

describe('unit sandboxing in containers: every measured row on a real boot', () => {
  let facts: EngineFacts;
  const tags: string[] = [];
  const created: string[] = [];

  before(async () => {
    facts = await fetchFacts(engine.get().docker);
  });

  after(async () => {
    const { docker } = engine.get();
    await removeCreated(docker, created);
    for (const tag of tags) await removeImage(docker, tag);
  });

  for (const release of RELEASES) {
    describe(`systemd ${release.systemd} (${release.target})`, () => {
      let tag = '';
      before(async () => {
        tag = (await buildFixture(engine.get().docker, 'sandbox', release.target)).tag;
        tags.push(tag);
      });

      for (const which of PROFILES) {
        it(`${which}: each setting fails, is ignored or is enforced as the table says`, async () => {
          const { docker } = engine.get();
          const image = await inspectImage(docker, tag, { probeSystemd: true, probeLabels: testLabels });
          const base = buildRunProfile(facts, image, {
            name: `sandbox-${release.target}-${which}-${RUN_ID}`,
            labels: testLabels,
          });
          const r = await bootContainer(docker, withFlags(base, which, release.target), { settleMs: 1000 });
          if (r.status !== 'failed') created.push(r.containerId);
          assert.ok(r.status === 'running' || r.status === 'degraded', JSON.stringify(r, null, 1));
          // The profile worked out from the engine's facts and the container's own HostConfig is the one booted.
          const inspect = await docker.getContainer(r.containerId).inspect();
          assert.equal(profileFromEngine(facts, inspect.HostConfig).profile, which);
          const probe = await execIn(docker, r.containerId, ['sh', '-c', SANDBOX_PROBE]);
          const states = parseProbe(probe.stdout);
          assert.deepEqual(wrongRows(states, which, release.systemd), []);
          const example = states.get('sct-sb-issue-example.service')!;
          assert.ok(
            exampleOutcomes(which, release.systemd).includes(`${example.active} ${example.status}`),
            `example: ${JSON.stringify(example)}, expected one of ${exampleOutcomes(which, release.systemd)}`,
          );
          // The boot is degraded exactly when some unit failed: a sandbox row the table says fails, or (with every
          // capability) systemd-modules-load, which CAP_SYS_MODULE lets run and which finds no modules here.
          const failed = (
            await execIn(docker, r.containerId, ['systemctl', 'list-units', '--failed', '--plain', '--no-legend'])
          ).stdout
            .split('\n')
            .map((l) => l.trim().split(/\s+/)[0])
            .filter(Boolean);
          const allowed = (u: string) =>
            u.startsWith('sct-sb-') || (which === 'docker-privileged' && u === 'systemd-modules-load.service');
          assert.deepEqual(
            failed.filter((u) => !allowed(u)),
            [],
            'no other unit fails',
          );
          assert.equal(
            failed.some((u) => u.startsWith('sct-sb-')),
            anyRowFails(which, release.systemd),
          );
          assert.equal(r.status, failed.length ? 'degraded' : 'running');
          const stop = await stopContainer(docker, r.containerId, { timeoutSec: 10 });
          // With CAP_SYS_BOOT systemd powers off with reboot(2), which in a PID namespace ends PID 1 by SIGINT
          // (pid_namespaces(7)): 128 + 2. Without it systemd exits 0 itself.
          assert.equal(stop.exitCode, which === 'docker-privileged' ? 130 : 0);
          await removeContainer(docker, r.containerId);
          created.splice(created.indexOf(r.containerId), 1);
        });
      }
    });
  }

  it(
    "the issue's example: the linter warns on DynamicUser= and PrivateUsers= only (the boots above fail that " +
      'unit)',
    async () => {
      await initLinter();
      const file = path.join(FIXTURES, 'sandbox/units/sct-sb-issue-example.service');
      const dockerfile = path.join(FIXTURES, 'sandbox/Dockerfile');
      const findings = lintUnitFile(file, fs.readFileSync(file, 'utf8'), {
        readFile: (p) => (fs.existsSync(p) && fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined),
        listDir: (p) => (fs.existsSync(p) && fs.statSync(p).isDirectory() ? fs.readdirSync(p) : undefined),
      });
      assert.ok(fs.existsSync(dockerfile));
      const warned = findings
        .filter((f) => f.ruleName === 'sandboxing-fails-in-container')
        .map((f) => f.message.split('=')[0]);
      assert.deepEqual(warned, ['DynamicUser', 'PrivateUsers']);
    },
  );
});
