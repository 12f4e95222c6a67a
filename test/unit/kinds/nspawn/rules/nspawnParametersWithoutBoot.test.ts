/**
 * Tests of SCT603 nspawn-parameters-without-boot: Parameters= with init arguments but no Boot=yes.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeInitArguments } from '../../../../../server/src/kinds/nspawn/rules/nspawnParametersWithoutBoot';
import { applyFixClean, only, unit } from '../../../unitHelpers';
import { TRUSTED } from '../nspawnPaths';

describe('SCT603 nspawn-parameters-without-boot', () => {
  it('init arguments without Boot=yes; the fix adds it', () => {
    const text = unit(['[Exec]', 'Parameters=systemd.unit=rescue.target']);
    const [f] = only(TRUSTED, text, 'nspawn-parameters-without-boot');
    assert.match(f.message, /systemd-nspawn runs "systemd.unit=rescue.target" as the command/);
    const fixed = applyFixClean(TRUSTED, text, f);
    assert.match(fixed, /Boot=yes/);
  });

  it('a command line, Boot=yes or ProcessTwo=yes: nothing', () => {
    assert.deepEqual(only(TRUSTED, unit(['[Exec]', 'Parameters=/bin/bash -l']), 'nspawn-parameters-without-boot'), []);
    assert.deepEqual(
      only(TRUSTED, unit(['[Exec]', 'Boot=on', 'Parameters=--log-level=debug']), 'nspawn-parameters-without-boot'),
      [],
    );
    assert.deepEqual(
      only(TRUSTED, unit(['[Exec]', 'ProcessTwo=yes', 'Parameters=--help']), 'nspawn-parameters-without-boot'),
      [],
    );
    assert.equal(looksLikeInitArguments('emergency'), true);
    assert.equal(looksLikeInitArguments('nginx'), false);
  });
});
