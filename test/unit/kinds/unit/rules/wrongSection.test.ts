/** Tests of SCT403 wrong-section: a key placed in the wrong section. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, names, only, unit } from '../../../unitHelpers';
import { SVC } from '../serviceInputs';

describe('SCT403 wrong-section', () => {
  it('moves a key to its section (existing or new)', () => {
    const text = unit([
      '[Unit]',
      'Description=x',
      'ExecStart=/usr/bin/x',
      '',
      '[Service]',
      'Type=simple',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
    ]);
    const [f] = only(SVC, text, 'wrong-section');
    assert.match(f.message, /ExecStart= belongs in \[Service\], not \[Unit\]/);
    const fixed = applyFixClean(SVC, text, f);
    assert.equal(
      fixed,
      unit([
        '[Unit]',
        'Description=x',
        '',
        '[Service]',
        'Type=simple',
        'ExecStart=/usr/bin/x',
        '',
        '[Install]',
        'WantedBy=multi-user.target',
      ]),
    );
    assert.deepEqual(names(SVC, fixed), []);
  });

  it('creates the section when missing, keeps continuation lines, and handles the last line', () => {
    const text = unit(['[Service]', 'ExecStart=/usr/bin/x \\', '    --flag', 'WantedBy=multi-user.target']);
    const [f] = only(SVC, text, 'wrong-section');
    const fixed = applyFixClean(SVC, text, f);
    assert.equal(
      fixed,
      unit(['[Service]', 'ExecStart=/usr/bin/x \\', '    --flag', '', '[Install]', 'WantedBy=multi-user.target']),
    );
  });

  it('a Quadlet key in [Service] and an nspawn key in the wrong section', () => {
    const q = unit(['[Container]', 'Image=docker.io/library/nginx', '[Service]', 'PublishPort=8080:80']);
    applyFixClean('/w/a.container', q, only('/w/a.container', q, 'wrong-section')[0]);
    const n = unit(['[Exec]', 'Boot=yes', 'Port=8080', '[Network]', 'VirtualEthernet=yes']);
    const fixed = applyFixClean(
      '/etc/systemd/nspawn/a.nspawn',
      n,
      only('/etc/systemd/nspawn/a.nspawn', n, 'wrong-section')[0],
    );
    assert.match(fixed, /\[Network\]\nVirtualEthernet=yes\nPort=8080\n$/);
  });
});
