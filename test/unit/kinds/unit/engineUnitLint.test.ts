/**
 * Units that drive containers as a whole: a unit without container commands gets nothing; pragmas,
 * config and every fix of a unit with many findings. Each rule's tests are in engineCommandRules/.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintUnitRunLines } from '../../../../server/src/lint';
import { names, unit } from './engineUnitInputs';
import { assertFixesClean, lines } from '../../runspecHelpers';

before(() => initLinter());

describe('units that drive containers', () => {
  it('a unit without container commands gets nothing', () => {
    assert.deepEqual(names(unit(['ExecStart=/usr/bin/sleep infinity', 'KillMode=none'])), []);
  });
});

describe('unit pragmas, config and every fix', () => {
  it('# and ; pragmas above the Exec line', () => {
    const text = unit([
      '# systemd-lint ignore=unit-docker-cli-in-execstart',
      'ExecStart=/usr/bin/docker run --rm nginx',
    ]);
    assert.deepEqual(names(text), []);
    const semi = unit(['; systemd-lint ignore=SCT301', 'ExecStart=/usr/bin/docker run --rm nginx']);
    assert.deepEqual(names(semi), []);
  });
  it('all fixes of a unit with many findings re-lint clean', () => {
    const text = lines([
      '[Unit]',
      'After=docker.service',
      '',
      '[Service]',
      'Restart=always',
      'KillMode=none',
      'ExecStartPre=/usr/bin/docker-compose down -v',
      'ExecStart=/usr/bin/docker run -dt --restart=always --name web \\',
      '        -v /sys/fs/cgroup:/sys/fs/cgroup:ro \\',
      '        jrei/systemd-debian:12',
      'ExecStop=/usr/bin/docker stop web',
    ]);
    const results = assertFixesClean(lintUnitRunLines, text);
    assert.ok(results.size >= 9, [...results.keys()].join('\n'));
  });
});
