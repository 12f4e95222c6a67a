/**
 * Tests of SCT405 deprecated-value: a value the man page marks deprecated or strongly recommends
 * against.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, only, unit } from '../../../unitHelpers';
import { SVC, base } from '../serviceInputs';

describe('SCT405 deprecated-value', () => {
  it('KillMode=none says what systemd.kill(5) and NEWS say, fixes offered but not preferred', () => {
    const text = base(['ExecStart=/usr/bin/web', 'KillMode=none']);
    const [f] = only(SVC, text, 'deprecated-value');
    assert.match(f.detail ?? '', /strongly recommended against/);
    assert.match(
      f.message,
      /^KillMode=none leaves the processes running when the unit stops, and systemd warns about it: use mixed or control-group\.$/,
    );
    assert.match(f.detail ?? '', /since systemd 246/);
    assert.match(f.detail ?? '', /does not call the value deprecated/);
    assert.deepEqual(
      f.fixes.map((x) => [x.title, !!x.preferred]),
      [
        ['Use KillMode=mixed', false],
        ['Use KillMode=control-group', false],
      ],
    );
    applyFixClean(SVC, text, f);
    assert.deepEqual(only(SVC, base(['ExecStart=/usr/bin/web', 'KillMode=mixed']), 'deprecated-value'), []);
    assert.deepEqual(only(SVC, text, 'invalid-value'), []);
  });

  it('IPMasquerade=yes in a networkd file', () => {
    const text = unit(['[Match]', 'Name=eth0', '[Network]', 'IPMasquerade=yes']);
    const [f] = only('/etc/systemd/network/10-eth.network', text, 'deprecated-value');
    assert.equal(f.fixes[0].title, 'Use IPMasquerade=ipv4');
    applyFixClean('/etc/systemd/network/10-eth.network', text, f);
  });
});
