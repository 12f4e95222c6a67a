/**
 * Units inside images (SCT701-703): unit files that a Dockerfile in the same folder (or one above
 * that COPYs them) puts into an image running systemd. The workspace is in memory.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter } from '../../server/src/lint';
import { applyFixClean, memoryFs, only, unit } from './unitHelpers';
import { copyTakes, imagesForUnit } from '../../server/src/kinds/unit/workspace';

before(() => initLinter());

const df = (lines: string[]) => lines.join('\n') + '\n';
const DEBIAN_SYSTEMD = [
  'FROM debian:bookworm',
  'ENV container=docker',
  'RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv && rm -rf ' +
    '/var/lib/apt/lists/*',
];
const PRUNE = [
  'RUN rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* \\',
  '    /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev*',
];
const TAIL = ['STOPSIGNAL SIGRTMIN+3', 'CMD ["/lib/systemd/systemd"]'];
const APP = unit([
  '[Unit]',
  'Description=App',
  '',
  '[Service]',
  'ExecStart=/usr/local/bin/app',
  '',
  '[Install]',
  'WantedBy=multi-user.target',
]);

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

describe('SCT702 image-unit-skipped-in-container', () => {
  it('ConditionVirtualization=!container is explained (info); AssertVirtualization= is a warning', () => {
    const text = unit([
      '[Unit]',
      'ConditionVirtualization=!container',
      'AssertVirtualization=vm',
      '[Service]',
      'ExecStart=/usr/sbin/chronyd',
    ]);
    const fs = memoryFs({ '/w/Dockerfile': df([...DEBIAN_SYSTEMD, ...PRUNE, ...TAIL]), '/w/chrony.service': text });
    const found = only('/w/chrony.service', text, 'image-unit-skipped-in-container', fs);
    assert.deepEqual(
      found.map((f) => f.severity),
      ['info', 'warning'],
    );
    assert.match(found[0].message, /always skipped/);
    const fine = unit(['[Unit]', 'ConditionVirtualization=container', '[Service]', 'ExecStart=/bin/true']);
    assert.deepEqual(only('/w/chrony.service', fine, 'image-unit-skipped-in-container', fs), []);
  });
});
