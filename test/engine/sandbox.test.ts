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
import { bootContainer } from '../../client/src/engine/boot';
import { fetchFacts, type EngineFacts } from '../../client/src/engine/facts';
import { inspectImage } from '../../client/src/engine/image';
import { buildRunProfile, type RunProfile } from '../../client/src/engine/runProfile';
import { execIn } from '../../client/src/engine/exec';
import { removeContainer, stopContainer } from '../../client/src/engine/units';
import {
  SANDBOX_SETTINGS,
  verdict,
  type ContainerProfile,
  type SandboxSetting,
} from '../../server/src/security/containerSandbox';
import { lintUnitFile } from '../../server/src/kinds/unit/lint';
import { profileFromEngine } from '../../shared/engineProfile';
import { initLinter } from '../../server/src/lint';
import { FIXTURES, RUN_ID, buildFixture, engineSuite, removeImage, testLabels } from './helpers';
import * as fs from 'node:fs';

const engine = engineSuite();

/** The releases booted here; sid's systemd 262 needs the cgroup2 hierarchy bound on this v1 host. */
const RELEASES: { target: string; systemd: number }[] = [
  { target: 'bookworm', systemd: 252 },
  { target: 'trixie', systemd: 257 },
  { target: 'sid', systemd: 262 },
];
// --privileged is not booted: runc cannot start a privileged container on this host ("unable to apply caps").
const PROFILES: ContainerProfile[] = ['docker', 'docker-seccomp-unconfined', 'docker-sys-admin'];

/** The namespace a setting's sandbox lives in. */
function namespaceOf(setting: SandboxSetting): string {
  if (setting.key === 'PrivateUsers') return 'user';
  if (setting.key === 'PrivateNetwork') return 'net';
  if (setting.key === 'PrivateIPC') return 'ipc';
  if (setting.key === 'ProtectHostname') return 'uts';
  return 'mnt';
}

/** Per unit: active state, main exit status, and which of its namespaces differ from PID 1's. */
const PROBE = `for u in $(cd /etc/systemd/system && ls sct-sb-*.service); do
  p=$(systemctl show -P MainPID "$u"); ns=
  if [ "$p" != 0 ]; then for n in mnt net ipc uts user; do
    [ "$(readlink /proc/$p/ns/$n)" != "$(readlink /proc/1/ns/$n)" ] && ns="$ns$n,"; done; fi
  echo "$u $(systemctl show -P ActiveState "$u") $(systemctl show -P ExecMainStatus "$u") $ns"
done`;

interface UnitState {
  active: string;
  status: string;
  namespaces: string[];
}

function withFlags(profile: RunProfile, which: ContainerProfile, release: string): RunProfile {
  const host = { ...profile.create.HostConfig };
  if (which === 'docker-sys-admin') host.CapAdd = [...(host.CapAdd ?? []), 'SYS_ADMIN'];
  if (which === 'docker-seccomp-unconfined') host.SecurityOpt = [...(host.SecurityOpt ?? []), 'seccomp=unconfined'];
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
    for (const id of created) await removeContainer(docker, id, { force: true }).catch(() => undefined);
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
          const probe = await execIn(docker, r.containerId, ['sh', '-c', PROBE]);
          const states = new Map<string, UnitState>();
          for (const line of probe.stdout.trim().split('\n')) {
            const [unit, active, status, ns = ''] = line.split(' ');
            states.set(unit, { active, status, namespaces: ns.split(',').filter(Boolean) });
          }
          const wrong: string[] = [];
          for (const setting of SANDBOX_SETTINGS.filter((s) => s.measured)) {
            const state = states.get(`sct-sb-${setting.key}.service`);
            assert.ok(state, `no unit for ${setting.key}: ${probe.stdout}`);
            const v = verdict(setting, which, release.systemd);
            const own = state.namespaces.includes(namespaceOf(setting));
            const seen =
              state.active === 'failed'
                ? `fails ${state.status}`
                : state.active === 'active'
                  ? own
                    ? 'enforced'
                    : 'ignored'
                  : state.active;
            const expected = v.outcome === 'fails' ? `fails ${v.status.split('/')[0]}` : v.outcome;
            if (seen !== expected)
              wrong.push(`${setting.key}: table says ${expected}, the boot shows ${seen} (${JSON.stringify(state)})`);
          }
          assert.deepEqual(wrong, []);
          // The example unit fails with the status of one of its failing settings (systemd sets up the
          // namespaces in an order of its own), or runs where none fails.
          const example = states.get('sct-sb-issue-example.service')!;
          const statuses = ['DynamicUser', 'PrivateUsers']
            .map((key) =>
              verdict(
                SANDBOX_SETTINGS.find((s) => s.key === key)!,
                which,
                release.systemd,
              ),
            )
            .flatMap((v) => (v.outcome === 'fails' ? [`failed ${v.status.split('/')[0]}`] : []));
          // Measured: systemd 252 with seccomp=unconfined sets up the user namespace first and can then make
          // the mount namespace inside it, so DynamicUser= works there together with PrivateUsers= (alone it fails).
          if (release.systemd === 252 && which === 'docker-seccomp-unconfined') statuses.length = 0;
          if (statuses.length === 0) assert.equal(`${example.active} ${example.status}`, 'active 0');
          else
            assert.ok(
              statuses.includes(`${example.active} ${example.status}`),
              `example: ${JSON.stringify(example)}, expected one of ${statuses}`,
            );
          // The boot is degraded exactly when some row fails here.
          const anyFails = SANDBOX_SETTINGS.some(
            (s) => s.measured && verdict(s, which, release.systemd).outcome === 'fails',
          );
          assert.equal(r.status, anyFails ? 'degraded' : 'running');
          const stop = await stopContainer(docker, r.containerId, { timeoutSec: 10 });
          assert.equal(stop.exitCode, 0);
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
