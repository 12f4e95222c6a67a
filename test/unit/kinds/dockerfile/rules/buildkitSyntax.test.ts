/**
 * Tests of SCT100 dockerfile-syntax-error and SCT190 dockerfile-instruction-error: BuildKit's own
 * parser test files (positive ones parse clean, negative ones fail on the line BuildKit names) and
 * what BuildKit refuses, on the right range; heredocs as BuildKit reads them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { initLinter, lintDockerfile } from '../../../../../server/src/lint';
import { parseDockerfileText } from '../../../../../shared/dockerfileParser';

before(() => initLinter());

/** ../shared/external/buildkit-parser beside the repository (from out/test/unit, or the working folder). */
function buildkitDir(): string {
  const candidates = [
    process.env.SCT_BUILDKIT_PARSER_DIR,
    path.resolve(__dirname, '../../../../../../../shared/external/buildkit-parser'),
    path.resolve(process.cwd(), '../shared/external/buildkit-parser'),
    '/work/shared/external/buildkit-parser',
  ];
  const found = candidates.find((c) => c && fs.existsSync(path.join(c, 'testfiles-negative')));
  if (!found)
    throw new Error(
      'BuildKit parser test files not found: expected ../shared/external/buildkit-parser (or set ' +
        'SCT_BUILDKIT_PARSER_DIR)',
    );
  return found;
}

const syntax = (text: string) => lintDockerfile(text).filter((f) => f.ruleId === 'SCT100');

const instruction = (text: string) => lintDockerfile(text).filter((f) => f.ruleId === 'SCT190');

const read = (dir: string, name: string) => fs.readFileSync(path.join(buildkitDir(), dir, name, 'Dockerfile'), 'utf8');

const cases = (dir: string) => fs.readdirSync(path.join(buildkitDir(), dir)).sort();

describe('dockerfile-syntax-error on BuildKit parser test files', () => {
  it('every positive file parses with no syntax error, with the instructions of its result file', () => {
    const names = cases('testfiles');
    assert.ok(names.length >= 30, `${names.length} positive files`);
    for (const name of names) {
      const text = read('testfiles', name);
      assert.deepEqual(
        syntax(text).map((f) => f.message),
        [],
        name,
      );
      // BuildKit's result file: one line per instruction, `(keyword …`.
      const result = fs.readFileSync(path.join(buildkitDir(), 'testfiles', name, 'result'), 'utf8');
      const expected = result
        .split('\n')
        .filter((l) => l.startsWith('('))
        .map((l) => /^\(([^\s)]+)/.exec(l)![1]);
      const ours = parseDockerfileText(text).instructions.map((i) => i.keyword.toLowerCase());
      assert.deepEqual(ours, expected, name);
    }
  });
  it('every negative file gets an error on the line BuildKit names', () => {
    const expected: Record<string, [number, RegExp]> = {
      empty_dockerfile: [0, /file with no instructions/],
      only_comments: [0, /file with no instructions/],
      env_no_value: [2, /ENV must have two arguments/],
      'shykes-nested-json': [0, /arrays must be comprised of strings only/],
    };
    const names = cases('testfiles-negative');
    assert.deepEqual(names, Object.keys(expected).sort(), 'a new negative file needs its expected error here');
    for (const name of names) {
      const found = syntax(read('testfiles-negative', name));
      assert.equal(found.length, 1, name);
      assert.equal(found[0].range.start.line, expected[name][0], name);
      assert.match(found[0].message, expected[name][1], name);
      assert.equal(found[0].severity, 'error');
    }
  });
  it(
    'positive files BuildKit would still refuse at the instruction level get dockerfile-instruction-error, and ' +
      'only those',
    () => {
      // flags: unknown flags (--user, --doit); health: HEALTHCHECK with no argument, no command, type CONNECT;
      // jeztah-* and json: instructions with no FROM before them.
      const refused = cases('testfiles').filter((n) => instruction(read('testfiles', n)).length > 0);
      assert.deepEqual(refused, [
        'flags',
        'health',
        'jeztah-invalid-json-json-inside-string',
        'jeztah-invalid-json-json-inside-string-double',
        'jeztah-invalid-json-single-quotes',
        'jeztah-invalid-json-unterminated-bracket',
        'jeztah-invalid-json-unterminated-string',
        'json',
      ]);
      const flags = instruction(read('testfiles', 'flags'));
      assert.deepEqual(
        [...new Set(flags.map((f) => f.message))],
        ['BuildKit refuses this: unknown flag: user.', 'BuildKit refuses this: unknown flag: doit.'],
      );
    },
  );
});

