/**
 * The systemd-nspawn column of the sandboxing table (shared/sandboxVerdicts.ts) on real boots:
 * the sandbox fixture image of each release, exported to a machine directory and booted the way
 * the product boots machines (client/src/nspawn: --boot, --register=no on this host without
 * systemd as PID 1, the unified cgroup hierarchy), with this host's systemd-nspawn 252 and the
 * default settings (no private network). Needs .ci/nspawn-setup.sh.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectNspawnHost, type NspawnHost } from '../../client/src/nspawn/host';
import { exportImageTo, mountsUnder } from '../../client/src/nspawn/export';
import { bootMachine } from '../../client/src/nspawn/boot';
import { buildFixture, engineSuite, removeImage } from './helpers';
import { SANDBOX_PROBE, anyRowFails, exampleOutcomes, parseProbe, wrongRows } from './sandboxProbe';

const engine = engineSuite();

const RELEASES: { target: string; systemd: number }[] = [
  { target: 'bookworm', systemd: 252 },
  { target: 'trixie', systemd: 257 },
  { target: 'sid', systemd: 262 },
];

describe('unit sandboxing under systemd-nspawn: every measured row on a real boot', () => {
  let host: NspawnHost;
  let root = '';

  before(async () => {
    const check = await detectNspawnHost();
    if (!check.ok) assert.fail(`systemd-nspawn is not usable here (run .ci/nspawn-setup.sh): ${check.reason}`);
    host = check.host;
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-sandbox-nspawn-'));
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  for (const release of RELEASES) {
    it(`systemd ${release.systemd} (${release.target}): each setting fails, is ignored or is enforced as the table says`, async () => {
      const { docker } = engine.get();
      const tag = (await buildFixture(docker, 'sandbox', release.target)).tag;
      const name = `sct-sb-${release.target}-${process.pid}`;
      const dir = path.join(root, name);
      try {
        await exportImageTo(docker, tag, dir, { tar: host.tar });
      } finally {
        await removeImage(docker, tag);
      }
      const r = await bootMachine(host, { name, directory: dir, source: tag, exported: true }, { settleMs: 1000 });
      if (r.status === 'failed') assert.fail(`${r.message}\n${r.log.slice(-2000)}`);
      try {
        const probe = await r.machine.exec(['sh', '-c', SANDBOX_PROBE]);
        const states = parseProbe(probe.stdout);
        assert.deepEqual(wrongRows(states, 'nspawn', release.systemd), []);
        const example = states.get('sct-sb-issue-example.service')!;
        assert.ok(
          exampleOutcomes('nspawn', release.systemd).includes(`${example.active} ${example.status}`),
          `example: ${JSON.stringify(example)}`,
        );
        assert.equal(r.status, anyRowFails('nspawn', release.systemd) ? 'degraded' : 'running');
      } finally {
        const stop = await r.machine.stop(30_000);
        assert.equal(stop.killed, false, 'systemd powered off on SIGRTMIN+3 in time');
      }
      assert.deepEqual(mountsUnder(dir), [], 'no mount is left');
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});
