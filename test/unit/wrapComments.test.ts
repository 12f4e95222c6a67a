/** scripts/wrap-comments.ts: long comment lines rewrapped to the line limit, nothing else touched. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { MAX_LINE, SOURCE_FOLDERS, sourceFiles, wrapComments } from '../../scripts/wrap-comments';

const REPO = path.resolve(__dirname, '../../..');
const words = (s: string) => s.split(/\s+/).filter((w) => w && w !== '//' && w !== '*');
const long = (text: string) => text.split('\n').filter((l) => l.length > MAX_LINE);
const sentence = (n: number, word = 'word') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

describe('wrapComments', () => {
  it('refills a long // line with the lines that continue its paragraph, keeping the words and the indent', () => {
    const text = [
      'function f() {',
      `  // ${sentence(30)}`,
      '  // and the end.',
      '  //',
      '  // next.',
      '  return 1;',
      '}',
    ];
    const out = wrapComments(text.join('\n'));
    assert.deepEqual(long(out), []);
    const lines = out.split('\n');
    const comment = lines.slice(1, lines.indexOf('  //'));
    assert.ok(
      comment.every((l) => l.startsWith('  // ')),
      comment.join('\n'),
    );
    assert.deepEqual(words(comment.join(' ')), words(text[1] + ' ' + text[2]));
    assert.deepEqual(lines.slice(lines.indexOf('  //')), ['  //', '  // next.', '  return 1;', '}']);
  });

  it('a list item keeps a hanging indent; the next item starts its own paragraph', () => {
    const text = [`// - ${sentence(28)}`, '// - second item'].join('\n');
    const lines = wrapComments(text).split('\n');
    assert.ok(lines[0].startsWith('// - word0'));
    assert.ok(lines[1].startsWith('//   word'), lines[1]);
    assert.equal(lines[lines.length - 1], '// - second item');
    assert.deepEqual(long(lines.join('\n')), []);
  });

  it('a trailing comment that makes its line long moves onto its own lines above the code', () => {
    const text = `  const x = compute(1, 2); // ${sentence(18)}`;
    const lines = wrapComments(text).split('\n');
    assert.equal(lines[lines.length - 1], '  const x = compute(1, 2);');
    assert.ok(lines.slice(0, -1).every((l) => l.startsWith('  // ') && l.length <= MAX_LINE));
  });

  it('a one-line JSDoc becomes a block; a long line in a block is refilled, tags and blank lines stay', () => {
    const one = `  /** ${sentence(25)} */\n  name: string;`;
    const lines = wrapComments(one).split('\n');
    assert.equal(lines[0], '  /**');
    assert.ok(lines[1].startsWith('   * word0'));
    assert.deepEqual(lines.slice(-2), ['   */', '  name: string;']);
    const block = ['/**', ` * ${sentence(25)}`, ' * more.', ' *', ' * @param x the input', ' */'].join('\n');
    const out = wrapComments(block).split('\n');
    assert.deepEqual(long(out.join('\n')), []);
    assert.deepEqual(out.slice(-3), [' *', ' * @param x the input', ' */']);
    assert.deepEqual(words(out.slice(1, out.indexOf(' *')).join(' ')), words(`${sentence(25)} more.`));
  });

  it('leaves // in strings, templates, regexes and tool directives alone; an over-long word stays whole', () => {
    const text = [
      `const a = '// ${sentence(25)}';`,
      `const b = \`// ${sentence(25)}\`;`,
      `const c = /\\/\\/ ${sentence(25)}/;`,
      `// eslint-disable-next-line ${sentence(25)}`,
      `// https://example.com/${'x'.repeat(130)}`,
    ].join('\n');
    assert.equal(wrapComments(text), text);
  });

  it('is stable: a second run changes nothing', () => {
    const text = [`// ${sentence(40)}`, `let x = 1; // ${sentence(30)}`, `/** ${sentence(30)} */`].join('\n');
    const once = wrapComments(text);
    assert.notEqual(once, text);
    assert.equal(wrapComments(once), once);
  });

  it("on the project's own source, its // paragraphs joined into long lines: only comments change", () => {
    const all = sourceFiles(SOURCE_FOLDERS.map((f) => path.join(REPO, f)));
    assert.ok(all.length > 100, `source files found: ${all.length}`);
    // The files whose joined paragraphs make a long comment line; every fourth keeps the suite fast.
    const candidates = all
      .map((file) => ({ file, text: joinCommentLines(fs.readFileSync(file, 'utf8')) }))
      .filter(({ text }) => long(text).some((l) => /^\s*\/\/ /.test(l)));
    const sample = candidates.filter((_, i) => i % 4 === 0);
    assert.ok(sample.length >= 10, `files with a long joined paragraph: ${sample.length}`);
    for (const { file, text } of sample) {
      const out = wrapComments(text, file);
      assert.notEqual(out, text, `${file}: rewrapped`);
      const js = (t: string) =>
        ts.transpileModule(t, {
          fileName: file,
          compilerOptions: { removeComments: true, target: ts.ScriptTarget.ES2022 },
        }).outputText;
      assert.equal(js(out), js(text), file);
      assert.equal(wrapComments(out, file), out, `${file}: stable`);
      const longComments = long(out).filter((l) => /^\s*\/\/ /.test(l) && / \S/.test(l.trim().slice(3)));
      assert.deepEqual(longComments, [], file);
    }
  });
});

/** Each run of plain `// ` lines of one indentation joined into one line (made long on purpose). */
function joinCommentLines(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    const m = /^(\s*)\/\/ (\S.*)$/.exec(line);
    const p = prev === undefined ? null : /^(\s*)\/\/ \S/.exec(prev);
    if (m && p && p[1] === m[1] && !/^([-*+]|\d+\.) |^[@|`]|^(eslint|@ts-|prettier-)/.test(m[2]))
      out[out.length - 1] += ' ' + m[2];
    else out.push(line);
  }
  return out.join('\n');
}
