/**
 * The CLI's conveniences (issue 22): --fix, --fix-dry-run, more formats, --rules, --quiet, colours, --stdin-filename.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { loadCorpus } from '../../scripts/corpus';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { allRuleMetas } from '../../server/src/kinds/ruleCatalog';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const run = (args: string[], input?: string, cwd?: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', cwd, env });

const BROKEN = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sct-cli-fix-'));
}

before(() => initLinter());

const hasPreferredFix = (text: string) => lintDockerfile(text).some((f) => f.fixes.some((x) => x.preferred));

describe('systemd-container-lint --fix', () => {
  it(
    'fixes the corpus Dockerfiles: each re-lints clean of every fixable finding and still parses; files with ' +
      'nothing to fix are untouched',
    () => {
      const { dir, records } = loadCorpus();
      const work = tmpdir();
      const dockerfiles = records.filter((r) => r.kind === 'dockerfile');
      assert.ok(dockerfiles.length >= 20);
      const before = new Map<string, string>();
      for (const r of dockerfiles) {
        const name = `${r.id}.Dockerfile`;
        const text = fs.readFileSync(path.join(dir, r.file), 'utf8');
        fs.writeFileSync(path.join(work, name), text);
        before.set(name, text);
      }
      const mtimes = new Map([...before.keys()].map((n) => [n, fs.statSync(path.join(work, n)).mtimeMs]));
      const r = run(['--fix', '--format', 'json', work]);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      assert.match(r.stderr, /fixed \d+ problem\(s\) in \d+ file\(s\)/);
      let changed = 0;
      for (const [name, original] of before) {
        const file = path.join(work, name);
        const after = fs.readFileSync(file, 'utf8');
        if (!hasPreferredFix(original)) {
          assert.equal(after, original, `${name} had nothing to fix and was changed`);
          assert.equal(fs.statSync(file).mtimeMs, mtimes.get(name), `${name} had nothing to fix and was rewritten`);
          continue;
        }
        changed++;
        assert.notEqual(after, original, `${name} had fixable findings and was not changed`);
        const left = lintDockerfile(after).filter((f) => f.fixes.some((x) => x.preferred));
        assert.deepEqual(
          left.map((f) => `${f.ruleName}:${f.range.start.line + 1}`),
          [],
          `${name} still has fixable findings`,
        );
        // Still parses: no syntax problem that the original did not have (dockerfile-utils' errors).
        const syntaxErrors = (text: string) =>
          validate(text)
            .filter((d) => d.severity === 1)
            .map((d) => d.message);
        assert.deepEqual(
          syntaxErrors(after).filter((m) => !syntaxErrors(original).includes(m)),
          [],
          name,
        );
        assert.ok(DockerfileParser.parse(after).getInstructions().length > 0, name);
      }
      assert.ok(changed >= 5, `only ${changed} corpus Dockerfiles had something to fix`);
      // The JSON output is what remains after the fixes: nothing fixable.
      const remaining = JSON.parse(r.stdout) as { fixes: unknown[] }[];
      assert.ok(Array.isArray(remaining));
    },
  );

  it('--fix-dry-run prints a unified diff and changes nothing; the remaining findings go to stderr', () => {
    const work = tmpdir();
    const file = path.join(work, 'Dockerfile');
    fs.writeFileSync(file, BROKEN);
    const r = run(['--fix-dry-run', file]);
    assert.equal(fs.readFileSync(file, 'utf8'), BROKEN);
    assert.match(r.stdout, /^--- a\/.*Dockerfile\n\+\+\+ b\/.*Dockerfile\n@@ /m);
    assert.match(r.stdout, /^\+STOPSIGNAL SIGRTMIN\+3$/m);
    assert.match(r.stderr, /would fix \d+ problem\(s\) in 1 file\(s\)/);
  });

  it('--fix on standard input prints the fixed text; --fix with --fix-dry-run is a usage error', () => {
    const r = run(['--fix', '-'], BROKEN);
    assert.match(r.stdout, /^STOPSIGNAL SIGRTMIN\+3$/m);
    assert.doesNotMatch(r.stdout, /\/sbin\/init/);
    assert.equal(run(['--fix', '--fix-dry-run', '-'], BROKEN).status, 2);
  });
});

describe('systemd-container-lint formats and options', () => {
  it('--format github writes workflow annotations with escaped properties', () => {
    const r = run(['--format', 'github', '--stdin-filename', 'a,b:Dockerfile', '-'], BROKEN);
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /^::error file=a%2Cb%3ADockerfile,line=3,col=1,endLine=3,endColumn=19,title=SCT103 sbin-init-without-sysv-pkg::/m,
    );
    assert.match(r.stdout, /^::warning file=/m);
  });

  it('--format checkstyle and junit are well-formed XML with one entry per finding / file', () => {
    const cs = run(['--format', 'checkstyle', '-'], BROKEN).stdout;
    assert.match(cs, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<checkstyle version="[^"]+">/);
    assert.match(
      cs,
      /<error line="3" column="1" severity="error" message="[^"<]*\(sbin-init-without-sysv-pkg\)" source="systemd-container-lint.SCT103"\/>/,
    );
    assert.equal((cs.match(/<file /g) ?? []).length, 1);
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'Dockerfile'), BROKEN);
    fs.mkdirSync(path.join(dir, 'ok'));
    fs.writeFileSync(path.join(dir, 'ok', 'Dockerfile'), 'FROM node:20\nCMD ["node", "x.js"]\n');
    const ju = run(['--format', 'junit', dir]).stdout;
    assert.match(ju, /<testsuites name="systemd-container-lint" tests="2" failures="1">/);
    assert.match(ju, /<testcase classname="systemd-container-lint" name="[^"]*ok\/Dockerfile"\/>/);
    assert.match(ju, /<failure message="\d+ problem\(s\)" type="lint">[^<]*SCT103/);
  });

  it('--rules lists every rule once with id, name, kind and severity', () => {
    const r = run(['--rules']);
    assert.equal(r.status, 0);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, allRuleMetas.length);
    for (const m of allRuleMetas)
      assert.ok(
        lines.some((l) => l.startsWith(`${m.id}  ${m.name} `) && l.includes(m.defaultSeverity)),
        m.id,
      );
  });

  it('--quiet shows errors only and keeps the exit status', () => {
    const all = JSON.parse(run(['--format', 'json', '-'], BROKEN).stdout) as { severity: string }[];
    const quiet = run(['--quiet', '--format', 'json', '-'], BROKEN);
    const shown = JSON.parse(quiet.stdout) as { severity: string }[];
    assert.ok(all.some((f) => f.severity !== 'error'));
    assert.ok(shown.length > 0 && shown.every((f) => f.severity === 'error'));
    assert.equal(quiet.status, 1);
  });

  it('colours only when asked or on a terminal, never with --no-color or NO_COLOR', () => {
    assert.doesNotMatch(run(['-'], BROKEN).stdout, /\x1b\[/, 'piped output has no colour');
    assert.match(run(['--color', '-'], BROKEN).stdout, /\x1b\[31merror\x1b\[0m/);
    assert.doesNotMatch(run(['--color', '--no-color', '-'], BROKEN).stdout, /\x1b\[/);
  });

  it('--stdin-filename names standard input: its kind comes from the name', () => {
    const compose = 'services:\n  sd:\n    image: debian:12\n    command: /sbin/init\n';
    const r = run(['--stdin-filename', 'deploy/compose.yaml', '-'], compose);
    assert.match(r.stdout, /^deploy\/compose\.yaml:2:3: error SCT201 \(compose-missing-tmpfs\)/m);
  });
});
