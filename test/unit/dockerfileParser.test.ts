/**
 * The Dockerfile reader (shared/dockerfileParser.ts): every construct BuildKit's parser
 * handles that the image model needs, odd inputs, and a cross-check against dockerfile-ast on
 * the corpus files (same instructions, ranges, flags, JSON strings, FROM and heredoc bodies).
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDockerfileText, splitWords, unquote, type Instruction } from '../../shared/dockerfileParser';
import { parseDockerfile } from '../../server/src/kinds/dockerfile/model';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { loadCorpusFiles } from '../../bench/corpusFiles';
import { syntheticDockerfile } from '../../bench/lintSpeed';

before(() => initLinter());

const parse = (text: string) => parseDockerfileText(text);
const keywords = (text: string) => parse(text).instructions.map((i) => i.keyword);
const lines = (ins: Instruction) => [ins.range.start.line, ins.range.end.line];
const df = (l: string[]) => l.join('\n') + '\n';
/** The RUN steps' scripts of the model, as bash gets them. */
const scripts = (text: string) => parseDockerfile(text).steps.flatMap((s) => (s.run ? [s.run.script] : []));
const commands = (text: string) =>
  parseDockerfile(text).steps.flatMap((s) => s.run?.commands.map((c) => c.words.map((w) => w.value).join(' ')) ?? []);

describe('parser directives', () => {
  it('reads escape, syntax and check at the top, any case, with spaces', () => {
    const d = parse('# syntax=docker/dockerfile:1\n#  Escape = `\n# check=skip=all\nFROM x\n');
    assert.deepEqual(
      d.directives.map((x) => [x.name, x.value]),
      [
        ['syntax', 'docker/dockerfile:1'],
        ['escape', '`'],
        ['check', 'skip=all'],
      ],
    );
    assert.equal(d.escapeChar, '`');
    assert.deepEqual(
      d.instructions.map((i) => i.keyword),
      ['FROM'],
    );
  });
  it('stops at a blank line, another comment, an instruction or a repeated directive', () => {
    assert.equal(parse('\n# escape=`\nFROM x\n').escapeChar, '\\');
    assert.equal(parse('# hello\n# escape=`\nFROM x\n').escapeChar, '\\');
    assert.equal(parse('FROM x\n# escape=`\n').escapeChar, '\\');
    assert.equal(parse('# escape=\\\n# escape=`\nFROM x\n').escapeChar, '\\');
    assert.equal(parse('# unknown=1\n# escape=`\nFROM x\n').escapeChar, '\\');
  });
  it('ignores an escape value other than backtick or backslash; skips a BOM', () => {
    assert.equal(parse('# escape=x\nFROM x\n').escapeChar, '\\');
    const d = parse('\uFEFF# escape=`\nFROM x `\n  AS y\n');
    assert.equal(d.escapeChar, '`');
    assert.deepEqual(
      d.instructions[0].args.map((a) => a.raw),
      ['x', 'AS', 'y'],
    );
  });
});

