/** Tests of SCT401 unknown-section: a section this file type does not have. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, names, only, unit } from '../../../unitHelpers';
import { SVC, base } from '../serviceInputs';

describe('SCT401 unknown-section', () => {
  it('reports a misspelt or foreign section and renames it', () => {
    const text = base(['ExecStart=/usr/bin/web'], ['', '[service]', 'Nice=5']);
    const [f] = only(SVC, text, 'unknown-section');
    assert.equal(f.ruleId, 'SCT401');
    assert.match(f.message, /\[service\] is not a section of service files.*did you mean \[Service\]/);
    assert.equal(f.fixes[0].preferred, true);
    const fixed = applyFixClean(SVC, text, f);
    assert.match(fixed, /\n\[Service\]\nNice=5\n$/);
    // keys inside an unknown section are not reported one by one
    assert.deepEqual(names(SVC, unit(['[Bogus]', 'Whatever=1', '[Service]', 'ExecStart=/bin/true'])), [
      'unknown-section',
    ]);
  });

  it("knows each file type's sections (Quadlet, nspawn)", () => {
    assert.deepEqual(names('/w/a.nspawn', unit(['[Exec]', 'Boot=yes', '[Network]', 'Private=yes'])), []);
    assert.deepEqual(names('/w/a.nspawn', unit(['[Service]', 'ExecStart=/bin/true'])), ['unknown-section']);
    assert.deepEqual(
      names(
        '/w/a.container',
        unit(['[Container]', 'Image=docker.io/library/nginx', '[Quadlet]', 'DefaultDependencies=false']),
      ),
      [],
    );
  });
});
