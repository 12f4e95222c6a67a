/**
 * Which files are Molecule scenarios: molecule/<scenario>/molecule.yml by path, elsewhere by
 * content.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { detectKind, documentKind } from '../../../../server/src/kinds/detect';
import { initLinter, lintFile } from '../../../../server/src/lint';
import { GEERLINGGUY_OLD } from './moleculeInputs';

before(() => initLinter());

describe('Molecule detection', () => {
  it('molecule/<scenario>/molecule.yml is certain; molecule.yml elsewhere by its content; editors by path', () => {
    const d = detectKind('roles/web/molecule/default/molecule.yml');
    assert.ok('lint' in d && d.lint === 'molecule', JSON.stringify(d));
    const elsewhere = detectKind('ci/molecule.yml', GEERLINGGUY_OLD);
    assert.ok('lint' in elsewhere && elsewhere.lint === 'molecule', JSON.stringify(elsewhere));
    const notMolecule = detectKind('ci/molecule.yml', 'key: value\n');
    assert.ok('skip' in notMolecule);
    assert.equal(documentKind('yaml', '/w/roles/web/molecule/default/molecule.yml', GEERLINGGUY_OLD), 'molecule');
    assert.equal(documentKind('yaml', '/w/compose.yaml', 'services:\n  a:\n    image: x\n'), 'compose');
    assert.ok(lintFile('molecule', GEERLINGGUY_OLD).length > 0);
  });
});
