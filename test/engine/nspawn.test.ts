/**
 * systemd-nspawn on this host (no systemd as PID 1: machines run with --register=no
 * --keep-unit): an image built on the test dockerd exported to a machine directory, its .nspawn
 * settings applied, booted to `running`, units listed and acted on through nsenter, stopped
 * with nothing left behind (no nspawn or machine process, no mount, no export container).
 * Failed and cancelled boots leave nothing running either. Needs .ci/nspawn-setup.sh.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listUnits, unitAction, unitProperty } from '../../shared/engine/units';
import { EngineError } from '../../shared/engine/errors';
import { detectNspawnHost, type NspawnHost } from '../../client/src/nspawn/host';
import { EXPORT_LABEL, exportImageTo, mountsUnder } from '../../client/src/nspawn/export';
import { bootMachine } from '../../client/src/nspawn/boot';
import { childrenOf, type NspawnMachine } from '../../client/src/nspawn/machine';
import { RUN_ID, buildFixture, engineSuite, removeImage } from './helpers';

const engine = engineSuite();

/** The PID namespace of a process (`pid:[4026532…]`), undefined when it is gone. */
function pidNamespace(pid: number | undefined): string | undefined {
  try {
    return pid === undefined ? undefined : fs.readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

/** Host processes in a PID namespace: the machine's, or anything it left. */
function processesIn(namespace: string | undefined): string[] {
  assert.ok(namespace, "the machine's PID namespace was recorded");
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    if (pidNamespace(Number(pid)) === namespace) out.push(pid);
  }
  return out;
}

function nspawnProcesses(name: string): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmdline[0].endsWith('systemd-nspawn') && cmdline.includes(`--machine=${name}`)) out.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

