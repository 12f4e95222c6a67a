/**
 * The boot wait's one-exec script (shared/engine/bootScript.ts): it is valid POSIX sh (checked
 * by the machine's own /bin/sh), and its answers parse: outputs as the test dockerd's bookworm
 * container printed them, systemd's bus not up yet, no systemctl, no sh, systemd without --wait.
 * The script's runs in real containers are the engine tests' (boot.test.ts, bootMatrix.test.ts).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WAIT_SCRIPT_ARGV, parseScriptAnswer } from '../../shared/engine/bootScript';

const VERSION_LINES =
  'systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL ' +
  '+ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD default-hierarchy=unified\n';

describe('the boot wait script', () => {
  it('is one fixed sh -c argv that /bin/sh accepts', () => {
    assert.equal(WAIT_SCRIPT_ARGV.length, 3);
    assert.deepEqual(WAIT_SCRIPT_ARGV.slice(0, 2), ['sh', '-c']);
    const r = spawnSync('/bin/sh', ['-n', '-c', WAIT_SCRIPT_ARGV[2]], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('a booted container: the state, no busy units, the version', () => {
    const a = parseScriptAnswer({
      exitCode: 0,
      stdout: `@sct-version\n${VERSION_LINES}@sct-state\nrunning\n@sct-busy\n`,
      stderr: '',
    });
    assert.deepEqual(a, { ran: true, noSystemctl: false, stateOut: 'running', stateErr: '', busy: '', version: 252 });
  });

  it('busy units are handed on as listed', () => {
    const busy = 'sct-flaky.service loaded activating auto-restart sct flaky service';
    const a = parseScriptAnswer({
      exitCode: 0,
      stdout: `@sct-version\n${VERSION_LINES}@sct-state\nrunning\n@sct-busy\n${busy}\n`,
      stderr: '',
    });
    assert.ok(a.ran && !a.noSystemctl);
    assert.equal(a.busy, busy);
    assert.equal(a.stateOut, 'running');
  });

  it("systemd's bus never came up: the state section is empty, the error is on stderr", () => {
    const a = parseScriptAnswer({
      exitCode: 0,
      stdout: `@sct-version\n${VERSION_LINES}@sct-state\n@sct-busy\n`,
      stderr: 'Failed to connect to bus: No such file or directory\n',
    });
    assert.ok(a.ran && !a.noSystemctl);
    assert.equal(a.stateOut, '');
    assert.match(a.stateErr, /Failed to connect to bus/);
  });

  it('no systemctl in the image', () => {
    assert.deepEqual(parseScriptAnswer({ exitCode: 127, stdout: '@sct-no-systemctl\n', stderr: '' }), {
      ran: true,
      noSystemctl: true,
    });
  });

  it('no sh in the image: the runtime answered, the script did not run', () => {
    const runtime =
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": ' +
      'executable file not found in $PATH: unknown\r\n';
    assert.deepEqual(parseScriptAnswer({ exitCode: 126, stdout: runtime, stderr: '' }), { ran: false });
    assert.deepEqual(
      parseScriptAnswer({ exitCode: 127, stdout: '', stderr: 'nsenter: failed to execute sh: No such file' }),
      { ran: false },
    );
  });

  it('systemd before 240 (no --wait): the option error is on stderr, no version when it cannot be read', () => {
    const a = parseScriptAnswer({
      exitCode: 1,
      stdout: '@sct-version\n@sct-state\n@sct-busy\n',
      stderr: "systemctl: unrecognized option '--wait'\n",
    });
    assert.deepEqual(a, {
      ran: true,
      noSystemctl: false,
      stateOut: '',
      stateErr: "systemctl: unrecognized option '--wait'\n",
      busy: '',
    });
  });
});
