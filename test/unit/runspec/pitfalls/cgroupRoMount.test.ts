/**
 * Tests of the run-configuration pitfall cgroup-ro-mount: /sys/fs/cgroup mounted read-only (a
 * cgroup v1 recipe).
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../server/src/lint';
import { names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';

before(() => initLinter());

describe('cgroup-ro-mount in compose files', () => {
  it('cgroup-ro-mount: short and long syntax; a writable sub-tree below is accepted', () => {
    assert.ok(
      names(
        lines(['services:', '  sd:', '    image: x/systemd', '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup:ro"]']),
      ).includes('compose-cgroup-ro-mount'),
    );
    const long = lines([
      'services:',
      '  sd:',
      '    image: x/systemd',
      '    volumes:',
      '      - type: bind',
      '        source: /sys/fs/cgroup',
      '        target: /sys/fs/cgroup',
      '        read_only: true',
    ]);
    assert.ok(names(long).includes('compose-cgroup-ro-mount'));
    const sub = lines([
      'services:',
      '  sd:',
      '    image: x/systemd',
      '    cgroup: host',
      '    volumes:',
      '      - /sys/fs/cgroup:/sys/fs/cgroup:ro',
      '      - /sys/fs/cgroup/system.slice:/sys/fs/cgroup/system.slice:rw',
    ]);
    assert.ok(!names(sub).includes('compose-cgroup-ro-mount'));
  });
});
