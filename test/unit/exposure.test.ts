/**
 * The exposure score against what the real `systemd-analyze security --offline=yes` of systemd
 * 252, 257 and 262 said about the units of test/fixtures/security (recorded by
 * `node out/scripts/security-differential.js --fixtures test/fixtures/security --write-expectations
 * test/fixtures/security/expected.json` in the chroots of .ci/chroots-setup.sh): every row and the
 * overall exposure. The wide differential on Debian's services is .ci/security-differential.sh.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scoreFile } from '../../server/src/cli/commands/security';
import { formatTenths, ratingOf } from '../../server/src/security/exposure';
import { measuredRelease } from '../../server/src/security/syscalls';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/security');
const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'security', ...args], { encoding: 'utf8' });

type Row = [string, boolean | null, string | null];
const EXPECTED = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  Record<string, { exposure: number; rows: Row[] }>
>;

describe('exposure as systemd-analyze security --offline=yes computes it', () => {
  for (const [version, units] of Object.entries(EXPECTED)) {
    it(`systemd ${version}: ${Object.keys(units).length} fixture units, every row and the overall`, () => {
      assert.ok(Object.keys(units).length >= 40);
      for (const [unit, expected] of Object.entries(units)) {
        const ours = scoreFile(path.join(FIXTURES, unit), Number(version));
        assert.equal(formatTenths(ours.exposure), formatTenths(expected.exposure), `${unit} overall`);
        assert.equal(ours.checks.length, expected.rows.length, `${unit}: number of rows`);
        for (const [name, set, exposure] of expected.rows) {
          const row = ours.checks.find((c) => c.name === name);
          assert.ok(row, `${unit}: row ${name}`);
          assert.equal(row.set, set, `${unit}: ${name} set`);
          assert.equal(
            row.exposure === null ? null : formatTenths(row.exposure),
            exposure,
            `${unit}: ${name} exposure`,
          );
        }
      }
    });
  }

  it('the releases differ where systemd differs: PrivateMounts= unset is bad in 252, good from 257', () => {
    const at = (v: number) => scoreFile(path.join(FIXTURES, 'plain.service'), v);
    assert.equal(at(252).checks.find((c) => c.name === 'PrivateMounts=')!.set, false);
    assert.equal(at(257).checks.find((c) => c.name === 'PrivateMounts=')!.set, true);
    assert.equal(formatTenths(at(252).exposure), '9.6');
    assert.equal(formatTenths(at(257).exposure), '9.4');
  });

  it("ratings at systemd's band edges", () => {
    assert.deepEqual([0, 1, 9, 10, 49, 50, 74, 75, 89, 90, 99, 100].map(ratingOf), [
      'PERFECT',
      'SAFE',
      'SAFE',
      'OK',
      'OK',
      'MEDIUM',
      'MEDIUM',
      'EXPOSED',
      'EXPOSED',
      'UNSAFE',
      'UNSAFE',
      'DANGEROUS',
    ]);
  });

  it('versions between the measured releases follow the one below', () => {
    assert.deepEqual([240, 252, 256, 257, 261, 262, 300].map(measuredRelease), [252, 252, 252, 257, 257, 262, 262]);
  });
});

describe('systemd-container-lint security', () => {
  it('JSON entries {file, unit, exposure, rating, checks} for each unit', () => {
    const r = run([
      '--format',
      'json',
      '--systemd-version',
      '257',
      path.join(FIXTURES, 'hardened.service'),
      path.join(FIXTURES, 'plain.service'),
    ]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      file: string;
      unit: string;
      exposure: number;
      rating: string;
      checks: { name: string; exposure: number | null }[];
    }[];
    assert.deepEqual(
      out.map((e) => [e.unit, e.exposure, e.rating]),
      [
        [
          'hardened.service',
          EXPECTED['257']['hardened.service'].exposure / 10,
          ratingOf(EXPECTED['257']['hardened.service'].exposure),
        ],
        ['plain.service', 9.4, 'UNSAFE'],
      ],
    );
    assert.equal(out[1].checks.length, EXPECTED['257']['plain.service'].rows.length);
    assert.equal(out[1].checks.find((c) => c.name === 'PrivateNetwork=')!.exposure, 0.5);
  });

  it('text: the table, worst first, and the overall line as systemd prints it', () => {
    const r = run(['--systemd-version', '252', path.join(FIXTURES, 'plain.service')]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[1], /^✗ PrivateNetwork=\s+Service has access to the host's network {2}0\.5$/);
    assert.equal(lines.at(-1), '→ Overall exposure level for plain.service: 9.6 UNSAFE');
  });

  it('drop-ins beside the unit are read after it', () => {
    const r = run(['--format', 'json', path.join(FIXTURES, 'with-dropin.service')]);
    const [entry] = JSON.parse(r.stdout) as { checks: { name: string; description: string }[] }[];
    assert.equal(
      entry.checks.find((c) => c.name === 'ProtectSystem=')!.description,
      'Service has strict read-only access to the OS file hierarchy',
    );
  });

  it('clear messages for what cannot be scored, the other units still scored', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-security-'));
    fs.writeFileSync(path.join(dir, 'x.socket'), '[Socket]\nListenStream=1\n');
    const r = run([
      path.join(dir, 'missing.service'),
      path.join(dir, 'x.socket'),
      path.join(FIXTURES, 'no-service-section.service'),
      path.join(FIXTURES, 'plain.service'),
    ]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing\.service: no such file or directory/);
    assert.match(r.stderr, /x\.socket: not a service unit/);
    assert.match(r.stderr, /no-service-section\.service: service has no ExecStart=, ExecStop= or SuccessAction=/);
    assert.match(r.stdout, /Overall exposure level for plain\.service: 9\.4 UNSAFE/);
    fs.rmSync(dir, { recursive: true });
  });

  it('usage errors', () => {
    assert.equal(run([]).status, 2);
    const bad = run(['--systemd-version', 'trixie', path.join(FIXTURES, 'plain.service')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--systemd-version takes a release number/);
    assert.match(run(['--format', 'sarif', path.join(FIXTURES, 'plain.service')]).stderr, /unknown format "sarif"/);
    assert.match(run(['--help']).stdout, /Usage: systemd-container-lint security/);
  });
});
