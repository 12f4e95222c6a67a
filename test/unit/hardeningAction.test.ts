/**
 * The hardening code action and the exposure lens and hover: settings that work where the unit
 * runs. The sandboxing rules SCT710/SCT711 are tested in kinds/unit/rules/sandboxInContainer.test.ts.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';
import { exposureHover, exposureLenses, hardeningAction } from '../../server/src/security/editor';
import { assessService, formatTenths } from '../../server/src/security/exposure';
import { hardening } from '../../server/src/security/harden';
import { applyEdits } from '../../shared/text';

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
