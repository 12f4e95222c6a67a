/**
 * Tests of SCT305 unit-compose-down-volumes: compose down -v in a unit deletes the named volumes
 * on every stop/restart.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintUnitRunLines } from '../../../../../server/src/lint';
import { fixed } from '../../../runspecHelpers';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-compose-down-volumes', () => {
  it('unit-compose-down-volumes: down -v / --volumes anywhere; plain down is fine', () => {
    assert.ok(
      names(
        unit([
          'ExecStartPre=/usr/local/bin/docker-compose down -v -t 60',
          'ExecStart=/usr/local/bin/docker-compose up',
        ]),
      ).includes('unit-compose-down-volumes'),
    );
    assert.ok(
      names(unit(['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose down --volumes'])).includes(
        'unit-compose-down-volumes',
      ),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose down'])).includes(
        'unit-compose-down-volumes',
      ),
    );
    assert.match(
      fixed(
        lintUnitRunLines,
        unit(['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose down -v -t 60']),
        'unit-compose-down-volumes',
      ),
      /ExecStop=\/usr\/bin\/docker compose down -t 60\n/,
    );
  });
});