describe('dockerfile-syntax-error: what BuildKit refuses, on the right range', () => {
  const at = (text: string, find: (t: string) => ReturnType<typeof syntax>) =>
    find(text).map((f) => [
      f.range.start.line,
      f.range.start.character,
      f.range.end.line,
      f.range.end.character,
      f.message,
    ]);
  it('CMD ["a", 1] and nested arrays: the JSON array', () => {
    assert.deepEqual(at('FROM x\nCMD ["a", 1]\n', syntax), [
      [1, 4, 1, 12, 'BuildKit refuses this: when using JSON array syntax, arrays must be comprised of strings only.'],
    ]);
    assert.equal(syntax('FROM x\nONBUILD RUN ["a", {"b": 1}]\n').length, 1, 'inside ONBUILD too');
    assert.equal(syntax('FROM x\nHEALTHCHECK CMD ["a", true]\n').length, 1);
    assert.deepEqual(syntax('FROM x\nCMD ["a", "b"]\nCMD [not json\nRUN ["a"] && x\n'), [], 'shell form is fine');
  });
  it('ENV A=1 B: the word without =', () => {
    assert.deepEqual(at('FROM x\nENV A=1 B\n', syntax), [
      [1, 8, 1, 9, 'BuildKit refuses this: Syntax error - can\'t find = in "B". Must be of the form: name=value.'],
    ]);
    assert.deepEqual(syntax('FROM x\nENV A 1 2\nLABEL a=1 "b c"=2\n'), [], 'legacy form and quoted keys are fine');
    assert.equal(syntax('FROM x\nLABEL version\n').length, 1);
  });
  it('an unterminated heredoc: from the instruction to the end of the file', () => {
    const text = 'FROM x\nRUN <<EOF\necho hi\n';
    assert.deepEqual(at(text, syntax), [
      [1, 0, 3, 0, 'BuildKit refuses this: unterminated heredoc (no line "EOF" ends it).'],
    ]);
  });
  it('parser directives: a repeated one, an invalid escape', () => {
    assert.match(syntax('# escape=`\n# escape=\\\nFROM x\n')[0].message, /only one escape parser directive/);
    assert.equal(syntax('# escape=`\n# escape=\\\nFROM x\n')[0].range.start.line, 1);
    assert.match(syntax('# escape=x\nFROM x\n')[0].message, /invalid escape token 'x'/);
    assert.deepEqual(syntax('# syntax=docker/dockerfile:1\n# escape=`\nFROM x\n'), []);
  });
  it('a line longer than 64 KiB', () => {
    assert.match(
      syntax(`FROM x\nRUN echo ${'a'.repeat(70_000)}\n`)[0].message,
      /line greater than max allowed size of 65535/,
    );
    assert.deepEqual(syntax(`FROM x\nRUN echo ${'a'.repeat(60_000)}\n`), []);
  });
});

