/** Tests of SCT404 deprecated-key: a deprecated, renamed, moved or removed key. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, only, unit } from '../../../unitHelpers';
import { SVC, base } from '../serviceInputs';

describe('SCT404 deprecated-key', () => {
  it('cgroup-v1 keys: same-format keys are renamed, shares/weights converted', () => {
    const text = base([
      'ExecStart=/usr/bin/web',
      'MemoryLimit=1G',
      'CPUShares=512',
      'BlockIOWeight=1000',
      'BlockIODeviceWeight=/dev/sda 250',
    ]);
    const titles = [
      'Replace with MemoryMax=1G',
      'Replace with CPUWeight=50',
      'Replace with IOWeight=200',
      'Replace with IODeviceWeight=/dev/sda 50',
    ];
    // systemd 262 ignores them all (removed), 257 still reads them and warns about MemoryLimit= and CPUShares=
    const at262 = only(SVC, text, 'deprecated-key', { systemdVersion: 262 });
    assert.deepEqual(
      at262.map((f) => f.fixes[0]?.title),
      titles,
    );
    assert.match(
      at262[0].message,
      /MemoryLimit= has no effect in systemd 262.*"Support for option MemoryLimit= has been removed and it is ignored"\); use MemoryMax=/,
    );
    const at257 = only(SVC, text, 'deprecated-key', { systemdVersion: 257 });
    assert.deepEqual(
      at257.map((f) => f.fixes[0]?.title),
      titles,
    );
    assert.match(
      at257[0].message,
      /MemoryLimit= is deprecated in systemd 257; use MemoryMax= \(systemd 257 says: "Unit uses MemoryLimit=; please use MemoryMax= instead/,
    );
    assert.match(
      at257[2].message,
      /cgroup-v1 setting.*fully deprecated; use IOWeight=/,
      'no warning from 257 itself: the man page says so',
    );
    for (const f of at262) applyFixClean(SVC, text, f, 0, { systemdVersion: 262 });
    for (const f of at257) applyFixClean(SVC, text, f, 0, { systemdVersion: 257 });
  });

  it('legacy names: aliases are accepted, moved keys are info, removed ones say what systemd says', () => {
    const text = unit([
      '[Unit]',
      'BindTo=dev.service',
      'StartLimitInterval=10',
      'RequiresOverridable=a.service',
      '',
      '[Service]',
      'ExecStart=/bin/x',
      'StartLimitBurst=3',
      'PermissionsStartOnly=true',
      'Capabilities=cap_net_raw+ep',
      'ReadWriteDirectories=/var/lib/x',
    ]);
    const found = only(SVC, text, 'deprecated-key');
    assert.deepEqual(
      found.map((f) => [f.range.start.line, f.severity, f.fixes[0]?.title]),
      [
        [3, 'warning', 'Rename to Requires='],
        [7, 'info', 'Move to [Unit] as StartLimitBurst='],
        [8, 'warning', undefined],
        [9, 'warning', 'Remove Capabilities= (it has no effect)'],
      ],
    );
    assert.match(found[0].message, /RequiresOverridable= is obsolete in systemd 262, which reads it as Requires=/);
    assert.match(found[2].message, /deprecated since systemd 240/);
    assert.match(
      found[3].message,
      /systemd 262 says: "Support for option Capabilities= has been removed and it is ignored"/,
    );
    for (const f of found.filter((x) => x.fixes.length)) applyFixClean(SVC, text, f);
    assert.deepEqual(only(SVC, text, 'unknown-key'), [], 'legacy keys are not unknown');
    assert.deepEqual(only(SVC, text, 'wrong-section'), [], 'a moved key is not in the wrong section');
  });
});
