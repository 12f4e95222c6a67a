/**
 * Tests of SCT506 quadlet-rootless-system-target: a rootless Quadlet wanted by a system target the
 * user manager does not have.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { applyFixClean, only, unit } from '../../../unitHelpers';

before(() => initLinter());

describe('SCT506 quadlet-rootless-system-target', () => {
  it('by path: WantedBy=multi-user.target in ~/.config/containers/systemd', () => {
    const path = '/home/me/.config/containers/systemd/web.container';
    const text = unit(['[Container]', 'Image=docker.io/library/nginx', '[Install]', 'WantedBy=multi-user.target']);
    const [f] = only(path, text, 'quadlet-rootless-system-target');
    assert.equal(f.severity, 'warning');
    const fixed = applyFixClean(path, text, f);
    assert.match(fixed, /WantedBy=default.target/);
    assert.deepEqual(only('/etc/containers/systemd/web.container', text, 'quadlet-rootless-system-target'), []);
  });

  it('by content (info): user-only paths, with default.target also listed', () => {
    const text = unit([
      '[Container]',
      'Image=docker.io/library/nginx',
      'Volume=/run/user/%U/podman/podman.sock:/run/podman/podman.sock',
      '[Install]',
      'WantedBy=multi-user.target default.target',
    ]);
    const [f] = only('/w/x.container', text, 'quadlet-rootless-system-target');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /default.target, also listed, does the job/);
    const fixed = applyFixClean('/w/x.container', text, f);
    assert.match(fixed, /\nWantedBy=default.target\n/);
  });
});