describe('dockerfile-instruction-error: instructions BuildKit refuses', () => {
  const messages = (text: string) =>
    instruction(text).map((f) => f.message.replace(/^BuildKit refuses this: |\.$/g, ''));
  it('unknown instructions, with a suggestion', () => {
    assert.deepEqual(messages('FROM x\nRUNN echo\nXYZZY bar\n'), [
      'unknown instruction: RUNN (did you mean run?)',
      'unknown instruction: XYZZY',
    ]);
    const f = instruction('FROM x\nRUNN echo\n')[0];
    assert.deepEqual([f.range.start.line, f.range.start.character, f.range.end.character], [1, 0, 4]);
  });
  it('bad --mount flags: unknown key, bare field, unknown type; good ones pass', () => {
    assert.deepEqual(
      messages(
        'FROM x\nRUN --mount=type=cache,target=/x,bogus=1 true\nRUN --mount=type=bind,nope true\nRUN ' +
          '--mount=type=volume,target=/x true\n',
      ),
      [
        "unexpected key 'bogus' in 'bogus=1'",
        "invalid field 'nope' must be a key=value pair",
        'unsupported mount type "volume"',
      ],
    );
    assert.deepEqual(
      messages(
        'FROM x\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=secret,id=a,required ' +
          'true\nRUN --network=none --mount=type=tmpfs,target=/t,size=10m true\n',
      ),
      [],
    );
  });
  it('flags: unknown, without a value, boolean, twice; the escape directive applies inside flags', () => {
    assert.deepEqual(
      messages(
        'FROM x\nCOPY --user=me a /b\nCOPY --from a /b\nCOPY --link=maybe a /b\nCOPY --chown=a --chown=b a ' +
          '/b\nENV --x=1 A=1\n',
      ),
      [
        'unknown flag: user',
        'Missing a value on flag: from',
        'expecting boolean value for flag link, not: maybe',
        'Duplicate flag specified: chown',
        'unknown flag: x',
      ],
    );
    const escaped = '# escape=`\nFROM x AS build\nFROM x\nCOPY --from=bu`ild --chown="1`"0" a /b\n';
    assert.deepEqual(messages(escaped), []);
    const copy = parseDockerfileText(escaped).instructions[2];
    assert.deepEqual(
      copy.flags.map((f) => [f.name, f.value]),
      [
        ['from', 'build'],
        ['chown', '1"0'],
      ],
    );
  });
  it(
    'arguments: FROM, COPY without a destination, SHELL not JSON, ONBUILD triggers, empty WORKDIR, a command ' +
      'before FROM',
    () => {
      assert.deepEqual(
        messages(
          'RUN x\nFROM a b\nFROM a AS 1st\nCOPY a\nSHELL /bin/bash -c\nONBUILD ONBUILD RUN x\nONBUILD FROM ' +
            'y\nWORKDIR\nARG =x\n',
        ),
        [
          'no build stage in current context',
          'FROM requires either one or three arguments',
          'invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
          'COPY requires at least two arguments, but only one was provided. Destination could not be determined',
          'SHELL requires the arguments to be in JSON form',
          "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
          "FROM isn't allowed as an ONBUILD trigger",
          'WORKDIR requires exactly one argument',
          'ARG names can not be blank',
        ],
      );
      assert.deepEqual(
        messages(
          'ARG V=1\nFROM a:${V} AS base\nHEALTHCHECK --interval=30s --retries=3 CMD curl -f x\nHEALTHCHECK ' +
            'NONE\nCOPY <<EOF /etc/x\nhi\nEOF\n',
        ),
        [],
      );
      // Go's time.ParseDuration words, as dockerd's builder gives them (test/engine/buildkitParser.test.ts).
      assert.deepEqual(messages('FROM a\nHEALTHCHECK --interval=5 CMD x\n'), ['time: missing unit in duration "5"']);
    },
  );
  it('HEALTHCHECK durations as parseOptInterval reads them: Go durations, 0 or at least 1ms', () => {
    const hc = (flag: string) => messages(`FROM a\nHEALTHCHECK ${flag} CMD x\n`);
    assert.deepEqual(hc('--interval=abc'), ['time: invalid duration "abc"']);
    assert.deepEqual(hc('--timeout=5x'), ['time: unknown unit "x" in duration "5x"']);
    assert.deepEqual(hc('--interval=-1s'), ['Interval "interval" cannot be less than 1ms']);
    assert.deepEqual(hc('--start-period=500us'), ['Interval "start-period" cannot be less than 1ms']);
    const good = [
      '--interval=0s',
      '--interval=0',
      '--timeout=1ms',
      '--interval=1h2m3.5s',
      '--interval=5.s',
      '--retries=0',
    ];
    for (const ok of good) assert.deepEqual(hc(ok), [], ok);
  });
  it('RUN --mount values as BuildKit checks them before the build: booleans, numbers, sharing, size', () => {
    const run = (mount: string) => messages(`FROM a\nRUN --mount=${mount} true\n`);
    assert.deepEqual(run('type=cache,target=/x,sharing=bogus'), ['unsupported sharing value "bogus"']);
    assert.deepEqual(run('type=cache,target=/x,mode=0999'), ['invalid value 0999 for mode']);
    assert.deepEqual(run('type=cache,target=/x,uid=-1'), ['invalid value -1 for uid']);
    assert.deepEqual(run('type=bind,target=/x,readonly=maybe'), ['invalid value for readonly: maybe']);
    assert.deepEqual(run('type=secret,id=a,required=maybe'), ['invalid value for required: maybe']);
    assert.deepEqual(run('type=tmpfs,target=/x,size=lots'), ['invalid value for size: lots']);
    assert.deepEqual(run('type=bind,target=/x,size=1g'), ["unexpected key 'size' for mount type 'bind'"]);
    assert.deepEqual(run('type=bind,target=/x,required'), ["unexpected key 'required' for mount type 'bind'"]);
    assert.deepEqual(run(''), ['failed to parse csv mounts: EOF']);
    const good = [
      'type=cache,target=/x,sharing=LOCKED,mode=0755,uid=1000,gid=1000',
      'type=tmpfs,target=/x,size=64MiB',
      'type=bind,target=/x,ro=1,rw=False',
      'type=secret,id=a,required=true',
      'type=ssh,required',
      'type=cache,target=/x,mode=${MODE}',
    ];
    for (const ok of good) assert.deepEqual(run(ok), [], ok);
  });
  it('RUN --mount: what each mount type may carry (validateMount), and from= without variables', () => {
    const run = (mount: string) => messages(`FROM a\nRUN --mount=${mount} true\n`);
    assert.deepEqual(run('type=bind,target=/x,mode=0644'), ['mode not allowed for "bind" type mounts']);
    assert.deepEqual(run('type=tmpfs,target=/x,uid=0'), ['uid not allowed for "tmpfs" type mounts']);
    assert.deepEqual(run('type=bind,target=/x,sharing=locked'), ['invalid cache sharing set for bind mount']);
    assert.deepEqual(run('type=secret,id=a,from=x'), ['secret mount should not have a from']);
    assert.deepEqual(run('type=secret'), ['invalid secret mount. one of source, target required']);
    assert.deepEqual(run('type=secret,id=a,source=/s'), ["both source and id can't be set"]);
    assert.deepEqual(run('type=bind,from=$STAGE,target=/x'), [
      "'from' doesn't support variable expansion, define alias stage instead",
    ]);
  });
  it('a boolean flag with = and no value is missing its value', () => {
    assert.deepEqual(messages('FROM a\nCOPY --link= a /b\n'), ['Missing a value on flag: link']);
  });
});

