/** Tests of SCT601 nspawn-all-capabilities: Capability=all. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { only, unit } from '../../../unitHelpers';
import { NEXT_TO_IMAGE, TRUSTED } from '../nspawnPaths';

describe('SCT601 nspawn-all-capabilities', () => {
  it('Capability=all, not DropCapability=all nor a list', () => {
    const [f] = only(TRUSTED, unit(['[Exec]', 'Capability=all']), 'nspawn-all-capabilities');
    assert.equal(f.ruleId, 'SCT601');
    assert.match(f.message, /CAP_SYS_MODULE/);
    assert.deepEqual(
      only(
        TRUSTED,
        unit(['[Exec]', 'DropCapability=all', 'Capability=CAP_NET_ADMIN CAP_SYS_TIME']),
        'nspawn-all-capabilities',
      ),
      [],
    );
    assert.match(
      only(NEXT_TO_IMAGE, unit(['[Exec]', 'Capability=ALL']), 'nspawn-all-capabilities')[0].message,
      /ignored anyway/,
    );
  });
});
