/**
 * The hardening action (server/src/security/harden.ts) applied to real Debian services in a real
 * container: nginx, redis, memcached, rsyslog, haproxy, lighttpd and ssh installed with apt on the systemd
 * base (test/fixtures/engine/hardening), booted with the product's unprivileged run profile. Each
 * service's unit is read from the booted image, the settings the action offers (plus the image's fix
 * for what the container forbids, SCT710) are written as a drop-in into a second image, and that
 * image is booted: every service must still be active and do its job, and the real
 * `systemd-analyze security --offline=yes` in the container must give the exposure we predicted, lower
 * than before. Debian's redis-server is hardened already: it gets only the fix for PrivateUsers=.
 * ssh.service starts login sessions, so nothing is offered for it; a third image shows why: with
 * NoNewPrivileges= on it, sudo in an ssh session fails.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { bootContainer, type BootResult } from '../../shared/engine/boot';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { inspectImage } from '../../shared/engine/image';
import { buildRunProfile } from '../../shared/engine/runProfile';
import { buildImage } from '../../shared/engine/build';
import { execIn } from '../../shared/engine/exec';
import { removeContainer, stopContainer } from '../../shared/engine/units';
import { hardening } from '../../server/src/security/harden';
import { SANDBOX_SETTINGS, verdict } from '../../server/src/security/containerSandbox';
import { assessService } from '../../server/src/security/exposure';
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';
import { lintUnitFile } from '../../server/src/kinds/unit/lint';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { buildFixture, engineSuite, FIXTURES, removeCreated, removeImage, RUN_ID, testLabels } from './helpers';

const engine = engineSuite();
const SYSTEMD = 252;

interface Service {
  unit: string;
  /** A command that shows the service doing its job, and what its output must match. */
  probe: string[];
  works: RegExp;
}

const SSH_AS_SCT = [
  'ssh',
  '-o',
  'BatchMode=yes',
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  'sct@127.0.0.1',
];
const SERVICES: Service[] = [
  {
    unit: 'nginx.service',
    probe: ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', 'http://127.0.0.1/'],
    works: /^200$/,
  },
  { unit: 'redis-server.service', probe: ['redis-cli', 'ping'], works: /^PONG$/m },
  {
    unit: 'memcached.service',
    probe: ['sh', '-c', 'printf "set k 0 0 2\\r\\nok\\r\\nget k\\r\\nquit\\r\\n" | nc -q 2 127.0.0.1 11211'],
    works: /VALUE k 0 2\s+ok/,
  },
  {
    unit: 'rsyslog.service',
    probe: ['sh', '-c', 'logger -t sct-hardening probe && sleep 1 && grep -c "sct-hardening.*probe" /var/log/syslog'],
    works: /^[1-9]\d*$/m,
  },
  { unit: 'haproxy.service', probe: ['curl', '-sS', 'http://127.0.0.1:8080/'], works: /^ok$/ },
  {
    unit: 'lighttpd.service',
    probe: ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', 'http://127.0.0.1:8081/index.lighttpd.html'],
    works: /^200$/,
  },
  { unit: 'ssh.service', probe: [...SSH_AS_SCT, 'sudo -n id -u'], works: /^0$/m },
];

interface Observed {
  active: string;
  status: string;
  works: boolean;
  output: string;
  /** `systemd-analyze security --offline=yes` in the booted container (its unit files and drop-ins), in tenths. */
  exposure: number;
}

async function observe(docker: Docker, id: string, s: Service): Promise<Observed> {
  const active = (await execIn(docker, id, ['systemctl', 'show', '-P', 'ActiveState', s.unit])).stdout.trim();
  const status = (await execIn(docker, id, ['systemctl', 'show', '-P', 'ExecMainStatus', s.unit])).stdout.trim();
  const probe = await execIn(docker, id, s.probe, { timeoutMs: 20_000 });
  const output = `${probe.stdout}${probe.stderr}`.trim();
  // --offline=yes, as the issue and our score define it (the online answer of 252 differs on PrivateMounts=).
  const analyze = await execIn(docker, id, ['systemd-analyze', 'security', '--offline=yes', '--no-pager', s.unit]);
  const m = /Overall exposure level for \S+: (\d+)\.(\d)/.exec(analyze.stdout);
  assert.ok(m, `systemd-analyze security ${s.unit}: ${analyze.stdout}${analyze.stderr}`);
  return {
    active,
    status,
    works: probe.exitCode === 0 && s.works.test(probe.stdout.trim()),
    output,
    exposure: Number(m[1]) * 10 + Number(m[2]),
  };
}

