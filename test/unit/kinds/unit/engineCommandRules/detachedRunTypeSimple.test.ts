/**
 * Tests of SCT302 unit-detached-run-type-simple: detached run (-d) in ExecStart of a Type=simple
 * service.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintUnitRunLines } from '../../../../../server/src/lint';
import { fixed } from '../../../runspecHelpers';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-detached-run-type-simple', () => {
  it(
    'unit-detached-run-type-simple: -d / up -d with Type=simple or exec; not with oneshot+RemainAfterExit, ' +
      'forking or notify',
    () => {
      assert.ok(
        names(unit(['ExecStart=/usr/bin/docker run -d --rm --name w nginx'])).includes('unit-detached-run-type-simple'),
      );
      assert.ok(
        names(unit(['Type=exec', 'ExecStart=/usr/bin/docker-compose up -d'])).includes('unit-detached-run-type-simple'),
      );
      assert.ok(
        !names(unit(['Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/usr/bin/docker-compose up -d'])).includes(
          'unit-detached-run-type-simple',
        ),
      );
      assert.ok(
        !names(unit(['Type=forking', 'ExecStart=/usr/bin/podman run -d --rm nginx'])).includes(
          'unit-detached-run-type-simple',
        ),
      );
      assert.ok(!names(unit(['ExecStart=/usr/bin/docker run --rm nginx'])).includes('unit-detached-run-type-simple'));
      const text = unit(['Restart=always', 'ExecStart=/usr/bin/docker run -dit --rm --name w nginx']);
      const f = lintUnitRunLines(text).find((x) => x.ruleName === 'unit-detached-run-type-simple')!;
      assert.equal(f.fixes.length, 1, 'oneshot is not offered with Restart=always');
      assert.match(fixed(lintUnitRunLines, text, 'unit-detached-run-type-simple'), /docker run -it --rm/);
      const oneshot = unit(['ExecStart=/usr/bin/docker-compose up -d']);
      assert.match(
        fixed(lintUnitRunLines, oneshot, 'unit-detached-run-type-simple', {}, 1),
        /ExecStart=\/usr\/bin\/docker-compose up -d\nType=oneshot\nRemainAfterExit=yes\n/,
      );
    },
  );

  it('removing an option alone on the last line of a file stays inside the document (fuzz seed 831295928)', () => {
    const text = '[Service]\nExecStart=/usr/bin/podman run \\\n        --replace \\\n        -d \\';
    assert.equal(
      fixed(lintUnitRunLines, text, 'unit-detached-run-type-simple'),
      '[Service]\nExecStart=/usr/bin/podman run \\\n        --replace \\\n',
    );
  });
});
