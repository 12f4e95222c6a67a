/**
 * The CLI's lazy loading (lintFileLoadingParser): tree-sitter's WebAssembly is loaded only for a
 * file with a shell script the plain-script reader leaves to it, the directive database only for unit-like files, and
 * the findings are those of a linter that loaded everything first. Each case runs in a fresh Node process, where
 * nothing is loaded yet.
 */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const OUT = path.resolve(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-lazy-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const CHILD = `
const fs = require('fs');
const lint = require(${JSON.stringify(path.join(OUT, 'server/src/lint.js'))});
const bash = require(${JSON.stringify(path.join(OUT, 'server/src/shell/bashParser.js'))});
const [kind, file] = process.argv.slice(1);
const text = fs.readFileSync(file, 'utf8');
const access = {
  path: file,
  readFile: (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return undefined; } },
  listDir: (d) => { try { return fs.readdirSync(d); } catch { return undefined; } },
};
(async () => {
  const lazy = await lint.lintFileLoadingParser(kind, text, access);
  const parser = bash.shellParserLoaded();
  const directives = Object.keys(require.cache).some((k) => k.endsWith('directives.json'));
  await lint.initLinter();
  const eager = lint.lintFile(kind, text, access);
  process.stdout.write(JSON.stringify({ parser, directives, lazy: lazy.map((f) => f.ruleId + '@' + f.range.start.line), eager: eager.map((f) => f.ruleId + '@' + f.range.start.line) }));
})().catch((e) => { console.error(e); process.exit(3); });`;

interface Outcome {
  parser: boolean;
  directives: boolean;
  lazy: string[];
  eager: string[];
}

function lintInFreshProcess(kind: string, file: string): Outcome {
  const r = spawnSync(process.execPath, ['-e', CHILD, kind, file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Outcome;
}

/** Files sit four folders down: a unit looks for Dockerfiles up to four folders above it, all inside `dir`. */
function write(rel: string, text: string): string {
  const file = path.join(dir, 'a', 'b', 'c', 'd', rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Its RUN has a shell keyword, which the plain-script reader leaves to tree-sitter. */
const DOCKERFILE =
  'FROM debian:bookworm\nRUN if true; then apt-get update && apt-get install -y systemd; fi\nCMD ["/sbin/init"]\n';
/** Its RUN is plain words and `&&`: read without the shell parser. */
const PLAIN_DOCKERFILE = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n';

describe('lazy loading for one-shot lints', () => {
  it('a compose file loads neither the shell parser nor the directive database', () => {
    const file = write(
      'compose/compose.yaml',
      'services:\n  app:\n    image: jrei/systemd-debian\n    command: /sbin/init\n',
    );
    const o = lintInFreshProcess('compose', file);
    assert.equal(o.parser, false);
    assert.equal(o.directives, false);
    assert.ok(o.lazy.length > 0, 'the compose file has findings');
    assert.deepEqual(o.lazy, o.eager);
  });

  it('a unit whose scripts are plain words reads the directive database but loads no WebAssembly', () => {
    const file = write(
      'plain/web.service',
      '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/docker run --rm --name web nginx\nKillMode=none\n',
    );
    const o = lintInFreshProcess('unit', file);
    assert.equal(o.parser, false);
    assert.equal(o.directives, true);
    assert.ok(o.lazy.length > 0, 'the unit has findings');
    assert.deepEqual(o.lazy, o.eager);
  });

  it('a unit with a shell script the plain reader cannot take loads the parser and gets the same findings', () => {
    const file = write(
      'script/app.service',
      '[Service]\nExecStartPre=/bin/bash -c "if docker inspect app; then docker rm -f app; ' +
        'fi"\nExecStart=/usr/bin/docker run --name app nginx\n',
    );
    const o = lintInFreshProcess('unit', file);
    assert.equal(o.parser, true);
    assert.deepEqual(o.lazy, o.eager);
  });

  it('a unit beside a Dockerfile: the neighbour read without the parser is not remembered as unreadable', () => {
    write('image/Dockerfile', DOCKERFILE + 'COPY app.service /etc/systemd/system/\n');
    const file = write('image/app.service', '[Service]\nExecStart=/usr/bin/app\n');
    const o = lintInFreshProcess('unit', file);
    assert.equal(o.parser, true);
    assert.deepEqual(o.lazy, o.eager);
  });

  it('a Dockerfile above the unit that COPYs other files is not modelled: no WebAssembly for it', () => {
    write('up/Dockerfile', DOCKERFILE + 'COPY other.service /etc/systemd/system/\nCOPY --from=x units/ /x/\n');
    const file = write('up/units/web.service', '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/web\n');
    const o = lintInFreshProcess('unit', file);
    assert.equal(o.parser, false);
    assert.deepEqual(o.lazy, o.eager);
  });

  it('a Dockerfile above the unit whose COPY takes it is modelled, and the image judges the unit', () => {
    write('copy/Dockerfile', DOCKERFILE + 'COPY units/ /etc/systemd/system/\n');
    const file = write('copy/units/web.service', '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/web\n');
    const o = lintInFreshProcess('unit', file);
    assert.equal(o.parser, true);
    assert.deepEqual(o.lazy, o.eager);
  });

  it('a Dockerfile loads the parser and not the directive database', () => {
    const file = write('df/Dockerfile', DOCKERFILE);
    const o = lintInFreshProcess('dockerfile', file);
    assert.equal(o.parser, true);
    assert.equal(o.directives, false);
    assert.ok(o.lazy.length > 0);
    assert.deepEqual(o.lazy, o.eager);
  });

  it('a Dockerfile whose RUN bodies are plain loads no WebAssembly and gets the same findings', () => {
    const file = write('plaindf/Dockerfile', PLAIN_DOCKERFILE);
    const o = lintInFreshProcess('dockerfile', file);
    assert.equal(o.parser, false);
    assert.ok(o.lazy.length > 0);
    assert.deepEqual(o.lazy, o.eager);
  });
});
