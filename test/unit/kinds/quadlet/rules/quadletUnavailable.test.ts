/**
 * Tests of SCT510 quadlet-unavailable: a Quadlet file for a Podman whose Quadlet does not read it
 * (none before 4.4, .artifact before 5.8).
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { quadletTarget } from '../../../../../server/src/knowledge/quadletKeys';
import { initLinter, lintFile } from '../../../../../server/src/lint';
import { C, probe } from '../releaseInputs';

before(() => initLinter());

describe('quadlet-unavailable', () => {
  it('a Podman before 4.4 has no Quadlet; a release between tables uses the nearest older one', () => {
    const f = lintFile('quadlet', probe, { path: C, podmanVersion: '4.3' }).find(
      (x) => x.ruleName === 'quadlet-unavailable',
    );
    assert.match(f!.message, /Podman 4\.3 has no Quadlet \(it arrived in Podman 4\.4\)/);
    assert.equal(
      lintFile('quadlet', probe, { path: C, podmanVersion: '5.4' }).some((x) => x.ruleName === 'quadlet-unavailable'),
      false,
    );
    assert.deepEqual(quadletTarget('5.6.1'), {
      quadlet: true,
      version: '5.6.1',
      release: '5.4',
      source: 'podman v5.4.2 pkg/systemd/quadlet/quadlet.go',
    });
    assert.equal((quadletTarget('4.9') as { release: string }).release, '5.4');
  });
});
