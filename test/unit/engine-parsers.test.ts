/**
 * Pure parts of the engine core: facts from /version+/info (payloads captured from the test
 * dockerd and Podman 4.3), systemctl/systemd-analyze output parsing, build step mapping,
 * image tags from folder names, .dockerignore handling and the context tar.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { factsFromApi, describeFacts, compareApi } from '../../shared/engine/facts';
import { imageFactsFromInspect } from '../../shared/engine/image';
import { parseBlame, parsePlainUnits, parseUnitsJson, isValidUnitName } from '../../shared/engine/units';
import { parseSystemState } from '../../shared/engine/boot';
import {
  contextFilter,
  instructionLines,
  packContext,
  parseSteps,
  stepToLines,
  tagFromFolder,
} from '../../shared/engine/build';

const API = path.resolve(__dirname, '../../../test/fixtures/engine/api');
const json = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(API, f), 'utf8'));

describe('factsFromApi', () => {
  it('Docker 20.10 (Debian docker.io) on this host', () => {
    const f = factsFromApi(json('docker-20.10-version.json'), json('docker-20.10-info.json'));
    assert.deepEqual(
      [
        f.engine,
        f.version,
        f.apiVersion,
        f.cgroupVersion,
        f.cgroupDriver,
        f.defaultCgroupns,
        f.rootless,
        f.selinux,
        f.seccomp,
        f.arch,
        f.supportsCgroupns,
      ],
      ['docker', '20.10.24+dfsg1', '1.41', 1, 'cgroupfs', 'host', false, false, true, 'amd64', true],
    );
    assert.equal(describeFacts(f), 'Docker 20.10.24+dfsg1 (API 1.41), cgroup v1 (cgroupfs), rootful, linux/amd64');
  });

  it('Podman 4.3 (Debian) compat API', () => {
    const f = factsFromApi(json('podman-4.3-version.json'), json('podman-4.3-info.json'));
    assert.deepEqual(
      [f.engine, f.version, f.cgroupVersion, f.rootless, f.supportsCgroupns, f.defaultCgroupns],
      ['podman', '4.3.1', 1, false, false, undefined],
    );
  });

  it('rootless and SELinux from SecurityOptions; cgroup v2', () => {
    const f = factsFromApi(
      { Version: '24.0.7', ApiVersion: '1.43', Components: [{ Name: 'Engine' }] },
      {
        CgroupVersion: '2',
        SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns', 'name=selinux'],
        Architecture: 'aarch64',
      },
    );
    assert.deepEqual(
      [f.rootless, f.selinux, f.cgroupVersion, f.defaultCgroupns, f.arch],
      [true, true, 2, 'private', 'arm64'],
    );
    assert.ok(compareApi('1.43', '1.41') > 0 && compareApi('1.40', '1.41') < 0);
  });
});

describe('imageFactsFromInspect', () => {
  it('reads Cmd, Entrypoint, StopSignal, Env, Labels, Volumes', () => {
    const f = imageFactsFromInspect(
      {
        Id: 'sha256:x',
        Os: 'linux',
        Architecture: 'amd64',
        Config: {
          Cmd: null,
          Entrypoint: '/e.sh',
          StopSignal: 'SIGRTMIN+3',
          Env: ['A=1=2', 'B'],
          Labels: null,
          Volumes: { '/run': {} },
        },
      },
      'img',
    );
    assert.deepEqual(f, {
      ref: 'img',
      id: 'sha256:x',
      cmd: [],
      entrypoint: ['/e.sh'],
      stopSignal: 'SIGRTMIN+3',
      env: { A: '1=2', B: '' },
      labels: {},
      volumes: ['/run'],
      os: 'linux',
      arch: 'amd64',
    });
  });
});

describe('systemctl output', () => {
  it('list-units --output=json (systemd 252)', () => {
    const u = parseUnitsJson(
      '[{"unit":"-.mount","load":"loaded","active":"active","sub":"mounted","description":"Root Mount"}]',
    );
    assert.deepEqual(u, [
      { unit: '-.mount', load: 'loaded', active: 'active', sub: 'mounted', description: 'Root Mount' },
    ]);
  });

  it('list-units --plain --no-legend, with ● markers and descriptions with spaces', () => {
    const text = [
      'proc-sys-fs-binfmt_misc.automount    loaded    inactive dead      Arbitrary Executable File Formats ' +
        'File System Automount Point',
      '● sct-fail.service                  loaded    failed   failed    sct engine test: a unit that always fails',
      'systemd-journald.service             loaded    active   running   Journal Service',
      '',
    ].join('\n');
    assert.deepEqual(
      parsePlainUnits(text).map((u) => [u.unit, u.active, u.sub, u.description]),
      [
        [
          'proc-sys-fs-binfmt_misc.automount',
          'inactive',
          'dead',
          'Arbitrary Executable File Formats File System Automount Point',
        ],
        ['sct-fail.service', 'failed', 'failed', 'sct engine test: a unit that always fails'],
        ['systemd-journald.service', 'active', 'running', 'Journal Service'],
      ],
    );
  });

  it('is-system-running answers, including "Failed to connect to bus"', () => {
    assert.equal(parseSystemState('running\n', ''), 'running');
    assert.equal(parseSystemState('', 'Failed to connect to bus: No such file or directory\n'), 'no-bus');
    assert.equal(parseSystemState('offline\n', ''), 'offline');
    assert.equal(
      parseSystemState('', "System has not been booted with systemd as init system (PID 1). Can't operate.\n"),
      'offline',
    );
    assert.equal(parseSystemState('degraded\n', ''), 'degraded');
  });

  it('systemd-analyze blame', () => {
    assert.deepEqual(
      parseBlame('1min 2.500s apt-daily.service\n     33ms systemd-journald.service\n 120us x.mount\n'),
      [
        { time: 62.5, unit: 'apt-daily.service' },
        { time: 0.033, unit: 'systemd-journald.service' },
        { time: 0.00012, unit: 'x.mount' },
      ],
    );
  });

  it('unit names: valid systemd names only, never options', () => {
    for (const ok of ['sshd.service', 'getty@tty1.service', 'dev-disk-by\\x2duuid.device', '-.mount', '-.slice'])
      assert.ok(isValidUnitName(ok), ok);
    for (const bad of ['--now', '-x.service', 'a b.service', 'x.service;reboot', 'x', '$(id).service'])
      assert.ok(!isValidUnitName(bad), bad);
  });
});

describe('build helpers', () => {
  const DF = [
    '# c',
    'ARG BASE=x',
    'FROM ${BASE} AS one',
    'RUN true',
    'FROM b AS two',
    'RUN echo hi \\',
    '    && false',
    'FROM one',
    'LABEL x=y',
    '',
  ].join('\n');

  it('instructions in file order, as the legacy builder counts steps', () => {
    assert.deepEqual(
      instructionLines(DF).map((i) => `${i.keyword}@${i.line}-${i.endLine}`),
      ['ARG@2-2', 'FROM@3-3', 'RUN@4-4', 'FROM@5-5', 'RUN@6-7', 'FROM@8-8', 'LABEL@9-9'],
    );
    assert.deepEqual(stepToLines(DF, 5), { line: 6, endLine: 7 });
    assert.equal(stepToLines(DF, 8), undefined, 'builder-added steps (--label) map to no line');
  });

  it('parses a legacy build log (captured: step 5 of 8 failed)', () => {
    const log =
      'Step 1/8 : ARG BASE=sct/debian:bookworm\nStep 2/8 : FROM ${BASE} AS one\n ---> 41434cbcde5d\nStep 3/8 : ' +
      'RUN true\nStep 4/8 : FROM sct/debian:bookworm AS two\nStep 5/8 : RUN echo hi     && false\nThe command ' +
      "'/bin/sh -c echo hi     && false' returned a non-zero code: 1\n";
    const steps = parseSteps(log, DF);
    assert.deepEqual(steps[4], { index: 5, total: 8, text: 'RUN echo hi     && false', line: 6, endLine: 7 });
  });

  it('tags from folder names', () => {
    assert.equal(tagFromFolder('/src/My Project_Dir!'), 'my-project_dir:latest');
    assert.equal(tagFromFolder('/src/web-app'), 'web-app:latest');
    assert.equal(tagFromFolder('/src/..a..b--c__d'), 'a-b-c__d:latest');
    assert.equal(tagFromFolder('/src/!!!'), 'image:latest');
    assert.equal(tagFromFolder('/src/app', 'dev'), 'app:dev');
  });

  it('.dockerignore: patterns, exceptions, and the Dockerfile always kept', () => {
    const f = contextFilter(
      '# comment\nnode_modules\n*.log\n!keep.log\nDockerfile\n.dockerignore\nsecret/\n',
      'Dockerfile',
    );
    assert.ok(f.ignores('node_modules/x.js', false));
    assert.ok(f.ignores('a.log', false));
    assert.ok(!f.ignores('keep.log', false));
    assert.ok(!f.ignores('Dockerfile', false), 'the CLI always sends the Dockerfile');
    assert.ok(!f.ignores('.dockerignore', false));
    assert.ok(!f.ignores('secret', true), 'with exceptions, directories are not pruned whole');
    assert.ok(f.ignores('secret/key', false));
    assert.ok(!contextFilter(undefined, 'Dockerfile').ignores('anything', false));
    assert.ok(
      contextFilter('node_modules\n', 'Dockerfile').ignores('node_modules', true),
      'without exceptions a directory is pruned whole',
    );
  });

  it('packContext: the tar holds what .dockerignore keeps, owned by root', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-ctx-'));
    try {
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.mkdirSync(path.join(dir, 'node_modules'));
      for (const f of ['Dockerfile', 'a.txt', 'b.log', 'sub/c.txt', 'sub/d.log', 'node_modules/x.js'])
        fs.writeFileSync(path.join(dir, f), f);
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n**/*.log\n');
      const entries = await listTar(packContext(dir, 'Dockerfile'));
      assert.deepEqual(
        entries
          .map((e) => e.name)
          .filter((n) => n !== '.')
          .sort(),
        ['.dockerignore', 'Dockerfile', 'a.txt', 'sub', 'sub/c.txt'],
      );
      assert.ok(entries.every((e) => e.uid === 0 && e.gid === 0));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Names and owners in a tar stream (ustar headers, 512-byte blocks). */
async function listTar(stream: NodeJS.ReadableStream): Promise<Array<{ name: string; uid: number; gid: number }>> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const buf = Buffer.concat(chunks);
  const out: Array<{ name: string; uid: number; gid: number }> = [];
  for (let off = 0; off + 512 <= buf.length;) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number): string => h.toString('utf8', a, a + n).replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    out.push({
      name: str(0, 100).replace(/\/$/, ''),
      uid: parseInt(str(108, 8).trim() || '0', 8),
      gid: parseInt(str(116, 8).trim() || '0', 8),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
