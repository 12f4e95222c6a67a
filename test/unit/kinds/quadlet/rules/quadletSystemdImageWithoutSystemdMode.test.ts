/** Tests of SCT504 quadlet-systemd-image-without-systemd-mode. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { triggersSystemdMode } from '../../../../../server/src/kinds/quadlet/rules/quadletSystemdImageWithoutSystemdMode';
import { initLinter } from '../../../../../server/src/lint';
import { applyFixClean, memoryFs, only, unit } from '../../../unitHelpers';
import { C, container } from '../quadletInputs';

before(() => initLinter());

describe('SCT504 quadlet-systemd-image-without-systemd-mode', () => {
  it("podman-run(1)'s list of commands that switch systemd mode on", () => {
    for (const c of [
      '/sbin/init',
      '/usr/sbin/init',
      '/usr/local/sbin/init',
      'systemd',
      '/lib/systemd/systemd',
      '/usr/lib/systemd/systemd',
    ])
      assert.ok(triggersSystemdMode(c), c);
    for (const c of ['/entrypoint.sh', '/bin/sh', 'init', undefined]) assert.ok(!triggersSystemdMode(c), String(c));
  });

  it('a wrapper entrypoint in front of init; the fix adds --systemd=always', () => {
    const text = container(['Entrypoint=/usr/local/bin/start.sh', 'Exec=/sbin/init']);
    const [f] = only(C, text, 'quadlet-systemd-image-without-systemd-mode');
    assert.match(f.message, /the command Podman sees is "\/usr\/local\/bin\/start.sh"/);
    const fixed = applyFixClean(C, text, f);
    assert.match(fixed, /PodmanArgs=--systemd=always/);
  });

  it('a shell starting init; --systemd=false; fine with Exec=/sbin/init or no systemd at all', () => {
    assert.equal(
      only(C, container(['Exec=/bin/sh -c "setup && exec /sbin/init"']), 'quadlet-systemd-image-without-systemd-mode')
        .length,
      1,
    );
    const off = only(
      C,
      container(['Exec=/sbin/init', 'PodmanArgs=--systemd=false']),
      'quadlet-systemd-image-without-systemd-mode',
    );
    assert.match(off[0].message, /--systemd=false/);
    assert.deepEqual(only(C, container(['Exec=/sbin/init']), 'quadlet-systemd-image-without-systemd-mode'), []);
    assert.deepEqual(only(C, container(['Exec=sleep infinity']), 'quadlet-systemd-image-without-systemd-mode'), []);
  });

  it('the image built by a .build file starts systemd through an entrypoint script', () => {
    const files: Record<string, string> = {
      '/w/web.container': unit(['[Container]', 'Image=web.build']),
      '/w/web.build': unit(['[Build]', 'ImageTag=localhost/web', 'File=Containerfile', 'SetWorkingDirectory=unit']),
      '/w/Containerfile': [
        'FROM debian:bookworm',
        'RUN apt-get update && apt-get install -y systemd systemd-sysv',
        'COPY start.sh /start.sh',
        'ENTRYPOINT ["/start.sh"]',
        'CMD ["/sbin/init"]',
        '',
      ].join('\n'),
    };
    const fs = memoryFs(files);
    const [f] = only('/w/web.container', files['/w/web.container'], 'quadlet-systemd-image-without-systemd-mode', fs);
    assert.match(f.message, /"\/start.sh"/);
    // Image= naming the tag finds the same .build; an image whose CMD is init directly is fine
    assert.equal(
      only(
        '/w/web.container',
        unit(['[Container]', 'Image=localhost/web']),
        'quadlet-systemd-image-without-systemd-mode',
        fs,
      ).length,
      1,
    );
    files['/w/Containerfile'] = [
      'FROM debian:bookworm',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'CMD ["/lib/systemd/systemd"]',
      '',
    ].join('\n');
    assert.deepEqual(
      only(
        '/w/web.container',
        files['/w/web.container'],
        'quadlet-systemd-image-without-systemd-mode',
        memoryFs(files),
      ),
      [],
    );
  });
});
