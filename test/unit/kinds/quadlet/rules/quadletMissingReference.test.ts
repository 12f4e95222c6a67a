/** Tests of SCT509 quadlet-missing-reference: a reference to a Quadlet file that is not there. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { unit } from '../../../unitHelpers';
import { C, errors, fsys, one } from '../releaseInputs';

before(() => initLinter());

describe('quadlet-missing-reference', () => {
  it('references: found beside it or below, else an error on the naming line; silent without access', () => {
    assert.deepEqual(one(['Network=db.network', 'Pod=app.pod', 'Volume=/srv:/srv']), []);
    assert.deepEqual(one(['Network=web.network', 'Volume=data.volume:/data', 'Image=x.build']), [
      'quadlet-missing-reference:2',
      'quadlet-missing-reference:3',
      'quadlet-missing-reference:4',
    ]);
    assert.deepEqual(errors(unit(['[Container]', 'Image=quay.io/a/b', 'Network=web.network'])), []);
    // [Unit] dependencies on Quadlet files are translated (and checked) from 5.8 on
    const dep = unit(['[Unit]', 'Requires=gone.container', '[Container]', 'Image=quay.io/a/b']);
    assert.deepEqual(
      errors(dep, '5.8', C, fsys).map((f) => f.range.start.line),
      [1],
    );
    assert.deepEqual(errors(dep, '5.4', C, fsys), []);
  });
});
