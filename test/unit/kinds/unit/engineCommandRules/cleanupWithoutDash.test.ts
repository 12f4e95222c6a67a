/**
 * Tests of SCT303 unit-cleanup-without-dash: ExecStop/ExecStopPost stops or removes a --rm
 * container without "-".
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintUnitRunLines } from '../../../../../server/src/lint';
import { fixed } from '../../../runspecHelpers';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-cleanup-without-dash', () => {
  it(
    'unit-cleanup-without-dash: stop/rm of a --rm container ' + 'without "-"; fine with "-", --ignore or without --rm',
    () => {
      assert.ok(
        names(
          unit(['ExecStart=/usr/bin/docker run --rm --name %N nginx', 'ExecStop=/usr/bin/docker stop -t 2 %N']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        names(
          unit([
            'ExecStart=/usr/bin/podman run --rm --cidfile=%t/%n.cid nginx',
            'ExecStopPost=/usr/bin/podman rm -f --cidfile=%t/%n.cid',
          ]),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        !names(
          unit(['ExecStart=/usr/bin/docker run --rm --name %N nginx', 'ExecStop=-/usr/bin/docker stop %N']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        !names(
          unit(['ExecStart=/usr/bin/podman run --rm --name w nginx', 'ExecStop=/usr/bin/podman stop --ignore w']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        !names(unit(['ExecStart=/usr/bin/docker start -a w', 'ExecStop=/usr/bin/docker stop w'])).includes(
          'unit-cleanup-without-dash',
        ),
      );
      assert.ok(
        !names(
          unit(['ExecStart=/usr/bin/docker run --rm --name w nginx', 'ExecStopPost=/usr/bin/docker rm -f w']),
        ).includes('unit-cleanup-without-dash'),
        'docker rm -f of a missing container exits 0',
      );
      assert.ok(
        names(
          unit(['ExecStart=/usr/bin/docker run --rm --name w nginx', 'ExecStopPost=/usr/bin/docker rm w']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.match(
        fixed(
          lintUnitRunLines,
          unit(['ExecStart=/usr/bin/docker run --rm --name w nginx', 'ExecStop=/usr/bin/docker stop w']),
          'unit-cleanup-without-dash',
        ),
        /\nExecStop=-\/usr\/bin\/docker stop w\n/,
      );
    },
  );
});