describe('lines, comments and continuations', () => {
  it('skips comments and blank lines; keywords in any case', () => {
    assert.deepEqual(keywords('# c\n\n  # indented comment\nfrom x\n\trun echo hi\nCmd ["a"]\n'), [
      'FROM',
      'RUN',
      'CMD',
    ]);
  });
  it('joins continuation lines, keeping their leading white space', () => {
    const [, run] = parse('FROM x\nRUN apt-get install \\\n    foo \\\n  bar\n').instructions;
    assert.equal(run.logicalText, 'RUN apt-get install     foo   bar');
    assert.deepEqual(
      run.args.map((a) => a.raw),
      ['apt-get', 'install', 'foo', 'bar'],
    );
    assert.deepEqual(lines(run), [1, 3]);
    assert.deepEqual(run.range.end, { line: 3, character: 5 });
  });
  it('allows white space after the escape character', () => {
    const [run] = parse('RUN a \\  \t\n  b\nCMD c\n').instructions;
    assert.equal(run.logicalText, 'RUN a   b');
    assert.deepEqual(keywords('RUN a \\  \t\n  b\nCMD c\n'), ['RUN', 'CMD']);
  });
  it('drops comment lines and empty lines inside a continuation', () => {
    const text = 'RUN a \\\n# comment \\\n   # indented\n\n   \n  b \\\n  c\nCMD d\n';
    const [run, cmd] = parse(text).instructions;
    assert.equal(run.logicalText, 'RUN a   b   c');
    assert.deepEqual(lines(run), [0, 6]);
    assert.equal(cmd.keyword, 'CMD');
  });
  it('an escaped escape character at the end is not a continuation (BuildKit: nor is \\\\\\)', () => {
    assert.deepEqual(keywords('RUN echo \\\\\nCMD x\n'), ['RUN', 'CMD']);
    assert.deepEqual(keywords('RUN echo \\\\\\\nCMD x\n'), ['RUN', 'CMD']);
    assert.deepEqual(keywords('RUN echo \\\nCMD x\n'), ['RUN']);
  });
  it('CRLF: positions and continuations', () => {
    const d = parse('FROM x\r\nRUN a \\\r\n  b\r\nCMD ["c"]\r\n');
    assert.deepEqual(
      d.instructions.map((i) => i.keyword),
      ['FROM', 'RUN', 'CMD'],
    );
    assert.equal(d.instructions[1].logicalText, 'RUN a   b');
    assert.deepEqual(d.instructions[1].range, { start: { line: 1, character: 0 }, end: { line: 2, character: 3 } });
    assert.deepEqual(
      d.instructions[2].json?.map((j) => j.value),
      ['c'],
    );
  });
  it('escape=` (Windows style): backtick continues, backslashes are literal', () => {
    const text =
      '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore\r\nRUN dir C:\\ `\r\n    && copy C:\\a ' +
      'C:\\b\r\nCOPY C:\\x\\ C:\\y\\\r\n';
    const d = parse(text);
    assert.deepEqual(
      d.instructions.map((i) => i.keyword),
      ['FROM', 'RUN', 'COPY'],
    );
    assert.deepEqual(
      d.instructions[1].args.map((a) => a.raw),
      ['dir', 'C:\\', '&&', 'copy', 'C:\\a', 'C:\\b'],
    );
    assert.deepEqual(
      d.instructions[2].args.map((a) => a.raw),
      ['C:\\x\\', 'C:\\y\\'],
    );
    // bash sees one command line (the backtick break becomes a backslash-newline)
    assert.deepEqual(
      scripts(
        df(['# escape=`', 'FROM debian', 'RUN apt-get install -y `', '    systemd && `', '    systemctl start x']),
      ),
      ['apt-get install -y \\\n    systemd && \\\n    systemctl start x'],
    );
  });
  it('a keyword split by a continuation', () => {
    const [ins] = parse('RU\\\nN echo hi\n').instructions;
    assert.equal(ins.keyword, 'RUN');
    assert.deepEqual(
      ins.args.map((a) => a.raw),
      ['echo', 'hi'],
    );
  });
  it('a file ending without newline, inside a continuation, only comments, empty', () => {
    assert.deepEqual(
      parse('FROM x\nCMD y').instructions.map((i) => [i.keyword, i.end]),
      [
        ['FROM', 6],
        ['CMD', 12],
      ],
    );
    const [, run] = parse('FROM x\nRUN a \\\n# c').instructions;
    assert.equal(run.end, 18, 'to the end of the file');
    assert.equal(run.logicalText, 'RUN a ');
    assert.deepEqual(parse('# only\n# comments\n').instructions, []);
    assert.deepEqual(parse('').instructions, []);
    assert.deepEqual(parse('\n\n  \n').instructions, []);
  });
  it('lone CR is not a line break for Docker (it is for LSP positions)', () => {
    const d = parse('FROM x\rRUN y\n');
    assert.equal(d.instructions.length, 1);
    assert.deepEqual(d.instructions[0].range.end, { line: 1, character: 5 });
  });
  it('binary-ish junk neither throws nor loops', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const chars = Array.from({ length: 200 }, () =>
        String.fromCharCode(Math.floor(rnd() * 0x3000) % (rnd() < 0.5 ? 128 : 0xffff)),
      );
      const text = chars.join('').replace(/\u0000/g, '') + ['\\\n', '<<EOF\n', '["a"', '`\n'][n % 4];
      const d = parse(text);
      for (const i of d.instructions) {
        void [i.args, i.json, i.properties, i.flags, i.range, i.breaks];
        assert.ok(i.start <= i.end && i.end <= text.length);
      }
      lintDockerfile(text);
    }
  });
});

