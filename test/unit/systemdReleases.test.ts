/**
 * Unit files judged for a systemd release (issue 17): the per-release key tables generated from
 * the binaries of systemd 252, 257 and 262, the release asked for by flag, config or "auto", and
 * the CLI as users run it. The tables themselves are checked against the real systemd by
 * scripts/systemd-keys/differential.ts (CI step: .ci/units-differential.sh).
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KNOWN_SYSTEMD_RELEASES, parseSystemdVersion } from '../../server/src/core/targetVersions';
import { parseConfig, ConfigError } from '../../server/src/core/config';
import { keyHistory, releaseKeys, releaseNote, tableReleases } from '../../server/src/kinds/unit/knowledge/releases';
import { resolveTargets, systemdReleaseOfImage } from '../../server/src/kinds/unit/target';
import { describeTargets, initLinter } from '../../server/src/lint';
import { lint, memoryFs, only } from './unitHelpers';
import { unitHover } from '../../server/src/kinds/unit/hover';

before(() => initLinter());

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const SVC = '/etc/systemd/system/web.service';
const service = (...lines: string[]) =>
  ['[Unit]', 'Description=web', '', '[Service]', 'ExecStart=/usr/bin/web', ...lines, ''].join('\n');

describe('per-release key tables', () => {
  it('cover the releases the flags accept, with systemd’s own key counts', () => {
    assert.deepEqual(tableReleases(), [...KNOWN_SYSTEMD_RELEASES]);
    const counts = tableReleases().map((r) => releaseKeys(r, 'Service')!.size);
    assert.ok(counts[0] < counts[1] && counts[1] < counts[2], `[Service] grows from release to release: ${counts}`);
    assert.ok(releaseKeys(252, 'Service')!.has('ReadWriteDirectories'), 'aliases are in the tables');
    assert.ok(!releaseKeys(252, 'Service')!.has('MemoryKSM') && releaseKeys(257, 'Service')!.has('MemoryKSM'));
    assert.deepEqual(keyHistory(252, 'Service', 'MemoryKSM'), { firstLater: 257, lastEarlier: undefined });
    assert.equal(releaseNote(262, 'Service', 'MemoryLimit')?.kind, 'removed');
    assert.equal(releaseNote(257, 'Service', 'MemoryLimit')?.replacement, 'MemoryMax');
  });
});

describe('a key of another release', () => {
  it('MemoryKSM= is an error at 252 that says when it arrived, quiet at 257 and 262', () => {
    const text = service('MemoryKSM=yes');
    const [f] = only(SVC, text, 'unknown-key', { systemdVersion: 252 });
    assert.equal(f.severity, 'error');
    assert.match(f.ruleId + f.ruleName, /unknown-key/);
    assert.match(f.message, /^MemoryKSM= is unknown to systemd 252 in \[Service\]; it arrived in 254\./);
    assert.deepEqual(lint(SVC, text, { systemdVersion: 257 }), []);
    assert.deepEqual(lint(SVC, text, { systemdVersion: 262 }), []);
  });

  it('aliases systemd accepts are quiet in every release; a misspelt key stays a warning naming the release', () => {
    for (const systemdVersion of KNOWN_SYSTEMD_RELEASES) {
      assert.deepEqual(
        lint(SVC, service('ReadWriteDirectories=/var/lib/web', 'PrivateTmp=yes'), { systemdVersion }),
        [],
      );
      const unit =
        ['[Unit]', 'BindTo=a.service', 'PropagateReloadTo=b.service', ''].join('\n') +
        service().slice('[Unit]\n'.length);
      assert.deepEqual(
        lint(SVC, unit, { systemdVersion }).map((f) => f.ruleName),
        [],
        `aliases at ${systemdVersion}`,
      );
      const [typo] = only(SVC, service('PrivateTemp=yes'), 'unknown-key', { systemdVersion });
      assert.equal(typo.severity, 'warning');
      assert.match(typo.message, new RegExp(`unknown to systemd ${systemdVersion}`));
    }
  });

  it('a key in the wrong section by the release’s table (not only the man pages)', () => {
    const [f] = only(SVC, service('Upholds=x.service'), 'wrong-section', { systemdVersion: 252 });
    assert.match(f.message, /Upholds= belongs in \[Unit\]/);
  });
});

describe('the release a file is judged for', () => {
  it('flags, settings and config files take known releases only, naming them', () => {
    assert.equal(parseSystemdVersion('252', 'x'), 252);
    assert.equal(parseSystemdVersion(undefined, 'x'), 'auto');
    assert.throws(
      () => parseSystemdVersion('253', '--systemd-version'),
      /--systemd-version: unknown systemd release "253" \(known: 252, 257, 262 or auto\)/,
    );
    assert.equal(parseConfig('systemdVersion: 257\npodmanVersion: "5.4"\n', 'c.yaml').systemdVersion, 257);
    assert.equal(parseConfig('podmanVersion: 5.4.2\n', 'c.yaml').podmanVersion, '5.4');
    assert.throws(
      () => parseConfig('systemdVersion: 250\n', 'c.yaml'),
      (e: Error) =>
        e instanceof ConfigError && /c\.yaml: systemdVersion: unknown systemd release "250"/.test(e.message),
    );
  });

  it('auto: the systemd of the Debian image the unit goes into, else the newest known', () => {
    assert.equal(systemdReleaseOfImage('debian:bookworm-slim'), 252);
    assert.equal(systemdReleaseOfImage('docker.io/library/debian:13'), 257);
    assert.equal(systemdReleaseOfImage('sct/debian-systemd:bookworm'), 252);
    assert.equal(systemdReleaseOfImage('ubuntu:24.04'), undefined);
    const files = {
      '/w/Dockerfile':
        'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd systemd-sysv\nCOPY web.service ' +
        '/etc/systemd/system/\nCMD ["/lib/systemd/systemd"]\n',
      '/w/web.service': service('MemoryKSM=yes'),
    };
    const fs = memoryFs(files);
    const targets = resolveTargets('/w/web.service', {}, fs);
    assert.equal(targets.systemd.release, 252);
    assert.match(targets.systemd.reason, /auto: the systemd of debian:bookworm \(\/w\/Dockerfile\)/);
    const [f] = only('/w/web.service', files['/w/web.service'], 'unknown-key', fs);
    assert.match(f.message, /unknown to systemd 252/);
    // asked for explicitly, the release wins over the image's
    assert.deepEqual(
      only('/w/web.service', files['/w/web.service'], 'unknown-key', { ...fs, systemdVersion: 257 }),
      [],
    );
    assert.equal(resolveTargets('/x/a.service', {}, fs).systemd.reason, 'auto: the newest release known');
    assert.match(
      describeTargets('unit', { path: '/x/a.service', config: { systemdVersion: 257 } }),
      /judged for systemd 257 \(as configured\)/,
    );
  });
});

describe('hover names the release', () => {
  it('a key of another release, a tolerated key and a known one, with the release and why', () => {
    const text = service('MemoryKSM=yes', 'MemoryLimit=1G');
    const at = (line: number, release: number) => {
      const h = unitHover(SVC, text, { line, character: 2 }, { systemd: { release, reason: 'as configured' } });
      return (h!.contents as { value: string }).value;
    };
    assert.match(at(5, 252), /unknown to systemd 252: it arrived in 254/);
    assert.match(at(5, 252), /Judged for systemd 252\* \(Debian bookworm, systemd 252\.\d+[^;]*; as configured\)/);
    assert.match(at(5, 257), /MemoryKSM=/);
    assert.match(
      at(6, 262),
      /removed in systemd 262[\s\S]*systemd 262 says: "Support for option MemoryLimit= has been removed and it is ignored"/,
    );
    assert.match(at(6, 257), /deprecated in systemd 257/);
  });
});

describe('CLI: --systemd-version', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-releases-'));
  fs.writeFileSync(path.join(dir, 'probe.service'), service('MemoryKSM=yes', 'ReadWriteDirectories=/var/lib/web'));
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });

  it('a key new in 257 is an error at 252 and quiet at 257; the alias is quiet at both', () => {
    const at252 = run('--format', 'json', '--systemd-version', '252', 'probe.service');
    assert.equal(at252.status, 1, at252.stderr);
    const findings = JSON.parse(at252.stdout) as { line: number; rule: string; severity: string; message: string }[];
    assert.deepEqual(
      findings.map((f) => [f.line, f.rule, f.severity]),
      [[6, 'unknown-key', 'error']],
    );
    const at257 = run('--format', 'json', '--systemd-version', '257', 'probe.service');
    assert.equal(at257.status, 0, at257.stderr);
    assert.deepEqual(JSON.parse(at257.stdout), []);
  });

  it('--verbose says which release and why; an unknown release is a usage error naming the known ones', () => {
    const verbose = run('--verbose', '--systemd-version', '257', 'probe.service');
    assert.match(verbose.stderr, /probe\.service: judged for systemd 257 \(as configured\)/);
    // auto: the release of the image the unit goes into, read from a Dockerfile with RUN lines
    const withImage = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-releases-image-'));
    fs.writeFileSync(
      path.join(withImage, 'Dockerfile'),
      'FROM debian:bookworm\nRUN apt-get update\nCOPY web.service /etc/systemd/system/\n',
    );
    fs.writeFileSync(path.join(withImage, 'web.service'), service());
    const auto = spawnSync(process.execPath, [CLI, '--verbose', 'web.service'], { encoding: 'utf8', cwd: withImage });
    assert.equal(auto.status, 0, auto.stderr);
    assert.match(auto.stderr, /web\.service: judged for systemd 252 \(auto: the systemd of debian:bookworm/);
    fs.rmSync(withImage, { recursive: true, force: true });
    const bad = run('--systemd-version', '251', 'probe.service');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown systemd release "251" \(known: 252, 257, 262 or auto\)/);
    // a release before Quadlet (4.4) is known (its Quadlet files are told nothing reads them); 5.1 is not
    const badPodman = run('--podman-version', '5.1', 'probe.service');
    assert.equal(badPodman.status, 2);
    assert.match(
      badPodman.stderr,
      /unknown Podman release "5\.1" \(known: 5\.4, 5\.8, a release before 4\.4 \(no Quadlet\) or auto\)/,
    );
    assert.equal(run('--podman-version', '4.3', 'probe.service').status, 0);
  });

  it('the config file’s systemdVersion applies when no flag is given', () => {
    fs.writeFileSync(path.join(dir, '.systemd-lint.yaml'), 'systemdVersion: 252\n');
    try {
      const r = run('--format', 'json', 'probe.service');
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /unknown to systemd 252/);
      assert.equal(run('--systemd-version', '262', 'probe.service').status, 0, 'the flag wins over the file');
    } finally {
      fs.rmSync(path.join(dir, '.systemd-lint.yaml'));
    }
  });
});
