/**
 * Tests of SCT408 multiple-exec-start: a second ExecStart= in a service that is not Type=oneshot
 * (a drop-in without the `ExecStart=` reset).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, only, unit } from '../../../unitHelpers';
import { SVC, base } from '../serviceInputs';

describe('SCT408 multiple-exec-start', () => {
  it('a drop-in overriding ExecStart= without the reset line', () => {
    const path = '/etc/systemd/system/docker.service.d/override.conf';
    const text = unit(['[Service]', 'ExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2375']);
    const [f] = only(path, text, 'multiple-exec-start');
    assert.match(f.message, /without first resetting/);
    const fixed = applyFixClean(path, text, f);
    assert.equal(
      fixed,
      unit(['[Service]', 'ExecStart=', 'ExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2375']),
    );
    assert.deepEqual(only(path, unit(['[Service]', 'Type=oneshot', 'ExecStart=/bin/a']), 'multiple-exec-start'), []);
  });

  it('two ExecStart= in a simple service; fine for oneshot', () => {
    assert.equal(only(SVC, base(['ExecStart=/bin/a', 'ExecStart=/bin/b']), 'multiple-exec-start').length, 1);
    assert.deepEqual(
      only(SVC, base(['Type=oneshot', 'ExecStart=/bin/a', 'ExecStart=/bin/b']), 'multiple-exec-start'),
      [],
    );
    assert.deepEqual(
      only(SVC, base(['ExecStart=/bin/a', 'ExecStart=', 'ExecStart=/bin/b']), 'multiple-exec-start'),
      [],
    );
  });
});
