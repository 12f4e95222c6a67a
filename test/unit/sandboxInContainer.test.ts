/**
 * SCT710/SCT711 (what a container does with unit sandboxing), the lint config that says where
 * units run, the hardening code action and the exposure lens and hover. The table's rows
 * themselves are booted in test/engine/sandbox.test.ts.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../shared/text';
import { ConfigError, parseConfig, type LintConfig } from '../../server/src/core/config';
import { initLinter } from '../../server/src/lint';
import { lintUnitFile } from '../../server/src/kinds/unit/lint';
import { exposureHover, exposureLenses, hardeningAction } from '../../server/src/security/editor';
import { hardening } from '../../server/src/security/harden';
import { assessService, formatTenths } from '../../server/src/security/exposure';
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';

const DOCKERFILE =
  'FROM debian:trixie\nRUN apt-get update && apt-get install -y systemd\nCOPY app.service ' +
  '/etc/systemd/system/\nSTOPSIGNAL SIGRTMIN+3\nCMD ["/lib/systemd/systemd"]\n';
const UNIT =
  '[Unit]\nDescription=x\n\n[Service]\nExecStart=/usr/bin/app\nDynamicUser=yes\nPrivateUsers=yes\nPrivateTmp=yes\nProtectSystem=strict\nPrivateDevices=yes\n';

/** A unit in /w/app.service with a systemd Dockerfile beside it (or none). */
function lint(unit: string, options: { dockerfile?: boolean; config?: LintConfig } = {}) {
  const files: Record<string, string> = { '/w/app.service': unit };
  if (options.dockerfile !== false) files['/w/Dockerfile'] = DOCKERFILE;
  return lintUnitFile('/w/app.service', unit, {
    config: options.config,
    readFile: (p) => files[p],
    listDir: (d) => (d === '/w' ? Object.keys(files).map((f) => f.slice(3)) : []),
  }).filter((f) => f.ruleName.startsWith('sandboxing-'));
}

const keysOf = (findings: ReturnType<typeof lint>, rule: string) =>
  findings.filter((f) => f.ruleName === rule).map((f) => f.message.split('=')[0]);

