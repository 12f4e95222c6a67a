/**
 * Which images a unit goes into (kinds/unit/workspace.ts): the unit files a Dockerfile in the same
 * folder (or one above that COPYs them) puts into an image. The rules on such units (SCT701–703)
 * are tested in rules/. The workspace is in memory.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { copyTakes, imagesForUnit } from '../../../../server/src/kinds/unit/workspace';
import { initLinter } from '../../../../server/src/lint';
import { APP, DEBIAN_SYSTEMD, TAIL, df } from './imageInputs';
import { memoryFs } from '../../unitHelpers';

before(() => initLinter());

describe('which images a unit goes into', () => {
  it('same folder, or a COPY of the unit from an ancestor folder', () => {
    const files = {
      '/w/Dockerfile': df([...DEBIAN_SYSTEMD, 'COPY rootfs/ /', ...TAIL]),
      '/w/rootfs/etc/systemd/system/app.service': APP,
      '/w/other/x.service': APP,
    };
    const fs = memoryFs(files);
    assert.deepEqual(
      imagesForUnit('/w/rootfs/etc/systemd/system/app.service', fs).map((i) => [i.dockerfile.path, i.via.kind]),
      [['/w/Dockerfile', 'copy']],
    );
    assert.deepEqual(imagesForUnit('/w/other/x.service', fs), []);
    assert.equal(copyTakes('units/*.service', 'units/app.service'), true);
    assert.equal(copyTakes('.', 'a/b.service'), true);
    assert.equal(copyTakes('app.service', 'units/app.service'), false);
  });
});
