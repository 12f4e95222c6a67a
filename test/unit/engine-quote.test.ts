/** Quoting: a POSIX shell must split shellJoin(argv) back into exactly argv. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { shellJoin, shellQuote, systemdJoin, systemdQuote } from '../../shared/engine/quote';

const NASTY = [
  '',
  'plain',
  'two words',
  "it's",
  'a"b',
  '$HOME',
  '`id`',
  '$(id)',
  'semi;colon',
  'pipe|amp&',
  'glob*?[x]',
  '~user',
  '#comment',
  'new\nline',
  'tab\there',
  'back\\slash',
  '{"json":"label","n":[1,2]}',
  '-e',
  'k=v with space',
  "''",
  'ünïcödé',
];

/** What /bin/sh makes of a command line: one argument per NUL-terminated record. */
function shellSplit(line: string): string[] {
  const r = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\0').slice(0, -1);
}

describe('shellQuote / shellJoin', () => {
  it('safe words stay as they are', () => {
    assert.equal(shellQuote('/sys/fs/cgroup:/sys/fs/cgroup:ro'), '/sys/fs/cgroup:/sys/fs/cgroup:ro');
    assert.equal(shellQuote('SIGRTMIN+3'), 'SIGRTMIN+3');
    assert.equal(shellQuote('container=docker'), 'container=docker');
  });
  it('everything else is single-quoted', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('~user'), "'~user'");
  });
  it('/bin/sh splits the joined line back into the same argv', () => {
    assert.deepEqual(shellSplit(shellJoin(NASTY)), NASTY);
    for (const a of NASTY) assert.deepEqual(shellSplit(shellQuote(a)), [a], JSON.stringify(a));
  });
});

describe('systemdQuote', () => {
  it('escapes specifiers and variables, quotes spaces and quotes', () => {
    assert.equal(systemdQuote('/lib/systemd/systemd'), '/lib/systemd/systemd');
    assert.equal(systemdQuote('100%'), '100%%');
    assert.equal(systemdQuote('$HOME'), '$$HOME');
    assert.equal(systemdQuote('two words'), '"two words"');
    assert.equal(systemdQuote('say "hi"'), '"say \\"hi\\""');
    assert.equal(systemdQuote(''), '""');
    assert.equal(systemdJoin(['/bin/sh', '-c', 'echo a b']), '/bin/sh -c "echo a b"');
  });
});
