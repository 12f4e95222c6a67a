/**
 * Tests of the run-configuration pitfall missing-container-env: systemd container without
 * container= in its environment.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../server/src/lint';
import { names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';

before(() => initLinter());

describe('missing-container-env in compose files', () => {
  it('missing-container-env: list or map environment; an env_file may set it', () => {
    assert.ok(
      !names(
        lines(['services:', '  sd:', '    image: x/systemd', '    environment:', '      - container=podman']),
      ).includes('compose-missing-container-env'),
    );
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    env_file: .env'])).includes(
        'compose-missing-container-env',
      ),
    );
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    environment:', '      A: b'])).includes(
        'compose-missing-container-env',
      ),
    );
  });
});
