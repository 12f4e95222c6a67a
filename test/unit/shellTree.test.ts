/**
 * The flat copy of tree-sitter trees that the RUN analysis walks: the direct wasm cursor path
 * (used after a start-up self-check) reads every corpus script exactly as web-tree-sitter's
 * public TreeCursor does.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { initLinter } from '../../server/src/lint';
import { shellParser } from '../../server/src/shell/bashParser';
import { directCursorAgrees, directCursorEnabled } from '../../server/src/shell/tree';
import { parseScript } from '../../server/src/shell/script';
import { parseDockerfile } from '../../server/src/kinds/dockerfile/model';
import { loadCorpusFiles } from '../../bench/corpusFiles';

before(() => initLinter());

it('direct cursor walk = public TreeCursor walk on every corpus RUN body and line', () => {
  if (process.env.SCT_NO_DIRECT_CURSOR) return;
  assert.ok(
    directCursorEnabled(),
    'the start-up self-check should enable the direct path with the pinned web-tree-sitter',
  );
  const root = path.resolve(__dirname, '..', '..', '..');
  const texts = new Set<string>();
  for (const f of loadCorpusFiles(root, 'dockerfile')) {
    for (const s of parseDockerfile(f.text).steps) if (s.run) texts.add(s.run.script);
    for (const line of f.text.split('\n')) texts.add(line);
  }
  const samples = [...texts].flatMap((text) => {
    const tree = shellParser().parse(text);
    return tree ? [{ tree, text }] : [];
  });
  try {
    assert.ok(directCursorAgrees(samples));
  } finally {
    for (const s of samples) s.tree.delete();
  }
});

it('reads redirects, heredocs, loops, guards and pipelines from the flat tree', () => {
  const r = parseScript(
    'cd /lib/systemd/system/sysinit.target.wants/ && for i in *; do [ $i = keep ] || rm -f $i; done; ls | grep ' +
      '-v x | xargs rm; cat <<EOF > /etc/f\nbody\nEOF\n',
    new Map(),
  );
  assert.deepEqual(
    r.commands.map((c) => [
      c.name,
      c.cwd,
      c.guardExcludes,
      c.pipedFrom.map((p) => p.name),
      c.redirects.map((x) => [x.op, x.target, x.body]),
    ]),
    [
      ['cd', null, [], [], []],
      ['rm', '/lib/systemd/system/sysinit.target.wants', ['keep'], [], []],
      ['ls', '/lib/systemd/system/sysinit.target.wants', [], [], []],
      ['grep', '/lib/systemd/system/sysinit.target.wants', [], ['ls'], []],
      ['xargs', '/lib/systemd/system/sysinit.target.wants', [], ['ls', 'grep'], []],
      [
        'cat',
        '/lib/systemd/system/sysinit.target.wants',
        [],
        [],
        [
          ['<<', '', 'body\n'],
          ['>', '/etc/f', undefined],
        ],
      ],
    ],
  );
  assert.equal(r.hasError, false);
  assert.equal(parseScript('echo "unterminated').hasError, true);
});
