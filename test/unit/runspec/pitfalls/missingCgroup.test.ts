/**
 * Tests of the run-configuration pitfall missing-cgroup: systemd container without a writable
 * cgroup.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../server/src/lint';
import { BARE, names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';

before(() => initLinter());

describe('missing-cgroup in compose files', () => {
  it('missing-cgroup: not when privileged or with any /sys/fs/cgroup mount', () => {
    assert.ok(names(BARE).includes('compose-missing-cgroup'));
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    privileged: true'])).includes(
        'compose-missing-cgroup',
      ),
    );
    assert.ok(
      !names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    volumes: [/sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd]',
        ]),
      ).includes('compose-missing-cgroup'),
    );
  });
});