describe('positions', () => {
  it('are 0-based line/character in UTF-16 code units', () => {
    const d = parse('LABEL x="😀 é"\nENV 名前=値 k=v\n');
    const env = d.instructions[1];
    assert.deepEqual(
      env.properties.map((p) => [p.name, p.value, d.range(p.start, p.end)]),
      [
        ['名前', '値', { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } }],
        ['k', 'v', { start: { line: 1, character: 9 }, end: { line: 1, character: 12 } }],
      ],
    );
    assert.deepEqual(
      d.instructions[0].properties.map((p) => [p.name, p.value]),
      [['x', '😀 é']],
    );
    assert.equal(d.instructions[0].range.end.character, 14);
  });
  it('words across a continuation map back to both lines', () => {
    const d = parse('COPY --from=a \\\n  /src \\\n  /dst\n');
    const [src, dst] = d.instructions[0].args;
    assert.deepEqual(d.range(src.start, src.end), { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } });
    assert.deepEqual(d.range(dst.start, dst.end), { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } });
  });
});

describe('flags and arguments', () => {
  it('leading --flags, with or without values; -- ends them', () => {
    const [copy, run, add] = parse(
      'COPY --from=build --chmod=0755 --link /a /b\nRUN --mount=type=cache,target=/var/cache/apt ' +
        '--network=none apt-get update\nADD --checksum=sha256:x -- --odd /d\n',
    ).instructions;
    assert.deepEqual(
      copy.flags.map((f) => [f.name, f.value]),
      [
        ['from', 'build'],
        ['chmod', '0755'],
        ['link', null],
      ],
    );
    assert.deepEqual(
      copy.args.map((a) => a.raw),
      ['/a', '/b'],
    );
    assert.deepEqual(
      run.flags.map((f) => f.name),
      ['mount', 'network'],
    );
    assert.equal(run.flag('mount')?.value, 'type=cache,target=/var/cache/apt');
    assert.equal(run.rest, 'apt-get update');
    assert.deepEqual(
      add.args.map((a) => a.raw),
      ['--odd', '/d'],
    );
  });
  it('splits words like Docker: quotes keep white space, the escape character keeps the next one', () => {
    const spans = (s: string, e = '\\') => splitWords(s, 0, e).map(([a, b]) => s.slice(a, b));
    assert.deepEqual(spans('a "b c" \'d e\' f\\ g h'), ['a', '"b c"', "'d e'", 'f\\ g', 'h']);
    assert.deepEqual(spans('x="a \\" b" y'), ['x="a \\" b"', 'y']);
    assert.deepEqual(spans("'it\\' s'"), ["'it\\'", "s'"]);
    assert.deepEqual(spans('a` b c', '`'), ['a` b', 'c']);
  });
  it("unquotes values like Docker's shell lexer (no expansion)", () => {
    assert.equal(unquote('"a b"', '\\'), 'a b');
    assert.equal(unquote("'$x \\n'", '\\'), '$x \\n');
    assert.equal(unquote('"q\\"\\$\\\\\\n"', '\\'), 'q"$\\\\n');
    assert.equal(unquote('a\\ b\\c', '\\'), 'a bc');
    assert.equal(unquote('C:\\dir`"x', '`'), 'C:\\dir"x');
    assert.equal(unquote('$HOME/x', '\\'), '$HOME/x');
  });
});

