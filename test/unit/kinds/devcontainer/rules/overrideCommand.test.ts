/**
 * Tests of SCT261 devcontainer-override-command: systemd image with overrideCommand: systemd never
 * starts.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintDevcontainer } from '../../../../../server/src/lint';
import { fixed, lines } from '../../../runspecHelpers';
import { names } from '../devcontainerInputs';

before(() => initLinter());

describe('devcontainer-override-command', () => {
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
});
