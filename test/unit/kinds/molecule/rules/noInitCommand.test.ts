/**
 * Tests of SCT811 molecule-no-init-command: a platform meant for systemd has no command, so
 * Molecule runs a sleep loop as PID 1.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lintMolecule } from '../../../../../server/src/kinds/molecule/lint';
import { initLinter } from '../../../../../server/src/lint';
import { applyEdits } from '../../../../../shared/text';
import { fixed, lines } from '../../../runspecHelpers';
import { NO_COMMAND, names } from '../moleculeInputs';

before(() => initLinter());

describe('molecule-no-init-command', () => {
  it('no command: Molecule runs its sleep loop as PID 1; the fix sets the init, or "" for a systemd image', () => {
    const found = lintMolecule(NO_COMMAND).filter((f) => f.ruleName === 'molecule-no-init-command');
    assert.equal(found.length, 2, found.map((f) => f.message).join('\n'));
    assert.match(found[0].message, /Platform "debian12".*sleep 10000/);
    const debian = fixed(lintMolecule, NO_COMMAND, 'molecule-no-init-command', {}, 0);
    assert.match(debian, /privileged: true\n {4}command: \/lib\/systemd\/systemd\n/);
    const ubuntu = found[1].fixes[0];
    assert.equal(ubuntu.title, 'Add command: ""');
    // Once systemd is PID 1 the table judges the platform (its tmpfs, stop signal …): only this rule must go.
    const initRule = (t: string) => names(t).filter((n) => n === 'molecule-no-init-command').length;
    for (const f of found) assert.equal(initRule(applyEdits(NO_COMMAND, f.fixes[0].edits)), 1, f.fixes[0].title);
    const kept = lines(['driver:', '  name: docker', 'platforms:', '  - name: x', '    image: debian:12']);
    assert.deepEqual(names(kept), [], 'a plain platform is not meant for systemd');
  });
});
