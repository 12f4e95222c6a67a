/** freeContainerName on the real engine: a name in use by any container, running or not, is skipped. */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { freeContainerName } from '../../shared/engine/containerNames';
import { RUN_ID, engineSuite, removeCreated, testLabels } from './helpers';

const engine = engineSuite();

describe('containerNames.ts on the engine', () => {
  const created: string[] = [];
  after(async () => removeCreated(engine.get().docker, created));

  it('the base name while free, then -2, -3 … past containers that hold them (created, never started)', async () => {
    const { docker } = engine.get();
    const base = `sct-name-${RUN_ID}`;
    assert.equal(await freeContainerName(docker, base), base);
    for (const name of [base, `${base}-2`]) {
      const c = await docker.createContainer({ Image: 'sct/debian:bookworm', name, Labels: testLabels });
      created.push(c.id);
    }
    assert.equal(await freeContainerName(docker, base), `${base}-3`);
  });
});
