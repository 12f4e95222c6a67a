/** Section folding for unit files. */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { sectionFoldingRanges } from '../../server/src/kinds/unit/folding';

it('a section folds from its header to its last non-blank line', () => {
  const text = [
    '# header comment',
    '[Unit]',
    'Description=x',
    '',
    '[Service]',
    'ExecStart=/bin/true \\',
    '  --flag',
    '',
    '',
    '[Install]',
    '',
  ].join('\n');
  assert.deepEqual(sectionFoldingRanges(text), [
    { startLine: 1, endLine: 2 },
    { startLine: 4, endLine: 6 },
  ]);
});

it('no sections, or an empty section: nothing to fold', () => {
  assert.deepEqual(sectionFoldingRanges('Description=x\n'), []);
  assert.deepEqual(sectionFoldingRanges('[Unit]\r\n\r\n[Service]\r\nType=simple\r\n'), [{ startLine: 2, endLine: 3 }]);
});