describe('SCT710 sandboxing-fails-in-container / SCT711 sandboxing-ignored-in-container', () => {
  before(async () => {
    await initLinter();
  });

  it(
    "the issue's example in the default Docker profile: DynamicUser= and PrivateUsers= warned, with status and " +
      'fixes',
    () => {
      const findings = lint(UNIT);
      assert.deepEqual(keysOf(findings, 'sandboxing-fails-in-container'), ['DynamicUser', 'PrivateUsers']);
      const [dynamicUser, privateUsers] = findings.filter((f) => f.ruleName === 'sandboxing-fails-in-container');
      assert.equal(dynamicUser.severity, 'warning');
      // The message is one line with the status and what to do; the flags, drop-in and costs are in the detail.
      assert.match(
        dynamicUser.message,
        /^DynamicUser=yes fails in an unprivileged Docker container: the service exits 226\/NAMESPACE\./,
      );
      assert.match(dynamicUser.detail ?? '', /--cap-add SYS_ADMIN/);
      assert.match(dynamicUser.detail ?? '', /app\.service\.d\/container\.conf/);
      assert.match(dynamicUser.detail ?? '', /set User= too/);
      assert.match(privateUsers.message, /217\/USER/);
      assert.match(privateUsers.detail ?? '', /--security-opt seccomp=unconfined.*or `--cap-add SYS_ADMIN`/);
      const fixed = applyEdits(UNIT, dynamicUser.fixes[0].edits);
      assert.match(fixed, /^DynamicUser=no$/m);
      assert.deepEqual(keysOf(lint(fixed), 'sandboxing-fails-in-container'), ['PrivateUsers']);
    },
  );

  it('the other three are not warned; they get the hint that systemd does not apply them', () => {
    const hints = lint(UNIT).filter((f) => f.ruleName === 'sandboxing-ignored-in-container');
    assert.deepEqual(
      hints.map((f) => f.message.split('=')[0]),
      ['PrivateTmp', 'ProtectSystem', 'PrivateDevices'],
    );
    assert.ok(hints.every((f) => f.severity === 'hint'));
  });

  it('moved bind mounts fail, binds onto themselves do not; off values and empty lists are quiet', () => {
    const unit =
      '[Service]\nExecStart=/bin/app\nBindReadOnlyPaths=/etc/a:/etc/b\nBindPaths=/srv\nTemporaryFileSystem=\nDynamicUser=no\nPrivateUsers=false\n';
    assert.deepEqual(keysOf(lint(unit), 'sandboxing-fails-in-container'), ['BindReadOnlyPaths']);
  });

  it('per profile: seccomp=unconfined and Podman allow PrivateUsers=, SYS_ADMIN, nspawn and all capabilities allow all', () => {
    assert.deepEqual(
      keysOf(lint(UNIT, { config: { runProfile: 'docker-seccomp-unconfined' } }), 'sandboxing-fails-in-container'),
      ['DynamicUser'],
    );
    assert.deepEqual(
      lint(UNIT, { config: { runProfile: 'docker-sys-admin' } }).filter(
        (f) => f.ruleName === 'sandboxing-fails-in-container',
      ),
      [],
    );
    assert.deepEqual(lint(UNIT, { config: { runProfile: 'nspawn' } }), []);
    assert.deepEqual(lint(UNIT, { config: { runProfile: 'docker-privileged' } }), []);
    // Podman's seccomp filter allows user namespaces (measured rootful; rootless from its sources).
    for (const runProfile of ['podman', 'podman-rootless'] as const)
      assert.deepEqual(keysOf(lint(UNIT, { config: { runProfile } }), 'sandboxing-fails-in-container'), [
        'DynamicUser',
      ]);
    assert.match(lint(UNIT, { config: { runProfile: 'podman' } })[0].detail ?? '', /measured on systemd 252, 257/);
    assert.match(
      lint(UNIT, { config: { runProfile: 'podman-rootless' } })[0].detail ?? '',
      /from Podman's and systemd's sources, not measured here/,
    );
  });

  it(
    'only units known to run in a container: beside a systemd Dockerfile or with target: container; never ' +
      'target: host',
    () => {
      assert.deepEqual(lint(UNIT, { dockerfile: false }), []);
      assert.deepEqual(
        keysOf(lint(UNIT, { dockerfile: false, config: { target: 'container' } }), 'sandboxing-fails-in-container'),
        ['DynamicUser', 'PrivateUsers'],
      );
      assert.deepEqual(lint(UNIT, { config: { target: 'host' } }), []);
    },
  );

  it('the config file: target and runProfile, with clear errors', () => {
    assert.deepEqual(parseConfig('target: host\nrunProfile: podman\n', 'c.yaml'), {
      target: 'host',
      runProfile: 'podman',
    });
    assert.throws(
      () => parseConfig('target: vm\n', 'c.yaml'),
      (e: Error) => e instanceof ConfigError && /"target" must be host or container/.test(e.message),
    );
    assert.throws(
      () => parseConfig('runProfile: lxc\n', 'c.yaml'),
      (e: Error) => /"runProfile" must be one of docker, docker-privileged, docker-sys-admin/.test(e.message),
    );
  });
});

