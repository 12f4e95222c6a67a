/**
 * Tests of SCT604 nspawn-legacy-cgroup-param: a cgroup v1/hybrid switch (removed in systemd ≥
 * 256).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, only, unit } from '../../../unitHelpers';
import { TRUSTED } from '../nspawnPaths';

describe('SCT604 nspawn-legacy-cgroup-param', () => {
  it('legacy/hybrid switches in Parameters= and Environment=; removal fix', () => {
    const text = unit([
      '[Exec]',
      'Boot=yes',
      'Parameters=systemd.legacy_systemd_cgroup_controller=yes quiet',
      'Environment=SYSTEMD_CGROUP_ENABLE_LEGACY_FORCE=1',
    ]);
    const found = only(TRUSTED, text, 'nspawn-legacy-cgroup-param');
    assert.equal(found.length, 2);
    assert.match(
      found[0].detail ?? '',
      /256 refuses to boot on cgroup v1 by default, 257 ignores such settings, and 258 removes/,
    );
    const fixed = applyFixClean(TRUSTED, text, found[0]);
    assert.match(fixed, /\nParameters=quiet\n/);
    assert.doesNotMatch(applyFixClean(TRUSTED, text, found[1]), /Environment=/);
    assert.equal(
      only(
        TRUSTED,
        unit(['[Exec]', 'Boot=yes', 'Parameters=systemd.unified_cgroup_hierarchy=0']),
        'nspawn-legacy-cgroup-param',
      ).length,
      1,
    );
    assert.deepEqual(
      only(
        TRUSTED,
        unit(['[Exec]', 'Boot=yes', 'Parameters=systemd.unified_cgroup_hierarchy=1']),
        'nspawn-legacy-cgroup-param',
      ),
      [],
    );
  });
});
