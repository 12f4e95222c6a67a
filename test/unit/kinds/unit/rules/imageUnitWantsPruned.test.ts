/**
 * Tests of SCT703 image-unit-wants-pruned: the Dockerfile enables this unit, then its prune
 * deletes the enablement link.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { memoryFs, only } from '../../../unitHelpers';
import { APP, DEBIAN_SYSTEMD, PRUNE, TAIL, df } from '../imageInputs';

before(() => initLinter());

describe('SCT703 image-unit-wants-pruned', () => {
  it('enabled before the prune: the link is deleted', () => {
    const files = {
      '/w/Dockerfile': df([
        ...DEBIAN_SYSTEMD,
        'COPY app.service /etc/systemd/system/',
        'RUN systemctl enable app',
        ...PRUNE,
        ...TAIL,
      ]),
      '/w/app.service': APP,
    };
    const [f] = only('/w/app.service', APP, 'image-unit-wants-pruned', memoryFs(files));
    assert.equal(f.ruleId, 'SCT703');
    assert.deepEqual(f.range, { start: { line: 7, character: 9 }, end: { line: 7, character: 26 } });
    assert.match(
      f.message,
      /Dockerfile enables app.service \(line 5\) and later removes \/etc\/systemd\/system\/multi-user.target.wants\/app.service \(line 6/,
    );
  });

  it('enabled after the prune, in the same RUN after the rm, or by ln -s after it: fine', () => {
    const after = {
      '/w/Dockerfile': df([
        ...DEBIAN_SYSTEMD,
        ...PRUNE,
        'COPY app.service /etc/systemd/system/',
        'RUN systemctl enable app.service',
        ...TAIL,
      ]),
      '/w/app.service': APP,
    };
    assert.deepEqual(only('/w/app.service', APP, 'image-unit-wants-pruned', memoryFs(after)), []);
    const sameRun = {
      '/w/Dockerfile': df([
        ...DEBIAN_SYSTEMD,
        'COPY app.service /etc/systemd/system/',
        'RUN rm -f /etc/systemd/system/*.wants/* && systemctl enable app',
        ...TAIL,
      ]),
      '/w/app.service': APP,
    };
    assert.deepEqual(only('/w/app.service', APP, 'image-unit-wants-pruned', memoryFs(sameRun)), []);
    const link = {
      '/w/Dockerfile': df([
        ...DEBIAN_SYSTEMD,
        ...PRUNE,
        'COPY app.service /etc/systemd/system/',
        'RUN ln -s /etc/systemd/system/app.service /etc/systemd/system/multi-user.target.wants/app.service',
        ...TAIL,
      ]),
      '/w/app.service': APP,
    };
    assert.deepEqual(only('/w/app.service', APP, 'image-unit-wants-pruned', memoryFs(link)), []);
  });

  it('same RUN, enable then rm: reported; no Dockerfile or no file access: silent', () => {
    const bad = {
      '/w/Dockerfile': df([
        ...DEBIAN_SYSTEMD,
        'COPY app.service /etc/systemd/system/',
        'RUN systemctl enable app && rm -f /etc/systemd/system/*.wants/*',
        ...TAIL,
      ]),
      '/w/app.service': APP,
    };
    assert.equal(only('/w/app.service', APP, 'image-unit-wants-pruned', memoryFs(bad)).length, 1);
    assert.deepEqual(only('/w/app.service', APP, 'image-unit-wants-pruned'), []);
    assert.deepEqual(only('/w/app.service', APP, 'image-unit-wants-pruned', memoryFs({ '/w/app.service': APP })), []);
  });
});
