/**
 * Tests of SCT304 unit-missing-docker-dependency: uses the Docker CLI without Requires=/Wants= on
 * docker.service.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintUnitRunLines } from '../../../../../server/src/lint';
import { fixed, lines } from '../../../runspecHelpers';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-missing-docker-dependency', () => {
  it(
    'unit-missing-docker-dependency: Requires/Wants/BindsTo/Requisite on docker.service or docker.socket; After= ' +
      'alone is not enough',
    () => {
      const run = ['ExecStart=/usr/bin/docker run --rm nginx'];
      assert.ok(names(unit(run, ['After=docker.service'])).includes('unit-missing-docker-dependency'));
      assert.ok(names(unit(run, [])).includes('unit-missing-docker-dependency'));
      for (const dep of [
        'Requires=docker.service',
        'Wants=network-online.target docker.socket',
        'BindsTo=docker.service',
        'Requisite=docker.service',
      ])
        assert.ok(!names(unit(run, [dep])).includes('unit-missing-docker-dependency'), dep);
      assert.ok(
        !names(unit(['ExecStart=/usr/bin/podman run --rm nginx'], [])).includes('unit-missing-docker-dependency'),
      );
      assert.equal(
        fixed(lintUnitRunLines, unit(run, ['After=docker.service']), 'unit-missing-docker-dependency'),
        unit(run, ['After=docker.service', 'Requires=docker.service']),
      );
      assert.equal(
        fixed(lintUnitRunLines, unit(run, []), 'unit-missing-docker-dependency'),
        unit(run, ['Requires=docker.service', 'After=docker.service']),
      );
      const noUnit = lines(['[Service]', ...run]);
      assert.equal(
        fixed(lintUnitRunLines, noUnit, 'unit-missing-docker-dependency'),
        lines(['[Unit]', 'Requires=docker.service', 'After=docker.service', '', '[Service]', ...run]),
      );
    },
  );
});
