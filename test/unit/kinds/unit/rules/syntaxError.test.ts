/**
 * Tests of SCT409 unit-syntax-error: a line that is not a [Section], a comment or a Key=value
 * assignment.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { only, unit } from '../../../unitHelpers';
import { errors } from '../../quadlet/releaseInputs';
import { SVC } from '../serviceInputs';

before(() => initLinter());

describe('SCT409 unit-syntax-error', () => {
  it('lines without "=", assignments before any section', () => {
    const text = unit(['Description=orphan', '[Service]', 'ExecStart=/bin/x', 'this is not an assignment']);
    assert.deepEqual(
      only(SVC, text, 'unit-syntax-error').map((f) => f.range.start.line),
      [0, 3],
    );
  });
});

describe('unit-syntax-error in Quadlet files', () => {
  it("Quadlet's parser refuses what systemd only warns about, and continues a backslash with trailing blanks", () => {
    assert.deepEqual(
      errors(unit(['Image=quay.io/a/b', '[Container]', 'Image=quay.io/a/b'])).map((f) => f.ruleName),
      ['unit-syntax-error'],
    );
    assert.deepEqual(errors(unit(['[Container]', 'Image=quay.io/a/b', 'Exec=/bin/sh -c \\ ', '  "echo hi"'])), []);
  });
});