describe('heredocs as BuildKit reads them', () => {
  it('RUN <<EOF with blank lines and comment-like lines inside is one heredoc, and its body is the script', () => {
    const text =
      'FROM debian:12\nRUN <<EOF\napt-get update\n\n# a comment\n\napt-get install -y systemd\nEOF\nCMD ' +
      '["/lib/systemd/systemd"]\n';
    const doc = parseDockerfileText(text);
    assert.deepEqual(
      doc.instructions.map((i) => i.keyword),
      ['FROM', 'RUN', 'CMD'],
    );
    const h = doc.instructions[1].heredocs[0];
    assert.ok(h.terminated);
    assert.equal(text.slice(h.bodyStart, h.bodyEnd), 'apt-get update\n\n# a comment\n\napt-get install -y systemd');
    assert.deepEqual(syntax(text), []);
    assert.ok(
      !lintDockerfile(text).some((f) => f.ruleName === 'init-without-systemd-pkg'),
      'the install inside the heredoc is seen',
    );
  });
  it('<<-EOF strips tabs from the delimiter line; several heredocs on one line; quoted delimiters', () => {
    const text = 'FROM x\nRUN <<-EOF cat <<"END2"\n\techo a\n\tEOF\nb\nEND2\nCOPY <<\'X\' /f\n$HOME\nX\n';
    const doc = parseDockerfileText(text);
    assert.deepEqual(
      doc.instructions.map((i) => [i.keyword, i.heredocs.map((h) => [h.name, h.terminated])]),
      [
        ['FROM', []],
        [
          'RUN',
          [
            ['EOF', true],
            ['END2', true],
          ],
        ],
        ['COPY', [['X', true]]],
      ],
    );
    assert.deepEqual(syntax(text), []);
  });
});
