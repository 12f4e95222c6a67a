/**
 * Tests of SCT701 image-unit-device-dependency: a unit in a container image that requires a
 * .device unit (udev), which never appears there.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { applyFixClean, memoryFs, only, unit } from '../../../unitHelpers';
import { DEBIAN_SYSTEMD, PRUNE, TAIL, df } from '../imageInputs';

before(() => initLinter());

describe('SCT701 image-unit-device-dependency', () => {
  it('BindsTo=/Requires= a .device in a unit of a systemd image', () => {
    const text = unit([
      '[Unit]',
      'Description=Serial bridge',
      'BindsTo=dev-ttyUSB0.device',
      'After=dev-ttyUSB0.device network.target',
      '',
      '[Service]',
      'ExecStart=/usr/bin/ser2net -n',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
    ]);
    const files = {
      '/w/Dockerfile': df([
        ...DEBIAN_SYSTEMD,
        ...PRUNE,
        'COPY bridge.service /etc/systemd/system/',
        'RUN systemctl enable bridge',
        ...TAIL,
      ]),
      '/w/bridge.service': text,
    };
    const fs = memoryFs(files);
    const [f] = only('/w/bridge.service', text, 'image-unit-device-dependency', fs);
    assert.match(f.message, /udev does not run and no .device units exist/);
    applyFixClean('/w/bridge.service', text, f, 0, fs);
    // the same unit on a host (no Dockerfile beside it) is fine
    assert.deepEqual(only('/srv/units/bridge.service', text, 'image-unit-device-dependency', fs), []);
    // next to a Dockerfile that does not run systemd: not reported
    const plain = memoryFs({
      '/w/Dockerfile': df(['FROM nginx:1.27', 'COPY bridge.service /x/']),
      '/w/bridge.service': text,
    });
    assert.deepEqual(only('/w/bridge.service', text, 'image-unit-device-dependency', plain), []);
  });
});
