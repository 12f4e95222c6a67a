/**
 * The unit-file reader (sections, entries with ranges, comments, continuations, repeated keys,
 * list resets) and systemd's Exec line splitting (prefixes, quoting, escapes, specifiers,
 * variable expansion) — as systemd.syntax(7) and systemd.service(5) describe them.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  parseBoolean,
  parseUnitFile,
  splitExecLine,
  splitQuoted,
  unitEnvironment,
} from '../../server/src/kinds/unit/unitFile';

const u = (lines: string[]) => lines.join('\n') + '\n';

describe('parseUnitFile', () => {
  it('sections, keys and values with ranges; whitespace around "=" ignored', () => {
    const unit = parseUnitFile(u(['[Unit]', 'Description = hello world ', '', '[Service]', '  ExecStart=/bin/true']));
    assert.deepEqual(
      unit.sections.map((s) => s.name),
      ['Unit', 'Service'],
    );
    const d = unit.last('Unit', 'Description')!;
    assert.equal(d.value, 'hello world');
    assert.deepEqual(d.keyRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
    assert.deepEqual(d.valueRange, { start: { line: 1, character: 14 }, end: { line: 1, character: 25 } });
    const e = unit.last('Service', 'ExecStart')!;
    assert.equal(e.key, 'ExecStart');
    assert.deepEqual(e.keyRange.start, { line: 4, character: 2 });
    assert.equal(unit.section('Service')!.entries.length, 1);
    assert.deepEqual(unit.section('Unit')!.range, {
      start: { line: 0, character: 0 },
      end: { line: 1, character: 26 },
    });
  });

  it('comments with # and ; are kept apart; a ; inside a value is part of it', () => {
    const unit = parseUnitFile(u(['# top', '[Service]', '; semi', 'ExecStart=/bin/sh -c "a; b" # not a comment']));
    assert.deepEqual(
      unit.comments.map((c) => c.text),
      ['# top', '; semi'],
    );
    assert.equal(unit.last('Service', 'ExecStart')!.value, '/bin/sh -c "a; b" # not a comment');
  });

  it('backslash continuations join with a space, skip comment lines inside, and map offsets back to lines', () => {
    const text = u([
      '[Service]',
      'ExecStart=/usr/bin/docker run \\',
      '  # a comment in the middle',
      '        --rm \\',
      '\t--name x image',
    ]);
    const unit = parseUnitFile(text);
    const e = unit.last('Service', 'ExecStart')!;
    assert.equal(e.value, `/usr/bin/docker run ${' '.repeat(9)}--rm  \t--name x image`);
    assert.equal(e.firstLine, 1);
    assert.equal(e.lastLine, 4);
    const at = e.value.indexOf('--rm');
    assert.deepEqual(e.positionAt(at), { line: 3, character: 8 });
    const n = e.value.indexOf('x image');
    assert.deepEqual(e.rangeOf(n, n + 1), { start: { line: 4, character: 8 }, end: { line: 4, character: 9 } });
    assert.ok(unit.comments.some((c) => c.line === 2));
  });

  it('an escaped backslash at the end is not a continuation', () => {
    const unit = parseUnitFile(u(['[Service]', 'Environment=A=x\\\\', 'Environment=B=y']));
    assert.deepEqual(
      unit.all('Service', 'Environment').map((e) => e.value),
      ['A=x\\\\', 'B=y'],
    );
  });

  it('repeated keys, empty assignments reset lists, last wins for single values', () => {
    const unit = parseUnitFile(
      u([
        '[Unit]',
        'After=a.service',
        'After=b.service',
        'After=',
        'After=c.service',
        'Description=one',
        'Description=two',
      ]),
    );
    assert.equal(unit.all('Unit', 'After').length, 4);
    assert.deepEqual(
      unit.list('Unit', 'After').map((e) => e.value),
      ['c.service'],
    );
    assert.equal(unit.last('Unit', 'Description')!.value, 'two');
    assert.equal(unit.last('Unit', 'Nope'), undefined);
  });

  it('reports assignments outside sections and lines that are not assignments', () => {
    const unit = parseUnitFile(u(['Foo=bar', '[Unit', 'garbage line']));
    assert.equal(unit.problems.length, 3);
    assert.equal(unit.entries[0].section, null);
  });

  it('CRLF files', () => {
    const unit = parseUnitFile('[Service]\r\nExecStart=/bin/a \\\r\n  b\r\n');
    assert.equal(unit.last('Service', 'ExecStart')!.value, '/bin/a    b');
    assert.equal(unit.lines.eol, '\r\n');
  });

  it('booleans', () => {
    for (const t of ['yes', 'true', 'on', '1', 'Y']) assert.equal(parseBoolean(t), true);
    for (const f of ['no', 'false', 'off', '0']) assert.equal(parseBoolean(f), false);
    assert.equal(parseBoolean('maybe'), undefined);
  });
});

function exec(value: string, env = new Map<string, string>()) {
  const unit = parseUnitFile(`[Service]\nExecStart=${value}\n`);
  return splitExecLine(unit.last('Service', 'ExecStart')!, env);
}

describe('splitExecLine (systemd.service(5) COMMAND LINES)', () => {
  it('prefixes @ - : + ! !! in any order', () => {
    assert.deepEqual(
      [
        exec('-/bin/true').ignoreFailure,
        exec('@/bin/sh sh -c x').argv0,
        exec(':/bin/echo $X').noExpansion,
        exec('+/bin/x').privilege,
        exec('!/bin/x').privilege,
        exec('!!/bin/x').privilege,
      ],
      [true, true, true, '+', '!', '!!'],
    );
    const c = exec('-@+/bin/sh mysh -c x');
    assert.equal(c.prefix, '-@+');
    assert.deepEqual(
      c.words.map((w) => w.value),
      ['/bin/sh', '-c', 'x'],
      '@: the second word is argv[0] and leaves the list',
    );
    assert.ok(exec('+!/bin/x').problems.length > 0, 'only one of + ! !!');
    assert.deepEqual(exec('-/usr/bin/docker stop x').insertPrefixAt, { line: 1, character: 10 });
  });

  it('quotes anywhere in a word, C escapes inside and outside quotes', () => {
    const c = exec(`/bin/echo "two words" 'single "x"' a"b c"d \\x41\\t "\\u00e9" \\;`);
    assert.deepEqual(
      c.words.map((w) => w.value),
      ['/bin/echo', 'two words', 'single "x"', 'ab cd', 'A\t', 'é', ';'],
    );
  });

  it('word ranges point into the file, through continuations', () => {
    const unit = parseUnitFile('[Service]\nExecStart=/usr/bin/docker run \\\n   --name "my box" img\n');
    const c = splitExecLine(unit.last('Service', 'ExecStart')!);
    const name = c.words[3];
    assert.equal(name.value, 'my box');
    assert.deepEqual(name.range, { start: { line: 2, character: 10 }, end: { line: 2, character: 18 } });
  });

  it('a lone ";" is an ordinary argument (not a command separator)', () => {
    assert.deepEqual(
      exec('/bin/echo a ; /bin/echo b').words.map((w) => w.value),
      ['/bin/echo', 'a', ';', '/bin/echo', 'b'],
    );
  });

  it('specifiers are kept as written and marked', () => {
    const c = exec('/usr/bin/docker stop %N %%literal');
    assert.equal(c.words[2].value, '%N');
    assert.equal(c.words[2].specifier, true);
    assert.equal(c.words[3].specifier, false);
  });

  it('${VAR} is replaced by its exact value, $VAR alone is split, $$ is a dollar, unknown ones are dynamic', () => {
    const env = new Map([
      ['ONE', 'one'],
      ['TWO', 'two two'],
    ]);
    assert.deepEqual(
      exec('/bin/echo $ONE $TWO ${TWO}', env).words.map((w) => w.value),
      ['/bin/echo', 'one', 'two', 'two', 'two two'],
      'the man page example',
    );
    const c = exec('/bin/echo $$HOME x${NOPE}y $OPTS', env);
    assert.deepEqual(
      c.words.map((w) => [w.value, w.dynamic, w.splat]),
      [
        ['/bin/echo', false, false],
        ['$HOME', false, false],
        ['x${NOPE}y', true, false],
        ['$OPTS', true, true],
      ],
    );
    assert.deepEqual(exec(':/bin/echo $ONE', env).words[1].value, '$ONE', '":" disables expansion');
  });

  it('Environment= values (quoted, several per line, later wins, empty resets)', () => {
    const unit = parseUnitFile('[Service]\nEnvironment="A=1 2" B=3\nEnvironment=B=4\n');
    assert.deepEqual(
      [...unitEnvironment(unit)],
      [
        ['A', '1 2'],
        ['B', '4'],
      ],
    );
    const reset = parseUnitFile('[Service]\nEnvironment=A=1\nEnvironment=\nEnvironment=C=5\n');
    assert.deepEqual([...unitEnvironment(reset)], [['C', '5']]);
  });

  it('splitQuoted reports unbalanced quotes', () => {
    const problems: string[] = [];
    splitQuoted('a "b c', problems);
    assert.equal(problems.length, 1);
  });
});
