/**
 * Tests of SCT507 quadlet-unsupported-service-setting: a [Service] KillMode= or Type= the Quadlet
 * generator rejects.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { applyFixClean, only } from '../../../unitHelpers';
import { C, container } from '../quadletInputs';

before(() => initLinter());

describe('SCT507 quadlet-unsupported-service-setting', () => {
  it('KillMode= and Type= the generator rejects', () => {
    const text = container([], ['KillMode=none', 'Type=forking']);
    const found = only(C, text, 'quadlet-unsupported-service-setting');
    assert.equal(found.length, 2);
    assert.equal(found[0].severity, 'error');
    for (const f of found) applyFixClean(C, text, f);
    assert.deepEqual(
      only(C, container([], ['KillMode=mixed', 'Type=oneshot']), 'quadlet-unsupported-service-setting'),
      [],
    );
  });
});
