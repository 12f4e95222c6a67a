/**
 * The name "Run with systemd" gives a container: its image's, valid for the engine
 * (shared/engine/containerNames.ts).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { containerNameFor } from '../../shared/engine/containerNames';

describe('container names', () => {
  it("the image repository's last part, without tag or digest", () => {
    assert.equal(containerNameFor('web:latest'), 'web');
    assert.equal(containerNameFor('sct-test-vscode/engine:1234-abc'), 'engine');
    assert.equal(containerNameFor('registry.example.com:5000/team/My.App@sha256:0123'), 'my-app');
  });

  it('a name the engine would refuse (one character, no letter or digit first) becomes systemd-container', () => {
    assert.equal(containerNameFor('x:1'), 'systemd-container');
    assert.equal(containerNameFor('--'), 'systemd-container');
    assert.equal(containerNameFor('_db:2'), 'db');
  });
});
