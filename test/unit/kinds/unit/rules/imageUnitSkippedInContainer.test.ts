/**
 * Tests of SCT702 image-unit-skipped-in-container: ConditionVirtualization= that is false in a
 * container, in a unit of a container image.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { memoryFs, only, unit } from '../../../unitHelpers';
import { DEBIAN_SYSTEMD, PRUNE, TAIL, df } from '../imageInputs';

before(() => initLinter());

describe('SCT702 image-unit-skipped-in-container', () => {
  it('ConditionVirtualization=!container is explained (info); AssertVirtualization= is a warning', () => {
    const text = unit([
      '[Unit]',
      'ConditionVirtualization=!container',
      'AssertVirtualization=vm',
      '[Service]',
      'ExecStart=/usr/sbin/chronyd',
    ]);
    const fs = memoryFs({ '/w/Dockerfile': df([...DEBIAN_SYSTEMD, ...PRUNE, ...TAIL]), '/w/chrony.service': text });
    const found = only('/w/chrony.service', text, 'image-unit-skipped-in-container', fs);
    assert.deepEqual(
      found.map((f) => f.severity),
      ['info', 'warning'],
    );
    assert.match(found[0].message, /always skipped/);
    const fine = unit(['[Unit]', 'ConditionVirtualization=container', '[Service]', 'ExecStart=/bin/true']);
    assert.deepEqual(only('/w/chrony.service', fine, 'image-unit-skipped-in-container', fs), []);
  });
});
