/**
 * Tests of the run-configuration pitfall host-network-systemd: systemd container on the host
 * network.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../server/src/lint';
import { names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';
import { at, fixOf, spec } from './runSpecs';

before(() => initLinter());

describe('host-network-systemd in compose files', () => {
  it('host-network-systemd', () => {
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    network_mode: host'])).includes(
        'compose-host-network-systemd',
      ),
    );
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    network_mode: bridge'])).includes(
        'compose-host-network-systemd',
      ),
    );
  });
});

describe('host-network-systemd: the run model', () => {
  it('the host network has no fix (which network and ports instead is the user’s choice)', () => {
    const host = spec((s) => (s.network = { value: 'host', range: at(6) }));
    assert.equal(fixOf(host, 'host-network-systemd'), undefined);
  });
});
