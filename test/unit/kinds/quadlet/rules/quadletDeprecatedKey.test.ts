/** Tests of SCT511 quadlet-deprecated-key: a Quadlet key its generator marks deprecated. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintFile } from '../../../../../server/src/lint';
import { C, ids, probe } from '../releaseInputs';

before(() => initLinter());

describe('quadlet-deprecated-key', () => {
  it('a deprecated key the generator still reads is a warning naming its replacement, at every release', () => {
    for (const v of ['5.4', '5.8'])
      assert.deepEqual(
        ids(probe, v).filter((i) => i.startsWith('SCT511')),
        ['SCT511:3'],
      );
    assert.match(lintFile('quadlet', probe, { path: C }).find((f) => f.ruleId === 'SCT511')!.message, /use UserNS=/);
  });
});