describe('exec (JSON) form and shell form', () => {
  const form = (line: string) => {
    const ins = parse(line).instructions[0];
    return ins.json ? ['exec', ins.json.map((j) => j.value)] : ['shell', ins.rest];
  };
  it('exec only for a JSON array of strings', () => {
    assert.deepEqual(form('RUN ["sh","-c","x"]'), ['exec', ['sh', '-c', 'x']]);
    assert.deepEqual(form('CMD [ "/sbin/init" , "--log-level=info" ]  '), ['exec', ['/sbin/init', '--log-level=info']]);
    assert.deepEqual(form('CMD []'), ['exec', []]);
    assert.deepEqual(form('ENTRYPOINT ["a\\"b", "\\u00e9\\t"]'), ['exec', ['a"b', 'é\t']]);
    assert.deepEqual(form('RUN [not json'), ['shell', '[not json']);
    assert.deepEqual(form('CMD ["/sbin/init"'), ['shell', '["/sbin/init"']);
    assert.deepEqual(form("CMD ['/sbin/init']"), ['shell', "['/sbin/init']"]);
    assert.deepEqual(form('CMD ["a", 1]'), ['shell', '["a", 1]']);
    assert.deepEqual(form('CMD ["a"] extra'), ['shell', '["a"] extra']);
    assert.deepEqual(form('CMD  /sbin/init  --x  '), ['shell', '/sbin/init  --x']);
  });
  it('JSON across a continuation; string ranges point at the quotes', () => {
    const d = parse('CMD ["/bin/sh", \\\n     "-c", "exec /sbin/init"]\n');
    const json = d.instructions[0].json!;
    assert.deepEqual(
      json.map((j) => j.value),
      ['/bin/sh', '-c', 'exec /sbin/init'],
    );
    assert.deepEqual(d.range(json[2].start, json[2].end), {
      start: { line: 1, character: 11 },
      end: { line: 1, character: 28 },
    });
  });
  it('the model runs sh -c scripts of exec-form RUN and keeps shell text for the rest', () => {
    assert.deepEqual(scripts(df(['FROM debian', 'RUN ["sh", "-c", "systemctl start ssh"]', 'RUN [not json'])), [
      'systemctl start ssh',
      '[not json',
    ]);
    assert.deepEqual(commands(df(['FROM debian', 'RUN ["sh", "-c", "systemctl start ssh"]'])), ['systemctl start ssh']);
    const m = parseDockerfile(df(['FROM debian', 'CMD ["/sbin/init"', 'ENTRYPOINT []']));
    assert.deepEqual([m.entrypoint?.form, m.entrypoint?.args], ['exec', []]);
    assert.deepEqual([m.cmd?.form, m.cmd?.text], ['shell', '["/sbin/init"']);
  });
});

