/** Tests of SCT309 unit-tty-flag: docker/podman run -t in a unit (no terminal under systemd). */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintUnitRunLines } from '../../../../../server/src/lint';
import { fixed } from '../../../runspecHelpers';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-tty-flag', () => {
  it('unit-tty-flag: -t, -it, --tty; not -i alone or --tty=false', () => {
    assert.ok(names(unit(['ExecStart=/usr/bin/docker run --rm -it nginx'])).includes('unit-tty-flag'));
    assert.ok(names(unit(['ExecStart=/usr/bin/podman run --rm --tty nginx'])).includes('unit-tty-flag'));
    assert.ok(!names(unit(['ExecStart=/usr/bin/docker run --rm -i nginx'])).includes('unit-tty-flag'));
    assert.ok(!names(unit(['ExecStart=/usr/bin/docker run --rm --tty=false nginx'])).includes('unit-tty-flag'));
    assert.match(
      fixed(lintUnitRunLines, unit(['ExecStart=/usr/bin/docker run --rm -it nginx']), 'unit-tty-flag'),
      /docker run --rm -i nginx/,
    );
    assert.match(
      fixed(lintUnitRunLines, unit(['ExecStart=/usr/bin/docker run --rm --tty nginx']), 'unit-tty-flag'),
      /docker run --rm nginx/,
    );
  });
});
