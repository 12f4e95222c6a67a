/**
 * Tests of SCT001 file-not-lintable: the CLI's finding for a file it was asked about but could not
 * read as text (binary, not UTF-8, missing, over 20 MiB), an error when named and a warning when
 * found in a folder; the other files are judged as usual.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BROKEN, run, tmpdir } from '../cliRun';

describe('file-not-lintable', () => {
  it(
    'file-not-lintable: a text file of no known kind is skipped (exit 0, []); a NUL-byte file in a batch loses ' +
      'no other finding',
    () => {
      const dir = tmpdir();
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'Some notes.\nFROM here on, nothing.\n');
      const notes = run(['--format', 'json', path.join(dir, 'notes.txt')]);
      assert.equal(notes.status, 0, notes.stderr);
      assert.deepEqual(JSON.parse(notes.stdout), []);
      assert.match(notes.stderr, /notes\.txt: skipped: not a file kind this linter knows/);
      assert.equal(notes.stderr.trim().split('\n').length, 1, 'one line');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), BROKEN);
      fs.writeFileSync(path.join(dir, 'bin.Dockerfile'), Buffer.from('FROM x\n\0\0'));
      fs.writeFileSync(path.join(dir, 'latin1.Dockerfile'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xe9, 0x0a]));
      const files = ['Dockerfile', 'bin.Dockerfile', 'latin1.Dockerfile', 'gone.Dockerfile'].map((f) =>
        path.join(dir, f),
      );
      const batch = run(['--format', 'json', ...files]);
      assert.equal(batch.status, 2, 'a named file that cannot be read is the worst outcome');
      const out = JSON.parse(batch.stdout) as {
        file: string;
        rule: string;
        code: string;
        severity: string;
        message: string;
      }[];
      assert.ok(out.some((f) => f.file.endsWith('/Dockerfile') && f.rule === 'sbin-init-without-sysv-pkg'));
      const notLintable = out.filter((f) => f.rule === 'file-not-lintable');
      assert.deepEqual(
        notLintable.map((f) => [path.basename(f.file), f.code, f.severity]),
        [
          ['bin.Dockerfile', 'SCT001', 'error'],
          ['latin1.Dockerfile', 'SCT001', 'error'],
          ['gone.Dockerfile', 'SCT001', 'error'],
        ],
      );
      assert.match(notLintable[0].message, /binary/);
      assert.match(notLintable[1].message, /not UTF-8/);
      assert.match(notLintable[2].message, /no such file/);
      assert.equal(batch.stderr.trim().split('\n').length, 3, batch.stderr);
      const sarif = JSON.parse(run(['--format', 'sarif', ...files]).stdout);
      const ids = sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId);
      assert.ok(ids.includes('SCT001') && ids.includes('SCT103'));
      assert.equal(
        sarif.runs[0].tool.driver.rules[
          sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'SCT001').ruleIndex
        ].id,
        'SCT001',
      );
    },
  );

  it('file-not-lintable: a file over 20 MiB is reported, not read; the others are judged', () => {
    const dir = tmpdir();
    const big = path.join(dir, 'big.Dockerfile');
    fs.writeFileSync(big, Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), BROKEN);
    const r = run(['--format', 'json', dir]);
    assert.equal(r.status, 1, 'found in a folder: a warning, and the other file has an error');
    const out = JSON.parse(r.stdout) as { file: string; rule: string; severity: string; message: string }[];
    const tooLarge = out.find((f) => f.file.endsWith('big.Dockerfile'))!;
    assert.deepEqual([tooLarge.rule, tooLarge.severity], ['file-not-lintable', 'warning']);
    assert.match(tooLarge.message, /too large to lint \(20971521 bytes/);
    assert.ok(out.some((f) => f.file.endsWith('/Dockerfile') && f.rule === 'sbin-init-without-sysv-pkg'));
    fs.rmSync(big);
  });
});
