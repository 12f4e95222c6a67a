/**
 * The directive database against facts stated in the man pages it is generated from, and the
 * generator against the committed JSON (needs the pinned .debs: bash .ci/manpages-setup.sh).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { cacheDir, DATABASE_PATH, debPath, PACKAGES } from '../../scripts/directives/debs';
import { generate, pinnedVersions } from '../../scripts/directives/generate';
import {
  directiveSource,
  editDistance,
  keysIn,
  knownFileTypes,
  lookupKey,
  nearestKey,
  nearestSection,
  sectionsDefining,
  sectionsFor,
} from '../../server/src/kinds/unit/knowledge/directives';

describe('directive database: facts from the man pages', () => {
  it('[Service] ExecStart= is a repeatable command line from systemd.service(5)', () => {
    const d = lookupKey('service', 'Service', 'ExecStart');
    assert.equal(d?.manPage, 'systemd.service(5)');
    assert.equal(d?.type, 'commandLine');
    assert.equal(d?.multiple, true);
    assert.match(d?.doc ?? '', /^Commands that are executed when this service is started/);
  });

  it('KillMode= comes from systemd.kill(5) with its four values; 257 does not call "none" deprecated', () => {
    const d = lookupKey('service', 'Service', 'KillMode');
    assert.equal(d?.manPage, 'systemd.kill(5)');
    assert.equal(d?.type, 'enum');
    assert.deepEqual(d?.values, ['control-group', 'mixed', 'process', 'none']);
    assert.equal(d?.deprecated, undefined);
    assert.equal(d?.since, 187);
  });

  it('Type= and Restart= are enums with the values the page lists', () => {
    assert.deepEqual(lookupKey('service', 'Service', 'Type')?.values, [
      'simple',
      'exec',
      'forking',
      'oneshot',
      'dbus',
      'notify',
      'notify-reload',
      'idle',
    ]);
    assert.deepEqual(lookupKey('service', 'Service', 'Restart')?.values, [
      'no',
      'on-success',
      'on-failure',
      'on-abnormal',
      'on-watchdog',
      'on-abort',
      'always',
    ]);
    assert.deepEqual(lookupKey('service', 'Service', 'StandardOutput')?.values?.slice(-5), [
      'file:<path>',
      'append:<path>',
      'truncate:<path>',
      'socket',
      'fd:<name>',
    ]);
  });

  it('booleans, booleans with special values, time spans, sizes, integers, unit lists', () => {
    assert.equal(lookupKey('service', 'Service', 'RemainAfterExit')?.type, 'boolean');
    const privateUsers = lookupKey('service', 'Service', 'PrivateUsers');
    assert.equal(privateUsers?.manPage, 'systemd.exec(5)');
    assert.equal(privateUsers?.type, 'boolean');
    assert.deepEqual(privateUsers?.values, ['self', 'identity']);
    assert.deepEqual(lookupKey('service', 'Service', 'ProtectSystem')?.values, ['full', 'strict']);
    assert.equal(lookupKey('service', 'Service', 'TimeoutStartSec')?.type, 'timespan');
    assert.equal(lookupKey('service', 'Service', 'MemoryMax')?.type, 'size');
    assert.equal(lookupKey('service', 'Service', 'Nice')?.type, 'integer');
    const after = lookupKey('service', 'Unit', 'After');
    assert.equal(after?.type, 'unitList');
    assert.equal(after?.multiple, true);
    // "Similar to Wants=, but …" inherits Wants='s type
    assert.equal(lookupKey('service', 'Unit', 'Requires')?.type, 'unitList');
    // "Takes the same values as the FailureAction=/SuccessAction= settings"
    assert.deepEqual(
      lookupKey('service', 'Unit', 'StartLimitAction')?.values,
      lookupKey('service', 'Unit', 'FailureAction')?.values,
    );
  });

  it('cgroup-v1 settings are deprecated, as systemd.resource-control(5) HISTORY says', () => {
    for (const key of ['CPUShares', 'MemoryLimit', 'BlockIOWeight']) {
      const d = lookupKey('service', 'Service', key);
      assert.equal(d?.deprecated, true, key);
      assert.equal(d?.manPage, 'systemd.resource-control(5)');
    }
    assert.match(lookupKey('slice', 'Slice', 'CPUShares')?.doc ?? '', /deprecated/);
  });

  it('sections per unit type follow the pages: shared options where their DESCRIPTION puts them', () => {
    assert.deepEqual(sectionsFor('service'), ['Install', 'Service', 'Unit']);
    assert.deepEqual(sectionsFor('target'), ['Install', 'Unit']);
    assert.deepEqual(sectionsFor('scope'), ['Scope', 'Unit']);
    assert.deepEqual(sectionsFor('timer'), ['Install', 'Timer', 'Unit']);
    // systemd.exec(5): [Service], [Socket], [Mount], [Swap]
    for (const [type, section] of [
      ['socket', 'Socket'],
      ['mount', 'Mount'],
      ['swap', 'Swap'],
    ] as const) {
      assert.equal(lookupKey(type, section, 'User')?.manPage, 'systemd.exec(5)', type);
    }
    assert.equal(lookupKey('timer', 'Timer', 'User'), undefined);
    // systemd.resource-control(5) also applies to [Slice] and [Scope]; systemd.kill(5) does not
    assert.equal(lookupKey('slice', 'Slice', 'MemoryMax')?.manPage, 'systemd.resource-control(5)');
    assert.equal(lookupKey('scope', 'Scope', 'CPUWeight')?.manPage, 'systemd.resource-control(5)');
    assert.equal(lookupKey('scope', 'Scope', 'KillMode'), undefined);
    assert.deepEqual(sectionsDefining('service', 'ExecStart'), ['Service']);
    assert.deepEqual(sectionsDefining('service', 'WantedBy'), ['Install']);
  });

  it('.nspawn: [Exec] [Files] [Network], Boot= a boolean', () => {
    assert.deepEqual(sectionsFor('nspawn'), ['Exec', 'Files', 'Network']);
    const boot = lookupKey('nspawn', 'Exec', 'Boot');
    assert.equal(boot?.type, 'boolean');
    assert.equal(boot?.manPage, 'systemd.nspawn(5)');
    assert.ok(lookupKey('nspawn', 'Exec', 'PrivateUsers'));
    assert.ok(lookupKey('nspawn', 'Files', 'Bind')?.multiple);
  });

  it('Quadlet: each file type has its section, [Quadlet], and the sections of the service it becomes', () => {
    assert.deepEqual(sectionsFor('quadlet-container'), ['Container', 'Install', 'Quadlet', 'Service', 'Unit']);
    const image = lookupKey('quadlet-container', 'Container', 'Image');
    assert.equal(image?.manPage, 'podman-systemd.unit(5)');
    assert.equal(lookupKey('quadlet-container', 'Container', 'ReadOnly')?.type, 'boolean');
    assert.equal(lookupKey('quadlet-container', 'Container', 'Volume')?.multiple, true);
    assert.deepEqual(lookupKey('quadlet-network', 'Network', 'Driver')?.values, ['bridge', 'macvlan', 'ipvlan']);
    assert.ok(lookupKey('quadlet-volume', 'Volume', 'VolumeName'));
    assert.ok(lookupKey('quadlet-kube', 'Kube', 'Yaml'));
    assert.ok(lookupKey('quadlet-pod', 'Pod', 'PodName'));
    assert.ok(lookupKey('quadlet-build', 'Build', 'ImageTag'));
    assert.ok(lookupKey('quadlet-image', 'Image', 'Image'));
    assert.equal(lookupKey('quadlet-container', 'Service', 'Restart')?.manPage, 'systemd.service(5)');
    assert.equal(lookupKey('quadlet-container', 'Container', 'ExecStart'), undefined);
  });

  it(
    'networkd and udev files: [Match] per page, sections spelt as ' + 'the text spells them, "same keys as" sections',
    () => {
      assert.ok(lookupKey('network', 'Match', 'Name'));
      assert.equal(lookupKey('network', 'Network', 'DHCP')?.type, 'enum');
      assert.ok(sectionsFor('network').includes('DHCPv4'));
      assert.ok(lookupKey('link', 'Link', 'MACAddressPolicy'));
      assert.deepEqual(
        keysIn('netdev', 'MACVTAP').map((d) => d.name),
        keysIn('netdev', 'MACVLAN').map((d) => d.name),
      );
    },
  );

  it('did-you-mean: nearest key and section', () => {
    assert.equal(nearestKey('service', 'Service', 'ExecStrat'), 'ExecStart');
    assert.equal(nearestKey('service', 'Service', 'execstart'), 'ExecStart');
    assert.equal(nearestKey('service', 'Service', 'RemainAfterExti'), 'RemainAfterExit');
    assert.equal(nearestKey('service', 'Service', 'Bogus'), undefined);
    assert.equal(nearestSection('service', 'service'), 'Service');
    assert.equal(nearestSection('quadlet-container', 'Containr'), 'Container');
    assert.equal(editDistance('ab', 'ba'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('records the Debian packages it came from, and the pages agree with them', () => {
    assert.equal(directiveSource.suite, 'trixie');
    const upstream = directiveSource.packages.systemd.replace(/-[^-]*$/, '');
    const db = JSON.parse(fs.readFileSync(DATABASE_PATH, 'utf8')) as { pages: Record<string, string> };
    assert.equal(db.pages['systemd.exec(5)'], `systemd ${upstream}`);
    assert.match(directiveSource.packages.podman, /^5\./);
    assert.deepEqual(Object.keys(directiveSource.packages).sort(), [...PACKAGES].sort());
    assert.ok(knownFileTypes().length >= 22);
  });
});

describe('directive database: generator', () => {
  it('re-running it on the pinned Debian packages reproduces directives.json byte for byte', () => {
    const versions = pinnedVersions();
    const missing = PACKAGES.filter((p) => !fs.existsSync(debPath(p, versions[p]))).map((p) => `${p} ${versions[p]}`);
    assert.deepEqual(
      missing,
      [],
      `the pinned .debs are not in ${cacheDir()}/debs: run bash .ci/manpages-setup.sh (docs/directive-database.md)`,
    );
    const expected = fs.readFileSync(DATABASE_PATH, 'utf8');
    const actual = generate(versions);
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = a.findIndex((l, i) => l !== e[i]);
      assert.fail(
        `directives.json differs from the generator's output at line ${line + 1}:\n  committed: ${e[line]}\n  ` +
          `generated: ${a[line]}\nregenerate: see docs/directive-database.md`,
      );
    }
  });
});
