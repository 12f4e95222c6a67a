/** A clean .container gets no finding; each Quadlet rule's tests are in rules/<rule>.test.ts. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../server/src/lint';
import { C, container } from './quadletInputs';
import { names } from '../../unitHelpers';

before(() => initLinter());

describe('a clean .container', () => {
  it('has no findings', () => {
    assert.deepEqual(
      names(
        C,
        container([
          'PublishPort=8080:80',
          'Volume=web-data.volume:/data:Z',
          'AddCapability=CAP_NET_ADMIN',
          'PodmanArgs=--cpus=2',
        ]),
      ),
      [],
    );
  });
});
