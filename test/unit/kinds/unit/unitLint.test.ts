/**
 * The directive checks on unit files as a whole: clean files of each type stay clean, files that
 * are not unit files are not linted, pragmas and config. Each rule's tests are in rules/<rule>.test.ts.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SVC, base } from './serviceInputs';
import { lint, names, only, unit } from '../../unitHelpers';

describe('clean files stay clean', () => {
  it('a plain service, timer, socket, mount and a drop-in have no findings', () => {
    assert.deepEqual(
      names(
        SVC,
        base([
          'Type=notify',
          'ExecStart=/usr/bin/web --port 80',
          'Restart=on-failure',
          'RestartSec=5s',
          'TimeoutStopSec=1min 30s',
          'MemoryMax=512M',
          'ProtectSystem=strict',
          'PrivateTmp=yes',
          'Delegate=cpu memory',
          'RestrictNamespaces=net ipc',
        ]),
      ),
      [],
    );
    assert.deepEqual(
      names(
        '/w/backup.timer',
        unit([
          '[Unit]',
          'Description=Nightly',
          '[Timer]',
          'OnCalendar=*-*-* 03:00:00',
          'RandomizedDelaySec=15m',
          'Persistent=true',
          '[Install]',
          'WantedBy=timers.target',
        ]),
      ),
      [],
    );
    assert.deepEqual(
      names(
        '/w/web.socket',
        unit([
          '[Socket]',
          'ListenStream=8080',
          'Accept=no',
          'ReceiveBuffer=4M',
          '[Install]',
          'WantedBy=sockets.target',
        ]),
      ),
      [],
    );
    assert.deepEqual(
      names('/w/srv-data.mount', unit(['[Mount]', 'What=/dev/sdb1', 'Where=/srv/data', 'Type=ext4', 'TimeoutSec=20'])),
      [],
    );
    assert.deepEqual(
      names(
        '/w/docker.service.d/override.conf',
        unit(['[Service]', 'ExecStart=', 'ExecStart=/usr/bin/dockerd -H fd://']),
      ),
      [],
    );
    assert.deepEqual(
      names(
        '/w/x.service',
        unit(['[Unit]', 'X-Vendor=1', '[X-Custom]', 'Anything=goes', '[Service]', 'ExecStart=/bin/true', 'X-Foo=bar']),
      ),
      [],
    );
  });

  it('files that are not unit files are not linted', () => {
    assert.deepEqual(lint('/w/notes.txt', '[Servce]\nfoo\n'), []);
    assert.deepEqual(lint('/w/x.service', '[Service]\0'), []);
  });
});

describe('pragmas and config', () => {
  it('# systemd-lint ignore= above an entry, global ignore, config ignore', () => {
    const text = base([
      'ExecStart=/usr/bin/web',
      '# systemd-lint ignore=unknown-key',
      'VendorThing=1',
      'Restrat=always',
    ]);
    assert.deepEqual(
      only(SVC, text, 'unknown-key').map((f) => f.range.start.line),
      [7],
    );
    assert.deepEqual(only(SVC, `# systemd-lint global ignore=SCT402\n${text}`, 'unknown-key'), []);
    const f = only(SVC, text, 'unknown-key')[0];
    assert.equal(f.pragmaLine, 7);
  });
});
