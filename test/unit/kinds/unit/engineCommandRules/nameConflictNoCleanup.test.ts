/**
 * Tests of SCT308 unit-name-conflict-no-cleanup: run --name without --rm, --replace or a pre-start
 * rm: restarts fail.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintUnitRunLines } from '../../../../../server/src/lint';
import { fixed } from '../../../runspecHelpers';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-name-conflict-no-cleanup', () => {
  it('unit-name-conflict-no-cleanup: --name without --rm/--replace/rm; `inspect || run` and `-create` reuse', () => {
    assert.ok(
      names(unit(['ExecStart=/usr/bin/docker run --name web nginx'])).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/docker run --rm --name web nginx'])).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/podman run --replace --name web nginx'])).includes(
        'unit-name-conflict-no-cleanup',
      ),
    );
    assert.ok(
      !names(
        unit(['ExecStartPre=-/usr/bin/docker rm -f web', 'ExecStart=/usr/bin/docker run --name web nginx']),
      ).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(
        unit([
          'ExecStartPre=/bin/sh -c "docker inspect web || docker run -d --name web nginx"',
          'ExecStart=/usr/bin/docker start -a web',
        ]),
      ).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(
        unit(['ExecStartPre=-/usr/bin/podman create --name %n nginx', 'ExecStart=/usr/bin/podman start -a %n']),
      ).includes('unit-name-conflict-no-cleanup'),
      'seed 002',
    );
    assert.match(
      fixed(
        lintUnitRunLines,
        unit(['ExecStart=/usr/bin/docker run --name web nginx']),
        'unit-name-conflict-no-cleanup',
      ),
      /\nExecStartPre=-\/usr\/bin\/docker rm -f web\nExecStart=\/usr\/bin\/docker run --name web nginx\n/,
    );
    assert.match(
      fixed(
        lintUnitRunLines,
        unit(['ExecStart=/usr/bin/podman run --name web nginx']),
        'unit-name-conflict-no-cleanup',
      ),
      /podman run --replace --name web/,
    );
  });
});
