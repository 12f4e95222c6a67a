/**
 * Tests of the devcontainer.json adapter of the run-configuration pitfalls (SCT251–SCT260): each
 * rule on its case, and every fix applied and re-linted with the layout kept; pragmas and config.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseJsonc } from '../../../../../server/src/kinds/devcontainer/jsonc';
import { devcontainerPitfallRules } from '../../../../../server/src/kinds/devcontainer/rules/pitfallAdapter';
import { initLinter, lintDevcontainer } from '../../../../../server/src/lint';
import { assertEachRuleFires, assertFixesClean, fixed, lines } from '../../../runspecHelpers';
import { CLEAN, names } from '../devcontainerInputs';

before(() => initLinter());

const BARE = lines(['{', '  "image": "jrei/systemd-debian:12",', '  "overrideCommand": false', '}']);

describe('devcontainer.json: the pitfall rules', () => {
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
    const texts = Object.fromEntries(
      Object.entries(cases).map(([rule, props]) => [
        rule,
        lines([
          '{',
          '  "image": "jrei/systemd-debian:12",',
          ...props.map((p) => `  ${p},`),
          '  "overrideCommand": false',
          '}',
        ]),
      ]),
    );
    assertEachRuleFires(names, texts, CLEAN, devcontainerPitfallRules);
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
