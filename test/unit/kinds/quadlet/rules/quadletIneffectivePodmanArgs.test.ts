/**
 * Tests of SCT505 quadlet-ineffective-podman-args: PodmanArgs= options that do nothing or fight
 * the generated service.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { applyFixClean, only } from '../../../unitHelpers';
import { C, container } from '../quadletInputs';

before(() => initLinter());

describe('SCT505 quadlet-ineffective-podman-args', () => {
  it('--init-path without --init / RunInit=', () => {
    const text = container(['PodmanArgs=--init-path /usr/sbin/init --pid host']);
    const [f] = only(C, text, 'quadlet-ineffective-podman-args');
    assert.match(f.message, /without --init it does nothing\./);
    assert.match(f.detail ?? '', /\/usr\/sbin\/init is not a container-init/);
    const fixed = applyFixClean(C, text, f);
    assert.match(fixed, /\nPodmanArgs=--pid host\n/);
    assert.deepEqual(
      only(
        C,
        container(['RunInit=true', 'PodmanArgs=--init-path /usr/libexec/podman/catatonit']),
        'quadlet-ineffective-podman-args',
      ),
      [],
    );
    assert.deepEqual(
      only(
        C,
        container(['PodmanArgs=--init --init-path=/usr/libexec/podman/catatonit']),
        'quadlet-ineffective-podman-args',
      ),
      [],
    );
  });

  it('--restart, and options Quadlet already passes (info)', () => {
    const text = container(['PodmanArgs=--restart=always --rm -d --replace']);
    const found = only(C, text, 'quadlet-ineffective-podman-args');
    assert.deepEqual(
      found.map((f) => f.severity),
      ['warning', 'info', 'info', 'info'],
    );
    for (const f of found) applyFixClean(C, text, f);
    assert.deepEqual(only(C, container(['PodmanArgs=-d'], ['Type=oneshot']), 'quadlet-ineffective-podman-args'), []);
  });
});
