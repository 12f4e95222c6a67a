/**
 * Tests of SCT710 sandboxing-fails-in-container and SCT711 sandboxing-ignored-in-container: what a
 * container does with unit sandboxing, per run profile, and the lint config that says where units
 * run. The table's rows themselves are booted in test/engine/sandbox.test.ts.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ConfigError, parseConfig, type LintConfig } from '../../../../../server/src/core/config';
import { lintUnitFile } from '../../../../../server/src/kinds/unit/lint';
import { initLinter } from '../../../../../server/src/lint';
import { applyEdits } from '../../../../../shared/text';

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
