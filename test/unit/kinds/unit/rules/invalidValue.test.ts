/**
 * Tests of SCT406 invalid-value: a value the key does not accept (boolean, enum, time span,
 * number, size).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupKey } from '../../../../../server/src/kinds/unit/knowledge/directives';
import { checkValue, isTimeSpan } from '../../../../../server/src/kinds/unit/values';
import { applyFixClean, only, unit } from '../../../unitHelpers';
import { SVC, base } from '../serviceInputs';

describe('SCT406 invalid-value', () => {
  it('booleans, enums, time spans, sizes, integers', () => {
    const text = base([
      'ExecStart=/usr/bin/web',
      'Restart=allways',
      'RemainAfterExit=maybe',
      'TimeoutStartSec=1 hour and a half',
      'MemoryMax=lots',
      'Nice=high',
    ]);
    const found = only(SVC, text, 'invalid-value');
    assert.deepEqual(
      found.map((f) => f.range.start.line),
      [5, 6, 7, 8, 9],
    );
    assert.match(found[0].message, /Restart= takes one of "no", "on-success".*"allways" is not one of them/);
    assert.match(found[2].message, /time span/);
    assert.ok(found[0].fixes.some((x) => x.title === 'Use Restart=always'));
    applyFixClean(
      SVC,
      text,
      found[0],
      found[0].fixes.findIndex((x) => x.title === 'Use Restart=always'),
    );
  });

  it('accepts the values the pages allow, specifiers and variables', () => {
    const ok = base([
      'ExecStart=/usr/bin/web',
      'Restart=always',
      'RemainAfterExit=Yes',
      'TimeoutStartSec=infinity',
      'TimeoutStopSec=90',
      'RestartSec=1min30s',
      'RuntimeMaxSec=1.5h',
      'MemoryMax=50%',
      'MemoryHigh=infinity',
      'ProtectHome=read-only',
      'PrivateUsers=self',
      'StandardOutput=file:/var/log/web.log',
      'User=%i',
      'Nice=-5',
      'Type=${TYPE}',
    ]);
    assert.deepEqual(only(SVC, ok, 'invalid-value'), []);
    assert.equal(isTimeSpan('2 h'), true);
    assert.equal(isTimeSpan('300ms20s 5day'), true);
    assert.equal(isTimeSpan('5 minutes'), true);
    assert.equal(isTimeSpan('5 mins'), false);
    assert.equal(checkValue(lookupKey('service', 'Service', 'Delegate')!, 'cpu memory'), undefined);
  });

  it('Quadlet booleans: podman reads anything but 1/yes/true/on as false', () => {
    const q = unit(['[Container]', 'Image=docker.io/library/nginx', 'ReadOnly=y', 'Notify=healthy', 'RunInit=TRUE']);
    const found = only('/w/a.container', q, 'invalid-value');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /"y" means false here/);
    applyFixClean('/w/a.container', q, found[0]);
  });
});
