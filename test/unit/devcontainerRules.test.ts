/**
 * devcontainer.json rules (SCT251–SCT261): when the container runs systemd (overrideCommand,
 * image, Dockerfile), each rule positive and negative, runArgs parsed as docker run options,
 * JSONC comments, `//` pragmas, and every fix applied and re-linted with the layout kept.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter, lintDevcontainer } from '../../server/src/lint';
import { parseDevcontainer } from '../../server/src/kinds/devcontainer/model';
import { devcontainerRules } from '../../server/src/kinds/devcontainer/rules';
import { assertFixesClean, fixed, lines, ruleNames } from './runspecHelpers';
import { parseJsonc } from '../../server/src/kinds/devcontainer/jsonc';

before(() => initLinter());

const names = (text: string, opts = {}) => ruleNames(lintDevcontainer, text, opts);

const CLEAN = lines([
  '{',
  '  // a systemd dev container',
  '  "image": "jrei/systemd-debian:12",',
  '  "overrideCommand": false,',
  '  "runArgs": ["--tmpfs=/run", "--tmpfs", "/run/lock", "--cgroupns=host", "--stop-signal=SIGRTMIN+3"],',
  '  "mounts": ["source=/sys/fs/cgroup,target=/sys/fs/cgroup,type=bind"],',
  '  "containerEnv": { "container": "docker" },',
  '}',
]);

const BARE = lines(['{', '  "image": "jrei/systemd-debian:12",', '  "overrideCommand": false', '}']);

describe('devcontainer.json', () => {
  it('a complete systemd devcontainer is clean; comments and trailing commas are fine', () => {
    assert.deepEqual(names(CLEAN), []);
  });
  it('runArgs are docker run options; mounts as strings and objects; containerEnv', () => {
    const d = parseDevcontainer(
      lines([
        '{',
        '  "image": "x",',
        '  "runArgs": ["-v", "/a:/b:ro", "--privileged", "-e", "A=1"],',
        '  "mounts": [{"source": "/c", "target": "/d", "type": "bind"}, "type=tmpfs,target=/run"],',
        '  "containerEnv": {"B": "2"}',
        '}',
      ]),
    );
    assert.deepEqual(
      d.spec.mounts.map((m) => [m.kind, m.source ?? null, m.target, m.readOnly]),
      [
        ['bind', '/a', '/b', true],
        ['bind', '/c', '/d', false],
        ['tmpfs', null, '/run', false],
      ],
    );
    assert.equal(d.spec.privileged?.value, true);
    assert.deepEqual(
      d.spec.env.map((e) => e.name),
      ['A', 'B'],
    );
  });
  it('overrideCommand (default true) replaces the command: only devcontainer-override-command is reported', () => {
    const text = lines(['{', '  "image": "jrei/systemd-debian:12"', '}']);
    assert.deepEqual(names(text), ['devcontainer-override-command']);
    assert.deepEqual(names(lines(['{', '  "image": "jrei/systemd-debian:12",', '  "overrideCommand": true', '}'])), [
      'devcontainer-override-command',
    ]);
    assert.deepEqual(
      names(lines(['{', '  "image": "mcr.microsoft.com/devcontainers/base:debian"', '}'])),
      [],
      'not a systemd image',
    );
    assert.deepEqual(
      names(lines(['{', '  "dockerComposeFile": "compose.yaml",', '  "service": "app"', '}'])),
      [],
      'the compose file describes it',
    );
    const out = fixed(lintDevcontainer, text, 'devcontainer-override-command');
    assert.equal(out, lines(['{', '  "image": "jrei/systemd-debian:12",', '  "overrideCommand": false', '}']));
  });
  it('a Dockerfile next to devcontainer.json (build.dockerfile is relative to it)', () => {
    const dockerfile = [
      'FROM debian:12',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'CMD ["/lib/systemd/systemd"]',
      '',
    ].join('\n');
    const text = lines([
      '{',
      '  "build": { "dockerfile": "Dockerfile", "context": ".." },',
      '  "overrideCommand": false',
      '}',
    ]);
    const opts = {
      path: '/ws/.devcontainer/devcontainer.json',
      readFile: (f: string) => (f === '/ws/.devcontainer/Dockerfile' ? dockerfile : undefined),
    };
    assert.deepEqual(names(text, opts).sort(), [
      'devcontainer-missing-cgroup',
      'devcontainer-missing-container-env',
      'devcontainer-missing-stop-signal',
      'devcontainer-missing-tmpfs',
    ]);
    assert.deepEqual(names(text, { path: opts.path, readFile: () => undefined }), [], 'unreadable Dockerfile: unknown');
  });
  it('each pitfall rule fires on its case', () => {
    const cases: Record<string, string[]> = {
      'devcontainer-missing-tmpfs': [],
      'devcontainer-missing-cgroup': [],
      'devcontainer-privileged': ['"privileged": true'],
      'devcontainer-cgroup-ro-mount': ['"runArgs": ["-v", "/sys/fs/cgroup:/sys/fs/cgroup:ro"]'],
      'devcontainer-cgroup-rw-without-cgroupns-host': [
        '"mounts": ["source=/sys/fs/cgroup,target=/sys/fs/cgroup,type=bind"]',
      ],
      'devcontainer-cgroup-v1-path-mount': [
        '"mounts": ["source=/sys/fs/cgroup/systemd,target=/sys/fs/cgroup/systemd,type=bind"]',
      ],
      'devcontainer-missing-stop-signal': ['"runArgs": ["--stop-signal", "SIGTERM"]'],
      'devcontainer-missing-container-env': [],
      'devcontainer-host-run-lock-bind': ['"mounts": ["source=/run/lock,target=/run/lock,type=bind"]'],
      'devcontainer-host-network-systemd': ['"runArgs": ["--network=host"]'],
    };
    for (const [rule, props] of Object.entries(cases)) {
      const text = lines([
        '{',
        '  "image": "jrei/systemd-debian:12",',
        ...props.map((p) => `  ${p},`),
        '  "overrideCommand": false',
        '}',
      ]);
      assert.ok(names(text).includes(rule), `${rule}: ${names(text)}`);
      assert.ok(!names(CLEAN).includes(rule));
    }
    const covered = new Set([...Object.keys(cases), 'devcontainer-override-command']);
    for (const r of devcontainerRules) assert.ok(covered.has(r.meta.name), r.meta.name);
  });
});

describe('devcontainer.json fixes', () => {
  it('every fix re-lints clean', () => {
    const text = lines([
      '{',
      '  // comment',
      '  "image": "jrei/systemd-debian:12",',
      '  "privileged": true,',
      '  "runArgs": [',
      '    "--network=host",',
      '    "-v", "/sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd",',
      '    "--stop-signal=SIGTERM"',
      '  ],',
      '  "mounts": ["source=/run/lock,target=/run/lock,type=bind"],',
      '  "overrideCommand": false,',
      '}',
    ]);
    const results = assertFixesClean(lintDevcontainer, text);
    assert.ok(results.size >= 6);
    for (const t of results.values()) assert.equal(parseJsonc(t) !== undefined, true);
    const ro = lines([
      '{',
      '  "image": "jrei/systemd-debian:12",',
      '  "overrideCommand": false,',
      '  "runArgs": ["--volume=/sys/fs/cgroup:/sys/fs/cgroup:ro"],',
      '  "mounts": ["type=bind,source=/sys/fs/cgroup,target=/sys/fs/cgroup,readonly"]',
      '}',
    ]);
    assertFixesClean(lintDevcontainer, ro);
  });
  it(
    'layout: one-line arrays stay on one line, multi-line arrays get a line per value, new properties after the ' +
      'last one',
    () => {
      assert.equal(
        fixed(lintDevcontainer, BARE, 'devcontainer-missing-tmpfs'),
        lines([
          '{',
          '  "image": "jrei/systemd-debian:12",',
          '  "overrideCommand": false,',
          '  "runArgs": ["--tmpfs=/run", "--tmpfs=/run/lock"]',
          '}',
        ]),
      );
      const multi = lines([
        '{',
        '  "image": "jrei/systemd-debian:12",',
        '  "runArgs": [',
        '    "--init=false"',
        '  ],',
        '  "overrideCommand": false,',
        '}',
      ]);
      assert.equal(
        fixed(lintDevcontainer, multi, 'devcontainer-missing-tmpfs'),
        lines([
          '{',
          '  "image": "jrei/systemd-debian:12",',
          '  "runArgs": [',
          '    "--init=false",',
          '    "--tmpfs=/run",',
          '    "--tmpfs=/run/lock"',
          '  ],',
          '  "overrideCommand": false,',
          '}',
        ]),
      );
      assert.equal(
        fixed(lintDevcontainer, BARE, 'devcontainer-missing-container-env'),
        lines([
          '{',
          '  "image": "jrei/systemd-debian:12",',
          '  "overrideCommand": false,',
          '  "containerEnv": {',
          '    "container": "docker"',
          '  }',
          '}',
        ]),
      );
    },
  );
  it('// pragmas and config', () => {
    const text = lines([
      '{',
      '  // systemd-lint ignore=devcontainer-privileged',
      '  "privileged": true,',
      '  "image": "jrei/systemd-debian:12",',
      '  "overrideCommand": false',
      '}',
    ]);
    assert.ok(!names(text).includes('devcontainer-privileged'));
    const global = '// systemd-lint global ignore=SCT251\n' + BARE;
    assert.ok(!names(global).includes('devcontainer-missing-tmpfs'));
    assert.ok(
      !names(BARE, { config: { ignore: ['devcontainer-missing-cgroup'] } }).includes('devcontainer-missing-cgroup'),
    );
  });
  it('broken JSON gives what can be read, no crash', () => {
    assert.doesNotThrow(() =>
      lintDevcontainer('{ "image": "jrei/systemd-debian:12", "overrideCommand": false, "runArgs": [ '),
    );
    assert.deepEqual(names('not json'), []);
  });
});
