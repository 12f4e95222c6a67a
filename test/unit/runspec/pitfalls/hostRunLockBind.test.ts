/** Tests of hostRunLockBind.ts. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../server/src/lint';
import { names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';

before(() => initLinter());

describe('host-run-lock-bind in compose files', () => {
  it('host-run-lock-bind: host /run/lock or /run bound; other /run paths are not', () => {
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    volumes: [/run/lock:/run/lock]'])).includes(
        'compose-host-run-lock-bind',
      ),
    );
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    volumes: [/var/run:/run]'])).includes(
        'compose-host-run-lock-bind',
      ),
    );
    assert.ok(
      !names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    volumes: [/var/run/docker.sock:/var/run/docker.sock]',
        ]),
      ).includes('compose-host-run-lock-bind'),
    );
  });
});