/** An image FROM `base` with `files` (path under /etc/systemd/system → text) added. */
async function imageWith(docker: Docker, base: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-hardening-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, 'system', rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'system', rel), text);
    }
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${base}\nCOPY system/ /etc/systemd/system/\n`);
    const tag = `sct-test-engine/hardening-${name}:${RUN_ID}`;
    const r = await buildImage(docker, { contextDir: dir, tag, labels: testLabels });
    if (!r.ok) assert.fail(`building ${tag} failed: ${r.error}\n${r.log}`);
    return tag;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the hardening action on real Debian services in an unprivileged container (systemd 252)', () => {
  let facts: EngineFacts;
  const tags: string[] = [];
  const created: string[] = [];
  const texts = new Map<string, string>();
  const beforeFix = new Map<string, Observed>();

  async function boot(tag: string, name: string): Promise<BootResult & { containerId: string }> {
    const { docker } = engine.get();
    const image = await inspectImage(docker, tag, { probeSystemd: true, probeLabels: testLabels });
    const profile = buildRunProfile(facts, image, { name: `hardening-${name}-${RUN_ID}`, labels: testLabels });
    const r = await bootContainer(docker, profile, { settleMs: 1500 });
    if (r.status !== 'failed') created.push(r.containerId);
    assert.notEqual(r.status, 'failed', JSON.stringify(r, null, 1));
    return r;
  }

  async function finish(id: string): Promise<void> {
    const { docker } = engine.get();
    const stop = await stopContainer(docker, id, { timeoutSec: 10 });
    assert.equal(stop.exitCode, 0);
    await removeContainer(docker, id);
    created.splice(created.indexOf(id), 1);
  }

  before(async () => {
    await initLinter();
    facts = await fetchFacts(engine.get().docker);
    tags.push((await buildFixture(engine.get().docker, 'hardening')).tag);
  });

  after(async () => {
    const { docker } = engine.get();
    await removeCreated(docker, created);
    for (const tag of tags.reverse()) await removeImage(docker, tag);
  });

  it('as installed: the services the linter flags with SCT710 fail with its exit status, the others work', async () => {
    const { docker } = engine.get();
    const r = await boot(tags[0], 'installed');
    for (const s of SERVICES) {
      const fragment = await execIn(docker, r.containerId, ['systemctl', 'show', '-P', 'FragmentPath', s.unit]);
      const text = await execIn(docker, r.containerId, ['cat', fragment.stdout.trim()]);
      assert.equal(text.exitCode, 0, text.stderr);
      texts.set(s.unit, text.stdout);
      beforeFix.set(s.unit, await observe(docker, r.containerId, s));
    }
    const failing: string[] = [];
    for (const s of SERVICES) {
      const seen = beforeFix.get(s.unit)!;
      const flagged = containerFix(s.unit);
      // Our score of the unit as shipped is the real tool's in the booted container.
      assert.equal(assessService([parseUnitFile(texts.get(s.unit)!)], s.unit, SYSTEMD).exposure, seen.exposure, s.unit);
      if (flagged.statuses.length === 0) {
        assert.ok(seen.active === 'active' && seen.works, `${s.unit} as installed: ${JSON.stringify(seen)}`);
      } else {
        failing.push(s.unit);
        assert.equal(seen.active, 'failed', `${s.unit}: ${JSON.stringify(seen)}`);
        assert.ok(
          flagged.statuses.includes(seen.status),
          `${s.unit} exits ${seen.status}, SCT710 says ${flagged.statuses}`,
        );
      }
    }
    // Debian's redis-server ships PrivateUsers=true and haproxy a BindReadOnlyPaths= to another path.
    assert.deepEqual(failing, ['redis-server.service', 'haproxy.service']);
    // SCT116 names exactly these packages on the fixture's install lines, from the package data alone.
    const dockerfile = fs.readFileSync(path.join(FIXTURES, 'hardening/Dockerfile'), 'utf8');
    const named = lintDockerfile(dockerfile)
      .filter((f) => f.ruleId === 'SCT116')
      .map((f) => f.message.split(' ships ')[1].split(' ')[0]);
    assert.deepEqual(named, failing);
    assert.equal(r.status, 'degraded');
    await finish(r.containerId);
  });

  /** SCT710's "turn off" edits for a unit (as a drop-in's lines) and the exit statuses it predicts. */
  function containerFix(unit: string): { lines: string[]; statuses: string[] } {
    const findings = lintUnitFile(`/image/${unit}`, texts.get(unit)!, {
      config: { target: 'container' },
      systemdVersion: SYSTEMD,
    });
    const sct710 = findings.filter((f) => f.ruleId === 'SCT710');
    return {
      lines: sct710.map((f) => f.fixes[0].edits[0].newText),
      statuses: sct710.map((f) => /exits (?:with status )?(\d+)\//.exec(f.message)?.[1] ?? '?'),
    };
  }

  it(
    'hardened: every service still runs and works, and systemd-analyze security gives the lower exposure we ' +
      'predicted',
    async () => {
      assert.equal(texts.size, SERVICES.length, 'the first test read the units');
      const { docker } = engine.get();
      const plans = SERVICES.map((s) => {
        const fix = containerFix(s.unit);
        const fixed = `${texts.get(s.unit)!}\n[Service]\n${fix.lines.join('\n')}\n`;
        const h = hardening(fixed, s.unit, 'docker', SYSTEMD);
        return { s, fix, h };
      });
      const files: Record<string, string> = {};
      for (const { s, fix, h } of plans) {
        // Never a setting the profile makes fail or ignores.
        for (const line of h.lines) {
          const setting = SANDBOX_SETTINGS.find((x) => x.key === line.split('=')[0]);
          assert.ok(
            !setting || verdict(setting, 'docker', SYSTEMD).outcome === 'enforced',
            `${s.unit}: ${line} offered`,
          );
        }
        if (s.unit === 'ssh.service')
          assert.deepEqual(h.lines, [], 'nothing offered for a service that starts login sessions');
        else if (s.unit === 'redis-server.service')
          assert.deepEqual(h.lines, [], 'Debian hardens redis already: nothing left to offer');
        else assert.ok(h.lines.length > 0 && h.after < h.before, `${s.unit}: ${JSON.stringify(h)}`);
        const lines = [...fix.lines, ...h.lines];
        if (lines.length) files[`${s.unit}.d/sct-hardening.conf`] = `[Service]\n${lines.join('\n')}\n`;
      }
      const tag = await imageWith(docker, tags[0], 'hardened', files);
      tags.push(tag);
      const r = await boot(tag, 'hardened');
      const report: string[] = [];
      for (const { s, h } of plans) {
        const seen = await observe(docker, r.containerId, s);
        const was = beforeFix.get(s.unit)!;
        report.push(`${s.unit}: ${was.exposure / 10} → ${seen.exposure / 10} (${h.lines.length} settings)`);
        assert.ok(seen.active === 'active' && seen.works, `${s.unit} hardened: ${JSON.stringify(seen)}`);
        assert.equal(seen.exposure, h.after, `${s.unit}: predicted ${h.after}, systemd-analyze says ${seen.exposure}`);
        if (h.lines.length) assert.ok(seen.exposure < h.before, `${s.unit}: ${seen.exposure} not below ${h.before}`);
      }
      console.log(
        `exposure as installed → hardened (systemd-analyze security --offline=yes in the container):\n  ` +
          `${report.join('\n  ')}`,
      );
      assert.equal(r.status, 'running', JSON.stringify(r));
      await finish(r.containerId);
    },
  );

  it('why nothing is offered for ssh.service: with NoNewPrivileges= on it, sudo in an ssh session fails', async () => {
    const { docker } = engine.get();
    const ssh = SERVICES.find((s) => s.unit === 'ssh.service')!;
    const tag = await imageWith(docker, tags[0], 'ssh-nnp', {
      'ssh.service.d/nnp.conf': '[Service]\nNoNewPrivileges=yes\n',
    });
    tags.push(tag);
    const r = await boot(tag, 'ssh-nnp');
    const seen = await observe(docker, r.containerId, ssh);
    assert.equal(seen.active, 'active');
    assert.equal(seen.works, false, `sudo worked under NoNewPrivileges=: ${seen.output}`);
    assert.match(seen.output, /sudo/);
    // The same login without sudo works: it is the setting, not the session.
    const login = await execIn(docker, r.containerId, [...SSH_AS_SCT, 'id -un']);
    assert.equal(login.stdout.trim(), 'sct', login.stderr);
    await finish(r.containerId);
  });
});