describe('heredocs', () => {
  const heredocs = (text: string) => {
    const d = parse(text);
    return d.instructions.map((i) => [
      i.keyword,
      i.heredocs.map((h) => [h.name, h.chomp, text.slice(h.bodyStart, h.bodyEnd), h.terminated]),
    ]);
  };
  it('<<EOF: the body follows the line and ends at the delimiter line', () => {
    const text = 'FROM x\nRUN <<EOF\napt-get update\napt-get install -y systemd\nEOF\nCMD ["/sbin/init"]\n';
    assert.deepEqual(heredocs(text), [
      ['FROM', []],
      ['RUN', [['EOF', false, 'apt-get update\napt-get install -y systemd', true]]],
      ['CMD', []],
    ]);
    assert.deepEqual(lines(parse(text).instructions[1]), [1, 4]);
    assert.deepEqual(scripts(text), ['apt-get update\napt-get install -y systemd']);
  });
  it('quoted delimiters, several heredocs on one line, COPY and ONBUILD', () => {
    const text =
      'RUN cat <<"A" > /a && cat <<\'B\' > /b\n$x\nA\n$y\nB\nCOPY <<-EOT /c\n\tz\n\tEOT\nONBUILD RUN ' +
      '<<X\nq\nX\nCMD y\n';
    assert.deepEqual(heredocs(text), [
      [
        'RUN',
        [
          ['A', false, '$x', true],
          ['B', false, '$y', true],
        ],
      ],
      ['COPY', [['EOT', true, '\tz', true]]],
      ['ONBUILD', [['X', false, 'q', true]]],
      ['CMD', []],
    ]);
  });
  it('bodies are not subject to continuations or comment dropping', () => {
    const text = 'RUN cat > /etc/x.conf <<EOF\n# a comment \\\nkey=1 \\\nEOF\nCMD y\n';
    assert.deepEqual(heredocs(text)[0], ['RUN', [['EOF', false, '# a comment \\\nkey=1 \\', true]]]);
    assert.deepEqual(keywords(text), ['RUN', 'CMD']);
    const m = parseDockerfile('FROM debian\n' + text);
    assert.equal(m.steps[0].run?.commands[0].redirects.find((r) => r.op === '<<')?.body, '# a comment \\\nkey=1 \\\n');
  });
  it('<<-: tab-indented delimiter ends the body; space-indented or plain-<< indented does not', () => {
    const chomp = 'RUN <<-EOF\n\techo EOF\n  EOF\n\t\tEOF\nCMD x\n';
    assert.deepEqual(heredocs(chomp), [
      ['RUN', [['EOF', true, '\techo EOF\n  EOF', true]]],
      ['CMD', []],
    ]);
    const plain = 'RUN <<EOF\n\tEOF\nEOF \nEOF\n';
    assert.deepEqual(heredocs(plain), [['RUN', [['EOF', false, '\tEOF\nEOF ', true]]]]);
  });
  it('an unterminated heredoc runs to the end of the file', () => {
    const text = 'RUN <<EOF\nls\nCMD x';
    assert.deepEqual(heredocs(text), [['RUN', [['EOF', false, 'ls\nCMD x', false]]]]);
    assert.equal(parse(text).instructions[0].end, text.length);
  });
  it('no heredoc in exec form, in quotes, for other instructions, or as a bare <<', () => {
    assert.deepEqual(heredocs('RUN ["cat", "<<EOF"]\nEOF\n'), [
      ['RUN', []],
      ['EOF', []],
    ]);
    assert.deepEqual(heredocs('RUN echo "<<EOF"\nEOF\n'), [
      ['RUN', []],
      ['EOF', []],
    ]);
    assert.deepEqual(heredocs('ENV a=<<EOF\nEOF\n'), [
      ['ENV', []],
      ['EOF', []],
    ]);
    assert.deepEqual(heredocs('RUN echo << x\nx\n'), [
      ['RUN', []],
      ['X', []],
    ]);
  });
  it('a heredoc opened on a continued line; CRLF bodies', () => {
    assert.deepEqual(heredocs('RUN cat \\\n  <<EOF\nbody\nEOF\n'), [['RUN', [['EOF', false, 'body', true]]]]);
    assert.deepEqual(heredocs('RUN <<EOF\r\na\r\nb\r\nEOF\r\nCMD x\r\n'), [
      ['RUN', [['EOF', false, 'a\r\nb', true]]],
      ['CMD', []],
    ]);
  });
});

