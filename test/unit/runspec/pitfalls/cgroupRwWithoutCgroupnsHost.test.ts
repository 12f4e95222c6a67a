/**
 * Tests of the run-configuration pitfall cgroup-rw-without-cgroupns-host: writable host cgroupfs
 * without the host cgroup namespace.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../server/src/lint';
import { CLEAN, names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';

before(() => initLinter());

describe('cgroup-rw-without-cgroupns-host in compose files', () => {
  it('cgroup-rw-without-cgroupns-host: rw (or default) bind without cgroup: host', () => {
    assert.ok(
      names(
        lines(['services:', '  sd:', '    image: x/systemd', '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup"]']),
      ).includes('compose-cgroup-rw-without-cgroupns-host'),
    );
    assert.ok(
      names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    cgroup: private',
          '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup:rw"]',
        ]),
      ).includes('compose-cgroup-rw-without-cgroupns-host'),
    );
    assert.ok(!names(CLEAN).includes('compose-cgroup-rw-without-cgroupns-host'));
  });
});
