/** Tests of SCT602 nspawn-port-without-veth: Port= without a virtual Ethernet link. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, only, unit } from '../../../unitHelpers';
import { TRUSTED } from '../nspawnPaths';

describe('SCT602 nspawn-port-without-veth', () => {
  it('VirtualEthernet=no: warning, fix turns it on', () => {
    const text = unit(['[Network]', 'VirtualEthernet=no', 'Port=8080']);
    const [f] = only(TRUSTED, text, 'nspawn-port-without-veth');
    assert.equal(f.severity, 'warning');
    applyFixClean(TRUSTED, text, f);
  });

  it('no link setting: info (machinectl adds --network-veth), fix adds VirtualEthernet=yes', () => {
    const text = unit(['[Exec]', 'Boot=yes', '', '[Network]', 'Port=tcp:8080:80']);
    const [f] = only(TRUSTED, text, 'nspawn-port-without-veth');
    assert.equal(f.severity, 'info');
    const fixed = applyFixClean(TRUSTED, text, f);
    assert.match(fixed, /\[Network\]\nPort=tcp:8080:80\nVirtualEthernet=yes\n/);
    const noNetwork = unit(['[Exec]', 'Boot=yes']);
    assert.deepEqual(only(TRUSTED, noNetwork, 'nspawn-port-without-veth'), []);
  });

  it('Zone= and Bridge= imply veth', () => {
    assert.deepEqual(only(TRUSTED, unit(['[Network]', 'Zone=web', 'Port=80']), 'nspawn-port-without-veth'), []);
    assert.deepEqual(only(TRUSTED, unit(['[Network]', 'Bridge=br0', 'Port=80']), 'nspawn-port-without-veth'), []);
  });
});
