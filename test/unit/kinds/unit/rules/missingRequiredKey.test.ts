/** Tests of SCT407 missing-required-key: a key the file type requires is missing. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryFs, only, unit } from '../../../unitHelpers';
import { SVC, base } from '../serviceInputs';

describe('SCT407 missing-required-key', () => {
  it('a non-oneshot service without ExecStart=', () => {
    const [f] = only(SVC, base(['Type=notify']), 'missing-required-key');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /no ExecStart=, so systemd cannot load it/);
    assert.match(f.detail ?? '', /Unless Type= is oneshot, exactly one command must be given/);
    assert.match(
      only(SVC, base(['Restart=always']), 'missing-required-key')[0].message,
      /neither ExecStart= nor ExecStop=/,
    );
    assert.deepEqual(
      only(SVC, base(['Type=oneshot', 'RemainAfterExit=yes', 'ExecStop=/bin/cleanup']), 'missing-required-key'),
      [],
    );
    assert.deepEqual(
      only('/w/web.service.d/x.conf', unit(['[Service]', 'Type=notify']), 'missing-required-key'),
      [],
      'drop-ins only add',
    );
  });

  it('Quadlet: Image= (or Rootfs=), Yaml=, ImageTag= + File=, Driver=image + Image=', () => {
    assert.match(
      only('/w/a.container', unit(['[Container]', 'Exec=sleep 1']), 'missing-required-key')[0].message,
      /needs Image=/,
    );
    assert.deepEqual(only('/w/a.container', unit(['[Container]', 'Rootfs=/srv/root']), 'missing-required-key'), []);
    assert.match(only('/w/a.kube', unit(['[Kube]', 'Network=host']), 'missing-required-key')[0].message, /Yaml=/);
    assert.equal(only('/w/a.build', unit(['[Build]', 'Pull=never']), 'missing-required-key').length, 2);
    assert.deepEqual(
      only('/w/a.build', unit(['[Build]', 'ImageTag=localhost/a', 'File=Containerfile']), 'missing-required-key'),
      [],
    );
    assert.equal(only('/w/a.volume', unit(['[Volume]', 'Driver=image']), 'missing-required-key').length, 1);
  });

  it('a drop-in that sets Image= satisfies the .container when the folder can be read', () => {
    const files = {
      '/w/a.container': unit(['[Container]', 'Exec=sleep 1']),
      '/w/a.container.d/10-image.conf': unit(['[Container]', 'Image=quay.io/centos/centos']),
    };
    assert.deepEqual(only('/w/a.container', files['/w/a.container'], 'missing-required-key', memoryFs(files)), []);
  });
});
