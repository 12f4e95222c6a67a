/**
 * Tests of SCT307 unit-restart-policy-conflict: container restart policy and systemd Restart= both
 * supervise the container.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-restart-policy-conflict', () => {
  it('unit-restart-policy-conflict: --restart=always/unless-stopped with Restart=', () => {
    assert.ok(
      names(unit(['Restart=always', 'ExecStart=/usr/bin/docker run --rm --restart=always nginx'])).includes(
        'unit-restart-policy-conflict',
      ),
    );
    assert.ok(
      names(
        unit([
          'Restart=on-failure',
          'ExecStartPre=/usr/bin/docker create --restart unless-stopped --name w nginx',
          'ExecStart=/usr/bin/docker start -a w',
        ]),
      ).includes('unit-restart-policy-conflict'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/docker run --rm --restart=always nginx'])).includes(
        'unit-restart-policy-conflict',
      ),
    );
    assert.ok(
      !names(unit(['Restart=always', 'ExecStart=/usr/bin/docker run --rm --restart=on-failure nginx'])).includes(
        'unit-restart-policy-conflict',
      ),
    );
  });
});