describe('systemd-nspawn: export, boot, units, stop', () => {
  let host: NspawnHost;
  let tag = '';
  let bare = '';
  let root = '';

  before(async () => {
    const check = await detectNspawnHost();
    if (!check.ok) assert.fail(`systemd-nspawn is not usable here (run .ci/nspawn-setup.sh): ${check.reason}`);
    host = check.host;
    tag = (await buildFixture(engine.get().docker, 'systemd', 'base')).tag;
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-nspawn-'));
  });

  after(async () => {
    const { docker } = engine.get();
    if (tag) await removeImage(docker, tag);
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('this host has no systemd as PID 1, so machines are not registered', () => {
    assert.equal(host.machined, false, 'the CI machine runs without systemd as PID 1 (see .ci/nspawn-setup.sh)');
    assert.ok(host.version >= 247, `systemd-nspawn ${host.version}`);
  });

  it(
    'boots the exported image with its .nspawn settings to ' + 'running, lists and acts on units, stops cleanly',
    async () => {
      const { docker } = engine.get();
      const name = `sct-t-${process.pid}`;
      const dir = path.join(root, name);
      const seconds = await exportImageTo(docker, tag, dir, { tar: host.tar });
      assert.ok(
        fs.existsSync(path.join(dir, 'lib/systemd/systemd')),
        'the image file system is in the machine directory',
      );
      assert.ok(fs.existsSync(path.join(dir, 'etc/systemd/system/sct-hello.service')), 'with the fixture unit');
      assert.ok(seconds >= 0);
      assert.deepEqual(
        await docker.listContainers({ all: true, filters: { label: [EXPORT_LABEL] } }),
        [],
        'the export container is removed',
      );
      // Settings beside the directory, with the machine's name (applied with --settings=trusted).
      fs.writeFileSync(path.join(root, `${name}.nspawn`), `[Exec]\nEnvironment=SCT_PROBE=${RUN_ID}\n`);

      const phases: string[] = [];
      const r = await bootMachine(
        host,
        { name, directory: dir, source: tag, exported: true },
        { timeoutMs: 90_000, onProgress: (p) => phases.push(p) },
      );
      assert.equal(r.status, 'running', r.status === 'failed' ? `${r.message}\n${r.log.slice(-2000)}` : r.status);
      assert.ok(r.status === 'running');
      const machine = r.machine;
      let namespace: string | undefined;
      try {
        assert.ok(phases.includes('waiting'), phases.join(','));
        assert.match(machine.log, /Reached target .*Multi-User System|multi-user\.target/);
        const environ = await machine.exec(['cat', '/proc/1/environ']);
        assert.match(environ.stdout, new RegExp(`SCT_PROBE=${RUN_ID}`), 'the .nspawn Environment= reached PID 1');
        assert.match(environ.stdout, /container=systemd-nspawn/);

        const units = await listUnits(machine, { all: true });
        assert.ok(units.length > 20, `${units.length} units`);
        assert.equal(units.find((u) => u.unit === 'systemd-journald.service')?.active, 'active');
        assert.equal(await unitProperty(machine, 'sct-hello.service', 'ActiveState'), 'inactive');
        const start = await unitAction(machine, 'start', 'sct-hello.service');
        assert.ok(start.ok, start.stderr);
        assert.equal(await unitProperty(machine, 'sct-hello.service', 'ActiveState'), 'active');
        assert.equal((await machine.exec(['systemctl', 'is-system-running'])).stdout.trim(), 'running');
        namespace = pidNamespace(machine.leaderPid());
        assert.ok(processesIn(namespace).length > 1, 'the machine processes are seen from the host');
      } finally {
        const stop = await machine.stop(30_000);
        assert.equal(stop.killed, false, 'systemd powered off on SIGRTMIN+3 in time');
      }
      assert.equal(machine.running, false);
      assert.match(machine.log, /Container .* has been shut down|Power-Off|Reached target .*Power-Off/);
      assert.deepEqual(processesIn(namespace), [], 'no process of the machine is left');
      assert.deepEqual(nspawnProcesses(name), [], 'no systemd-nspawn is left');
      assert.deepEqual(mountsUnder(dir), [], 'no mount is left');
      await assert.rejects(machine.exec(['true']), (e: unknown) => e instanceof EngineError && e.kind === 'conflict');
    },
  );

  it('a directory without systemd fails to boot with a diagnosis and leaves nothing running', async () => {
    const { docker } = engine.get();
    bare = `sct-t-bare-${process.pid}`;
    const dir = path.join(root, bare);
    await exportImageTo(docker, 'sct/debian:bookworm', dir, { tar: host.tar });
    let machine: NspawnMachine | undefined;
    const r = await bootMachine(
      host,
      { name: bare, directory: dir, source: 'sct/debian:bookworm', exported: true },
      { timeoutMs: 30_000, onStarted: (m) => (machine = m) },
    );
    assert.equal(r.status, 'failed');
    assert.ok(r.status === 'failed');
    assert.equal(r.reason, 'exited');
    assert.match(r.log, /Failed to (find|execute|start)|No such file|init/i, r.log);
    assert.equal(machine?.running, false);
    assert.deepEqual(nspawnProcesses(bare), []);
  });

  it('a cancelled boot powers the machine off', async () => {
    const name = `sct-t-cancel-${process.pid}`;
    const dir = path.join(root, name);
    await exportImageTo(engine.get().docker, tag, dir, { tar: host.tar });
    const abort = new AbortController();
    let machine: NspawnMachine | undefined;
    let namespace: string | undefined;
    const booting = bootMachine(
      host,
      { name, directory: dir, source: tag, exported: true },
      {
        signal: abort.signal,
        onStarted: (m) => (machine = m),
        onProgress: (phase) => {
          if (phase !== 'waiting' || abort.signal.aborted) return;
          namespace = pidNamespace(machine?.leaderPid());
          abort.abort();
        },
      },
    );
    await assert.rejects(booting, (e: unknown) => e instanceof EngineError && e.kind === 'aborted');
    assert.equal(machine?.running, false);
    assert.deepEqual(processesIn(namespace), []);
    assert.deepEqual(nspawnProcesses(name), []);
    assert.deepEqual(mountsUnder(dir), []);
  });

  it('re-exporting replaces the tree; a directory still in use is refused', async () => {
    const dir = path.join(root, `sct-t-${process.pid}`);
    fs.writeFileSync(path.join(dir, 'stale-file'), 'x');
    await exportImageTo(engine.get().docker, tag, dir, { tar: host.tar });
    assert.equal(fs.existsSync(path.join(dir, 'stale-file')), false);
    assert.deepEqual(mountsUnder(dir, `36 25 0:32 / ${dir}/proc rw - proc proc rw\n`), [`${dir}/proc`]);
    assert.deepEqual(childrenOf(2 ** 22 + 1), [], 'no such process: no children');
  });
});
