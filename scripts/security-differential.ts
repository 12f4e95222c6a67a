/**
 * Differential test of `systemd-container-lint security` against the real `systemd-analyze security
 * --offline=yes` of each Debian release, in the chroots of .ci/chroots-setup.sh, on the services
 * those chroots ship and on those unpacked from extra packages by .ci/security-differential.sh
 * (under <chroot>/var/tmp/sct-security/units). Target: overall exposure within 0.1 on ≥ 95% of the
 * services of each release.
 *
 *   node out/scripts/security-differential.js [--release bookworm|trixie|sid] [--verbose]
 *   node out/scripts/security-differential.js --fixtures test/fixtures/security --write-expectations F
 *
 * --fixtures scores the units of a folder instead (copied into <chroot>/var/tmp/sct-security/fixtures);
 * --write-expectations records the real tool's answers (overall and every row) for the unit test.
 *
 * Exit 1 when a release misses the target, 2 when no chroot is there.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { scoreFile } from '../server/src/cli/commands/security';
import { formatTenths } from '../server/src/security/exposure';

const ROOT = process.env.SCT_CHROOTS ?? '/var/cache/sct-chroots';
const RELEASES: Record<string, number> = { bookworm: 252, trixie: 257, sid: 262 };
const UNIT_DIRS = ['/usr/lib/systemd/system', '/var/tmp/sct-security/units'];
const TARGET = 0.95;

interface RealRow {
  name: string;
  set: boolean | null;
  exposure: string | null;
}

function realTool(chroot: string, unitPath: string): { exposure: number; rows: RealRow[] } | { error: string } {
  const run = (args: string[]) =>
    spawnSync('chroot', [chroot, 'systemd-analyze', 'security', '--offline=yes', '--no-pager', ...args, unitPath], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, SYSTEMD_COLORS: '0', LC_ALL: 'C.UTF-8' },
    });
  const text = run([]);
  const m = /Overall exposure level for \S+: (\d+)\.(\d)/.exec(text.stdout ?? '');
  if (!m) return { error: (text.stderr || text.stdout || 'no output').trim().split('\n').slice(-1)[0] };
  const json = run(['--json=short']);
  let rows: RealRow[];
  try {
    rows = JSON.parse(json.stdout) as RealRow[];
  } catch {
    rows = [];
  }
  return { exposure: Number(m[1]) * 10 + Number(m[2]), rows };
}

/** Regular unit files (aliases are symlinks: the same unit under another name). */
function servicesIn(chroot: string, dirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(chroot, dir));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (!name.endsWith('.service')) continue;
      const full = path.join(chroot, dir, name);
      if (fs.lstatSync(full).isFile()) out.push(path.join(dir, name));
    }
  }
  return out;
}

/** What the real tool said about one unit: overall tenths and [row, set, exposure] in its JSON order. */
interface Expectation {
  exposure: number;
  rows: [string, boolean | null, string | null][];
}

interface Outcome {
  unit: string;
  ours: number;
  real: number;
  rowsDiffering: string[];
}

function main(): void {
  const { values } = parseArgs({
    options: {
      release: { type: 'string' },
      verbose: { type: 'boolean' },
      fixtures: { type: 'string' },
      'write-expectations': { type: 'string' },
    },
  });
  const suites = process.env.SCT_CHROOT_SUITES?.split(/\s+/).filter((s) => s in RELEASES);
  const releases = values.release ? [values.release] : suites?.length ? suites : Object.keys(RELEASES);
  let ok = true;
  let any = false;
  const expectations: Record<string, Record<string, Expectation>> = {};
  for (const release of releases) {
    const chroot = path.join(ROOT, release);
    if (!fs.existsSync(path.join(chroot, '.sct-chroot'))) {
      console.log(`${release}: no chroot at ${chroot} (run .ci/chroots-setup.sh)`);
      continue;
    }
    any = true;
    const version = RELEASES[release];
    let dirs = UNIT_DIRS;
    if (values.fixtures) {
      const inside = '/var/tmp/sct-security/fixtures';
      fs.rmSync(path.join(chroot, inside), { recursive: true, force: true });
      fs.mkdirSync(path.dirname(path.join(chroot, inside)), { recursive: true });
      fs.cpSync(values.fixtures, path.join(chroot, inside), { recursive: true });
      dirs = [inside];
    }
    const outcomes: Outcome[] = [];
    const failures: string[] = [];
    for (const unitPath of servicesIn(chroot, dirs)) {
      const real = realTool(chroot, unitPath);
      if ('error' in real) {
        failures.push(`${unitPath}: ${real.error}`);
        continue;
      }
      const ours = scoreFile(path.join(chroot, unitPath), version);
      const rowsDiffering = real.rows
        .filter((r) => {
          const mine = ours.checks.find((c) => c.name === r.name);
          const mineExposure =
            mine?.exposure === null || mine?.exposure === undefined ? null : formatTenths(mine.exposure);
          return !mine || mine.set !== r.set || mineExposure !== r.exposure;
        })
        .map((r) => r.name);
      outcomes.push({ unit: unitPath, ours: ours.exposure, real: real.exposure, rowsDiffering });
      (expectations[version] ??= {})[path.basename(unitPath)] = {
        exposure: real.exposure,
        rows: real.rows.map((r) => [r.name, r.set, r.exposure]),
      };
    }
    const within = outcomes.filter((o) => Math.abs(o.ours - o.real) <= 1);
    const exact = outcomes.filter((o) => o.ours === o.real && o.rowsDiffering.length === 0);
    const share = outcomes.length ? within.length / outcomes.length : 0;
    const met = (values.fixtures !== undefined || outcomes.length >= 60) && share >= TARGET;
    ok &&= met;
    console.log(
      `${release} (systemd ${version}): ${outcomes.length} services scored by the real tool; overall within ` +
        `0.1: ${within.length} (${(share * 100).toFixed(1)}%); every row and the overall ` +
        `identical: ${exact.length}; the real tool ` +
        `refused ${failures.length}. ${met ? 'Target met' : 'BELOW TARGET'} (≥ 60 services, ≥ 95% within 0.1).`,
    );
    for (const o of outcomes.filter(
      (x) => Math.abs(x.ours - x.real) > 1 || (values.verbose && x.rowsDiffering.length > 0),
    )) {
      console.log(
        `  ${o.unit}: ours ${formatTenths(o.ours)}, systemd-analyze ${formatTenths(o.real)}; rows ` +
          `differing: ${o.rowsDiffering.join(', ') || 'none'}`,
      );
    }
    if (values.verbose) for (const f of failures) console.log(`  refused: ${f}`);
  }
  if (values['write-expectations'])
    fs.writeFileSync(values['write-expectations'], JSON.stringify(expectations, null, 1) + '\n');
  process.exitCode = !any ? 2 : ok ? 0 : 1;
}

main();