describe('hardening that works where the unit runs', () => {
  const PLAIN =
    '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/web\nUser=www-data\n\n[Install]\nWantedBy=multi-user.target\n';

  it('in the default Docker profile: only settings it enforces, never one it makes fail or skips', () => {
    const h = hardening(PLAIN, 'web.service', 'docker', 257);
    const keys = h.lines.map((l) => l.split('=')[0]);
    for (const forbidden of [
      'DynamicUser',
      'PrivateUsers',
      'PrivateTmp',
      'ProtectSystem',
      'ProtectHome',
      'PrivateDevices',
      'PrivateNetwork',
    ]) {
      assert.ok(!keys.includes(forbidden), `${forbidden} added`);
    }
    assert.ok(
      keys.includes('NoNewPrivileges') && keys.includes('SystemCallFilter') && keys.includes('RestrictNamespaces'),
    );
    assert.ok(h.after < h.before, `${h.before} → ${h.after}`);
    // The expected score is the one the scorer gives the hardened file.
    const hardened = parseUnitFile(PLAIN + '[Service]\n' + h.lines.join('\n') + '\n');
    assert.equal(assessService([hardened], 'web.service', 257).exposure, h.after);
  });

  it('on a host it also adds the namespace settings; settings already there are kept', () => {
    const host = hardening(
      PLAIN.replace('User=www-data', 'User=www-data\nProtectSystem=strict'),
      'web.service',
      'host',
      257,
    );
    assert.ok(host.lines.includes('PrivateTmp=yes'));
    assert.ok(!host.lines.some((l) => l.startsWith('ProtectSystem=')));
    assert.ok(host.after < hardening(PLAIN, 'web.service', 'docker', 257).after);
  });

  it('a root service keeps its privileged system calls, chroot() and capabilities', () => {
    const haproxy = '[Service]\nExecStart=/usr/sbin/haproxy -Ws -f /etc/haproxy/haproxy.cfg\n';
    const h = hardening(haproxy, 'haproxy.service', 'docker', 257);
    // measured (test/engine/hardening.test.ts): haproxy chroots itself and dies with SIGSYS under @system-service alone
    assert.ok(h.lines.includes('SystemCallFilter=@system-service chroot'), h.lines.join('\n'));
    assert.ok(!h.lines.some((l) => l.startsWith('SystemCallFilter=~') || l.startsWith('CapabilityBoundingSet=')));
    const unprivileged = hardening('[Service]\nUser=www-data\nExecStart=/usr/bin/app\n', 'app.service', 'docker', 257);
    assert.ok(unprivileged.lines.includes('SystemCallFilter=@system-service'), unprivileged.lines.join('\n'));
  });

  it('nothing for services that start login sessions or jobs: the sessions would inherit it', () => {
    const services = [
      ['ssh.service', '/usr/sbin/sshd -D'],
      ['cron.service', '/usr/sbin/cron -f'],
      ['getty@.service', '-/sbin/agetty -o "-p -- \\\\u" --noclear - $TERM'],
      ['my-bastion.service', '/usr/sbin/sshd -D -f /etc/bastion/sshd_config'],
    ];
    for (const [name, exec] of services) {
      assert.deepEqual(hardening(`[Service]\nExecStart=${exec}\n`, name, 'docker', 257).lines, [], name);
    }
  });

  it('the code action on [Service]: title with the expected score, edit appended to the section', () => {
    const action = hardeningAction(
      'file:///w/web.service',
      '/w/web.service',
      PLAIN,
      { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
      undefined,
    )!;
    assert.match(
      action.title,
      /^Harden for an unprivileged Docker container: add \d+ settings \(exposure \d\.\d → \d\.\d [A-Z]+\)$/,
    );
    const edits = action.edit!.changes!['file:///w/web.service'];
    const text = applyEdits(PLAIN, edits);
    assert.match(text, /User=www-data\nNoNewPrivileges=yes\n/);
    assert.match(text, /\n\[Install\]\nWantedBy=multi-user.target\n$/);
    assert.equal(
      hardeningAction(
        'file:///w/web.service',
        '/w/web.service',
        PLAIN,
        { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
        undefined,
      ),
      undefined,
    );
    assert.equal(
      hardeningAction(
        'file:///w/web.socket',
        '/w/web.socket',
        PLAIN,
        { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
        undefined,
      ),
      undefined,
    );
    assert.match(
      hardeningAction(
        'file:///w/web.service',
        '/w/web.service',
        PLAIN,
        { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
        { target: 'host' },
      )!.title,
      /^Harden for a host/,
    );
  });

  it('the lens on [Service] and the table in its hover', () => {
    const [lens] = exposureLenses('/w/web.service', PLAIN);
    assert.deepEqual(lens.range.start, { line: 3, character: 0 });
    const expected = formatTenths(assessService([parseUnitFile(PLAIN)], 'web.service', 257).exposure);
    assert.equal(lens.command!.title, `Exposure ${expected} UNSAFE (systemd-analyze security, systemd 257)`);
    const hover = exposureHover('/w/web.service', PLAIN, { line: 3, character: 3 })!;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, new RegExp(`^\\*\\*Overall exposure ${expected.replace('.', '\\.')} UNSAFE\\*\\*`));
    assert.match(value, /\| ✗ \| `PrivateNetwork=` \| Service has access to the host's network \| 0\.\d \|/);
    assert.equal(exposureHover('/w/web.service', PLAIN, { line: 4, character: 3 }), null);
    assert.deepEqual(exposureLenses('/w/web.timer', '[Timer]\nOnCalendar=daily\n'), []);
  });
});
