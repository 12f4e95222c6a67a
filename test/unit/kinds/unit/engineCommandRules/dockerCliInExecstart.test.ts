/**
 * Tests of SCT301 unit-docker-cli-in-execstart: ExecStart runs the Docker client: systemd
 * supervises the client, not the container.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-docker-cli-in-execstart', () => {
  it('unit-docker-cli-in-execstart: docker run/start and compose up in ExecStart, not podman, not Pre/Stop', () => {
    assert.deepEqual(names(unit(['ExecStart=/usr/bin/docker run --rm --name web nginx'])), [
      'unit-docker-cli-in-execstart',
    ]);
    assert.ok(names(unit(['ExecStart=/usr/bin/docker compose up'])).includes('unit-docker-cli-in-execstart'));
    assert.ok(names(unit(['ExecStart=/usr/bin/docker start -a web'])).includes('unit-docker-cli-in-execstart'));
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/podman run --rm --name web nginx'])).includes('unit-docker-cli-in-execstart'),
    );
    assert.ok(
      !names(unit(['ExecStartPre=-/usr/bin/docker pull nginx', 'ExecStart=/usr/bin/true'])).includes(
        'unit-docker-cli-in-execstart',
      ),
    );
  });
});
