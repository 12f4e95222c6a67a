/** verify-image's map from image paths back to build-context files through COPY/ADD (pure, on an in-memory context). */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { baseImageOf, copyMap, type ContextAccess } from '../../shared/copyMap';
import { parseVerifyOutput } from '../../shared/engine/verifyImage';

/** A build context from a list of file paths (relative to /ctx). */
function context(files: string[]): ContextAccess {
  const all = files.map((f) => `/ctx/${f}`);
  return {
    isFile: (p) => all.includes(p),
    listDir: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const below = all.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
      if (!below.length) return undefined;
      const names = [...new Set(below.map((b) => b.split('/')[0]))];
      return names.map((n) => ({ name: n, dir: below.some((b) => b.startsWith(`${n}/`)) }));
    },
  };
}

describe('copyMap', () => {
  const ctx = context([
    'app.service',
    'units/a.service',
    'units/sub/b.timer',
    'web.service',
    'db.service',
    'conf/override.conf',
  ]);

  it('a file into a directory, with and without the trailing slash; the instruction line', () => {
    const m = copyMap(
      'FROM debian\nCOPY app.service /etc/systemd/system/\nCOPY web.service /etc/systemd/system\n',
      '/ctx',
      ctx,
    );
    assert.equal(m.get('/etc/systemd/system/app.service')?.file, '/ctx/app.service');
    assert.equal(m.get('/etc/systemd/system/app.service')?.instructionLine, 2);
    assert.equal(m.get('/etc/systemd/system/web.service')?.file, '/ctx/web.service');
    assert.equal(m.get('/etc/systemd/system/web.service')?.instruction, 'COPY web.service /etc/systemd/system');
  });

  it('directory sources copy their contents; globs; several sources; WORKDIR; exec form', () => {
    const m = copyMap(
      'FROM debian\nCOPY units /usr/lib/systemd/system\nADD *.service /srv/\nWORKDIR /etc/systemd/system\nCOPY ' +
        '["db.service", "conf/override.conf", "x.d/"]\n',
      '/ctx',
      ctx,
    );
    assert.equal(m.get('/usr/lib/systemd/system/a.service')?.file, '/ctx/units/a.service');
    assert.equal(m.get('/usr/lib/systemd/system/sub/b.timer')?.file, '/ctx/units/sub/b.timer');
    assert.equal(m.get('/srv/web.service')?.file, '/ctx/web.service');
    assert.equal(m.get('/etc/systemd/system/x.d/override.conf')?.file, '/ctx/conf/override.conf');
    assert.equal(m.get('/etc/systemd/system/x.d/db.service')?.instructionLine, 5);
  });

  it("copies from other stages and URLs are not the context; the target stage's chain only; a later COPY wins", () => {
    const text =
      'FROM debian AS base\nCOPY app.service /etc/systemd/system/\nFROM base\nCOPY --from=base /etc/x ' +
      '/etc/x\nCOPY web.service /etc/systemd/system/app.service\nFROM alpine AS other\nCOPY db.service ' +
      '/etc/systemd/system/\n';
    const m = copyMap(text, '/ctx', ctx, 'base');
    assert.equal(m.get('/etc/systemd/system/app.service')?.file, '/ctx/app.service');
    assert.equal(m.has('/etc/systemd/system/db.service'), false);
    const last = copyMap(text.split('FROM alpine')[0], '/ctx', ctx);
    assert.equal(last.get('/etc/systemd/system/app.service')?.file, '/ctx/web.service');
    assert.equal(last.has('/etc/x'), false);
  });

  it('the base image: ARG defaults substituted, stages followed, scratch is none', () => {
    assert.equal(baseImageOf('ARG R=trixie\nFROM debian:${R} AS a\nFROM a\n'), 'debian:trixie');
    assert.equal(baseImageOf('FROM scratch\n'), null);
    assert.equal(baseImageOf('ARG R\nFROM debian:$R\n'), null);
  });
});

describe('parseVerifyOutput', () => {
  it('findings with a line, by unit name, and other lines apart', () => {
    const out = [
      "/etc/systemd/system/app.service:5: Unknown key 'ExecStrat' in section [Service], ignoring.",
      'app.service: Command /usr/bin/nope is not executable: No such file or directory',
      '/usr/lib/systemd/system/other.service:3: Unknown key name',
      'Some unrelated line',
    ].join('\n');
    const { findings, other } = parseVerifyOutput(out, ['/etc/systemd/system/app.service']);
    assert.deepEqual(
      findings.map((f) => [f.unit, f.line, f.severity]),
      [
        ['/etc/systemd/system/app.service', 5, 'warning'],
        ['/etc/systemd/system/app.service', undefined, 'error'],
      ],
    );
    assert.equal(other.length, 2);
  });
});