describe('ENV, ARG, LABEL, FROM', () => {
  const props = (line: string) => parse(line).instructions[0].properties.map((p) => [p.name, p.value]);
  it('key=value pairs, quotes and escapes removed, variables kept', () => {
    assert.deepEqual(props('ENV a=1 b="two words" c=\'$x\' d=e\\ f g=$HOME/x'), [
      ['a', '1'],
      ['b', 'two words'],
      ['c', '$x'],
      ['d', 'e f'],
      ['g', '$HOME/x'],
    ]);
    assert.deepEqual(props('LABEL "com.example.key"=v maintainer="A B <a@b>"'), [
      ['"com.example.key"', 'v'],
      ['maintainer', 'A B <a@b>'],
    ]);
  });
  it('legacy ENV key value: the value is the rest of the line', () => {
    assert.deepEqual(props('ENV container docker'), [['container', 'docker']]);
    assert.deepEqual(props('ENV MSG  hello   "big" world '), [['MSG', 'hello   big world']]);
    assert.deepEqual(props('ENV lonely'), [['lonely', null]]);
  });
  it('ARG with and without defaults, several per line', () => {
    assert.deepEqual(props('ARG A B=2 C="x y"'), [
      ['A', null],
      ['B', '2'],
      ['C', 'x y'],
    ]);
  });
  it('FROM image[:tag|@digest] [AS name], --platform, lower-case as', () => {
    const d = parse(
      'FROM --platform=$BUILDPLATFORM golang:1.22@sha256:abc as build\nFROM build\nFROM scratch AS final\n',
    );
    assert.deepEqual(
      d.instructions.map((i) => [i.flags.map((f) => f.name), i.args.map((a) => a.raw)]),
      [
        [['platform'], ['golang:1.22@sha256:abc', 'as', 'build']],
        [[], ['build']],
        [[], ['scratch', 'AS', 'final']],
      ],
    );
    assert.deepEqual(d.instructions[0].getImageRange(), {
      start: { line: 0, character: 31 },
      end: { line: 0, character: 53 },
    });
    const m = parseDockerfile('ARG BASE="debian:12" TAG\nFROM ${BASE} AS sys\nFROM sys\nCMD ["/sbin/init"]\n');
    assert.deepEqual(
      m.stages.map((s) => [s.name, s.reference, s.parentStage]),
      [
        ['sys', 'debian:12', null],
        [null, 'sys', 0],
      ],
    );
    assert.deepEqual(
      m.chain.map((s) => s.index),
      [0, 1],
    );
  });
});

describe('the model on odd files', () => {
  it('comment and empty lines inside a RUN continuation do not split the command', () => {
    const text = df([
      'FROM debian:12',
      'RUN apt-get update && apt-get install -y \\',
      '# the init',
      '    systemd systemd-sysv \\',
      '',
      '    && rm -f /lib/systemd/system/multi-user.target.wants/*',
    ]);
    assert.deepEqual(commands(text), [
      'apt-get update',
      'apt-get install -y systemd systemd-sysv',
      'rm -f /lib/systemd/system/multi-user.target.wants/*',
    ]);
    const [script] = scripts(text);
    assert.equal(
      script.length,
      text.indexOf('wants/*') + 7 - text.indexOf('apt-get'),
      'script stays offset-aligned with the document',
    );
  });
  it('ENV values without their quotes reach RUN', () => {
    const text = df(['FROM fedora:40', 'ENV D="/etc/systemd/system"', 'RUN rm -f "$D"/*.wants/*']);
    assert.deepEqual(commands(text), ['rm -f /etc/systemd/system/*.wants/*']);
  });
  it('Step.parsed carries the flags (COPY --from)', () => {
    const m = parseDockerfile(df(['FROM debian AS a', 'COPY --from=a /x /y', 'RUN true']));
    const copy = m.steps.find((s) => s.keyword === 'COPY')!;
    assert.equal(copy.parsed.flag('from')?.value, 'a');
  });
});

