/**
 * Boot diagnosis on log texts and container states captured from the test dockerd
 * (test/fixtures/engine/logs: `docker run -t` with one run-profile flag left out each).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanLog, demuxBuffer, diagnose, type ContainerStateLike } from '../../shared/engine/diagnosis';

const LOGS = path.resolve(__dirname, '../../../test/fixtures/engine/logs');
const log = (name: string): string => fs.readFileSync(path.join(LOGS, `${name}.log`), 'utf8');
const state = (name: string): ContainerStateLike =>
  JSON.parse(fs.readFileSync(path.join(LOGS, `${name}.state.json`), 'utf8')) as ContainerStateLike;
const text = (name: string): string => fs.readFileSync(path.join(LOGS, name), 'utf8');
const SYSTEMD = ['/lib/systemd/systemd'];

function only(name: string) {
  const d = diagnose({ log: log(name), state: state(name), tty: true, command: SYSTEMD });
  return d;
}

describe('diagnose: captured boot failures', () => {
  it('a successful boot has no findings (its harmless "Failed to ..." lines included)', () => {
    const d = only('boot-running');
    assert.deepEqual(d.findings, []);
    assert.ok(d.errorLines.some((l) => /Failed to create symlink \/sys\/fs\/cgroup\/cpu/.test(l)));
  });

  it(
    'a healthy running container (issue 22, point 8): the boot went fine; the per-unit cgroup ID lines of a v1 ' +
      'host are no errors',
    () => {
      const harmless =
        'sct-hello.service: Failed to get cgroup ID of cgroup ' +
        '/sys/fs/cgroup/unified/docker/0af0/system.slice/sct-hello.service, ignoring: Operation not permitted';
      const running = { Status: 'running', Running: true, ExitCode: 0 };
      const d = diagnose({
        log: `${log('boot-running')}\n${harmless}\n`,
        state: running,
        tty: true,
        command: SYSTEMD,
        systemState: 'running',
      });
      assert.deepEqual(d.findings, []);
      assert.match(d.summary, /^The container is running and systemd says "running": the boot went fine/);
      assert.ok(!d.errorLines.some((l) => /Failed to get cgroup ID/.test(l)), d.errorLines.join('\n'));
      // Without the state (not asked): still no "last error" made of the harmless line.
      const unasked = diagnose({ log: harmless, state: running, tty: true, command: SYSTEMD });
      assert.equal(unasked.summary, 'No known cause found.');
      const degraded = diagnose({
        log: harmless,
        state: running,
        tty: true,
        command: SYSTEMD,
        systemState: 'degraded',
      });
      assert.match(degraded.summary, /systemd says "degraded"/);
    },
  );

  it('no systemd in the image, PID 1 not systemd → "systemd is not installed" (SCT102)', () => {
    const d = diagnose({
      log: '',
      state: { Status: 'running', Running: true },
      tty: true,
      command: ['bash'],
      imageHasSystemd: false,
      systemState: 'offline',
    });
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.rule?.id]),
      [['no-systemd-in-image', 'SCT102']],
    );
  });

  it('no tmpfs on /run → tmpfs-run (and not /run/lock as well)', () => {
    const d = only('no-tmpfs-run');
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.flag]),
      [['no-tmpfs-run', 'tmpfs-run']],
    );
    assert.equal(d.findings[0].evidence, 'Failed to mount tmpfs at /run: Operation not permitted');
    assert.equal(state('no-tmpfs-run').ExitCode, 255);
  });

  it('no tmpfs on /run/lock alone → tmpfs-run-lock, with the VOLUME /run rule', () => {
    const d = only('no-tmpfs-run-lock');
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.flag, f.rule?.id]),
      [['no-tmpfs-run-lock', 'tmpfs-run-lock', 'SCT113']],
    );
  });

  it('cgroup v1 without the bind → cgroup-mount', () => {
    const d = only('no-cgroup-bind');
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.flag]),
      [['cgroup-v1-no-bind', 'cgroup-mount']],
    );
    assert.match(
      d.findings[0].evidence,
      /^Failed to create \/docker\/[0-9a-f]{64}\/init\.scope control group: No such file or directory$/,
    );
  });

  it('private cgroupns without the bind → read-only cgroup', () => {
    assert.deepEqual(
      only('private-cgroupns-no-bind').findings.map((f) => f.id),
      ['cgroup-read-only'],
    );
  });

  it('an empty volume on /sys/fs/cgroup → SCT112', () => {
    assert.deepEqual(
      only('volume-cgroup').findings.map((f) => [f.id, f.rule?.id]),
      [['cgroup-v1-named-hierarchy', 'SCT112']],
    );
  });

  it('shell-form CMD → systemd not PID 1, SCT104', () => {
    const d = diagnose({
      log: log('shell-form-cmd'),
      state: state('shell-form-cmd'),
      tty: true,
      command: ['/bin/sh', '-c', '/lib/systemd/systemd'],
    });
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.rule?.id]),
      [['not-pid1', 'SCT104']],
    );
    assert.equal(state('shell-form-cmd').ExitCode, 1);
  });

  it('/sbin/init missing on start → SCT102, or SCT103 when systemd is there without systemd-sysv', () => {
    const st = state('init-missing');
    assert.equal(st.Status, 'created');
    const none = diagnose({
      log: '',
      state: st,
      tty: true,
      startError: text('init-missing.start-error.txt'),
      imageHasSystemd: false,
    });
    assert.deepEqual(
      none.findings.map((f) => [f.id, f.rule?.id]),
      [['init-missing', 'SCT102']],
    );
    const sysvMissing = diagnose({ log: '', state: st, tty: true, imageHasSystemd: true });
    assert.deepEqual(
      sysvMissing.findings.map((f) => [f.id, f.rule?.id]),
      [['init-missing', 'SCT103']],
      'State.Error carries the same message',
    );
  });

  it('--privileged on this host → privileged', () => {
    const d = diagnose({ log: '', state: state('privileged'), tty: true });
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.flag]),
      [['privileged-caps', 'privileged']],
    );
  });

  it('auditd restart loop (journal of a degraded boot) → SCT110', () => {
    const d = diagnose({ log: text('auditd-degraded.journal.log'), tty: true });
    assert.deepEqual(
      d.findings.map((f) => [f.id, f.rule?.id]),
      [['auditd', 'SCT110']],
    );
  });
});

describe('diagnose: states and notes', () => {
  it("no TTY: says the log cannot hold systemd's messages", () => {
    const d = diagnose({ log: '', state: { Status: 'exited', ExitCode: 255 }, tty: false, command: SYSTEMD });
    assert.equal(d.logCaptured, false);
    assert.match(d.notes[0], /no TTY/);
    assert.equal(d.summary, 'The container exited with code 255.');
  });

  it('PID 1 not systemd: exited (no TTY bash) or offline (bash kept alive by a TTY) → SCT101', () => {
    const exited = diagnose({
      log: '',
      state: { Status: 'exited', ExitCode: 0, Running: false },
      tty: true,
      command: ['bash'],
    });
    assert.deepEqual(
      exited.findings.map((f) => [f.id, f.rule?.id]),
      [['no-init-command', 'SCT101']],
    );
    const offline = diagnose({
      log: '',
      state: { Status: 'running', Running: true },
      tty: true,
      command: ['bash'],
      systemState: 'offline',
    });
    assert.match(offline.findings[0].cause, /systemctl says "offline"/);
  });

  it('exit 137 without SIGRTMIN+3 → stop signal; with it, or OOM, not', () => {
    assert.equal(
      diagnose({ log: '', state: { Status: 'exited', ExitCode: 137 }, command: SYSTEMD }).findings[0].rule?.id,
      'SCT106',
    );
    // With SIGRTMIN+3 a stop ends 0: 137 means a SIGKILL from outside (docker kill, the engine), no flag or rule.
    const killed = diagnose({
      log: '',
      state: { Status: 'exited', ExitCode: 137 },
      command: SYSTEMD,
      stopSignal: 'SIGRTMIN+3',
    }).findings;
    assert.deepEqual(
      killed.map((f) => [f.id, f.flag, f.rule]),
      [['killed', undefined, undefined]],
    );
    assert.match(killed[0].cause, /killed with SIGKILL \(exit 137\) from outside/);
    assert.deepEqual(
      diagnose({ log: '', state: { Status: 'exited', ExitCode: 137, OOMKilled: true }, command: SYSTEMD }).findings.map(
        (f) => f.id,
      ),
      ['oom'],
    );
  });

  it('an unknown start error is quoted in the summary', () => {
    const d = diagnose({
      log: '',
      state: { Status: 'created' },
      tty: true,
      startError:
        'driver failed programming external connectivity: Bind for 0.0.0.0:80 failed: port is already allocated',
    });
    assert.deepEqual(d.findings, []);
    assert.equal(
      d.summary,
      'The engine could not start the container: driver failed programming external connectivity: Bind for ' +
        '0.0.0.0:80 failed: port is already allocated',
    );
  });

  it('cleanLog strips colours and CRs; demuxBuffer reads multiplexed logs', () => {
    assert.equal(cleanLog('\x1b[0;1;31mFailed\x1b[0m\r\n'), 'Failed\n');
    const frame = (stream: number, s: string): Buffer => {
      const b = Buffer.from(s);
      const h = Buffer.alloc(8);
      h[0] = stream;
      h.writeUInt32BE(b.length, 4);
      return Buffer.concat([h, b]);
    };
    assert.equal(demuxBuffer(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])), 'out\nerr\n');
    assert.equal(demuxBuffer(Buffer.from('plain tty text')), 'plain tty text');
  });
});
