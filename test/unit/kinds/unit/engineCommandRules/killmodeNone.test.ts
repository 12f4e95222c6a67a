/**
 * Tests of SCT306 unit-killmode-none: KillMode=none (strongly recommended against; leaves
 * processes behind).
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-killmode-none', () => {
  it('unit-killmode-none', () => {
    assert.ok(
      names(unit(['ExecStart=/usr/bin/podman run --rm nginx', 'KillMode=none'])).includes('unit-killmode-none'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/podman run --rm nginx', 'KillMode=mixed'])).includes('unit-killmode-none'),
    );
  });
});