describe('cross-check against dockerfile-ast', () => {
  /**
   * Where the two agree by design: what dockerfile-ast splits differently (quotes, escapes, ARG's one property) is left
   * out.
   */
  function compare(id: string, text: string) {
    const ast = DockerfileParser.parse(text).getInstructions();
    const doc = parse(text);
    assert.equal(doc.instructions.length, ast.length, `${id}: instruction count`);
    ast.forEach((a, i) => {
      const m = doc.instructions[i];
      const where = `${id} #${i} ${a.getKeyword()}`;
      assert.equal(m.keyword, a.getKeyword(), where);
      assert.deepEqual(m.range, a.getRange(), `${where}: range`);
      // dockerfile-ast also counts heredoc bodies as arguments
      if (!/["'\\`]/.test(m.logicalText) && !m.heredocs.length)
        assert.deepEqual(
          m.args.map((w) => [w.raw, doc.range(w.start, w.end)]),
          a.getArguments().map((x) => [x.getValue(), x.getRange()]),
          `${where}: arguments`,
        );
      const flags = (a as unknown as { getFlags?(): { getName(): string; getValue(): string | null }[] }).getFlags?.();
      if (flags)
        assert.deepEqual(
          m.flags.map((f) => [f.name, f.value]),
          flags.map((f) => [f.getName(), f.getValue()]),
          `${where}: flags`,
        );
      const json = a as unknown as { getOpeningBracket?(): unknown; getJSONStrings?(): { getRange(): unknown }[] };
      if (json.getOpeningBracket?.() && m.json)
        assert.deepEqual(
          m.json.map((j) => doc.range(j.start, j.end)),
          json.getJSONStrings!().map((j) => j.getRange()),
          `${where}: JSON strings`,
        );
      if (a.getKeyword() === 'FROM') {
        const from = a as unknown as { getImageRange(): unknown; getBuildStage(): string | null };
        assert.deepEqual(m.getImageRange(), from.getImageRange(), `${where}: image`);
        assert.equal(
          m.args.length > 2 && m.args[1].raw.toUpperCase() === 'AS' ? m.args[2].raw : null,
          from.getBuildStage(),
          `${where}: stage`,
        );
      }
      if (a.getKeyword() === 'ENV' || a.getKeyword() === 'LABEL') {
        const p = a as unknown as { getProperties(): { getName(): string }[] };
        assert.deepEqual(
          m.properties.map((x) => x.name),
          p.getProperties().map((x) => x.getName()),
          `${where}: properties`,
        );
      }
      const heredocs = (
        a as unknown as { getHeredocs?(): { getName(): string; getContentRange(): unknown }[] }
      ).getHeredocs?.();
      if (heredocs)
        assert.deepEqual(
          m.heredocs.map((h) => [h.name, h.bodyEnd > h.bodyStart ? doc.range(h.bodyStart, h.bodyEnd) : null]),
          heredocs.map((h) => [h.getName(), h.getContentRange()]),
          `${where}: heredocs`,
        );
    });
  }
  const root = path.resolve(__dirname, '..', '..', '..');
  const corpus = loadCorpusFiles(root, 'dockerfile');
  it('on every corpus Dockerfile', () => {
    assert.ok(corpus.length >= 20);
    for (const f of corpus) compare(f.id, f.text);
  });
  it('on a 2,000-line file made of corpus lines', () => compare('synthetic', syntheticDockerfile(corpus, 2000)));
  it('on the odd constructs both read alike', () => {
    compare(
      'odd',
      df([
        '# escape=`',
        'from ubuntu:22.04 as base',
        'run apt-get update && `',
        '  # comment',
        '  apt-get install -y systemd',
        'COPY --from=base --chmod=644 /a /b',
        'RUN <<EOF',
        'ls',
        'EOF',
        'RUN <<-EOT',
        '\tpwd',
        '\tEOT',
        'CMD ["/sbin/init", "--x"]',
      ]),
    );
    compare('crlf', 'FROM x\r\nRUN a \\\r\n  b\r\nRUN <<EOF\r\nls\r\nEOF\r\nSTOPSIGNAL 37');
  });
});
