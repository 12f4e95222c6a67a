/**
 * The directive checks on unit files (SCT401-409): each check positive and negative, each fix
 * applied and the file linted again (finding gone, nothing new).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFixClean, lint, memoryFs, names, only, unit } from './unitHelpers';
import { checkValue, isTimeSpan } from '../../server/src/kinds/unit/values';
import { lookupKey } from '../../server/src/kinds/unit/knowledge/directives';

const SVC = '/w/web.service';
const base = (service: string[], extra: string[] = []) =>
  unit([
    '[Unit]',
    'Description=Web',
    '',
    '[Service]',
    ...service,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    ...extra,
  ]);

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

describe('SCT402 unknown-key', () => {
  it('reports a typo with the nearest key as fix; case-only typos are preferred fixes', () => {
    const text = base(['ExecStart=/usr/bin/web', 'Restrat=always', 'execreload=/bin/kill -HUP $MAINPID']);
    const found = only(SVC, text, 'unknown-key');
    assert.deepEqual(
      found.map((f) => f.fixes[0].title),
      ['Rename to Restart=', 'Rename to ExecReload='],
    );
    assert.deepEqual(
      found.map((f) => f.fixes[0].preferred),
      [false, true],
    );
    assert.equal(found[0].severity, 'warning');
    let fixed = applyFixClean(SVC, text, found[0]);
    fixed = applyFixClean(SVC, fixed, only(SVC, fixed, 'unknown-key')[0]);
    assert.deepEqual(names(SVC, fixed), []);
  });

  it('a key far from every known key gets no rename; severity is configurable', () => {
    const text = base(['ExecStart=/usr/bin/web', 'VendorThing=1']);
    const [f] = only(SVC, text, 'unknown-key');
    assert.deepEqual(f.fixes, []);
    assert.match(
      f.message,
      /VendorThing= is not a key of \[Service\] in service files: systemd warns and ignores it \(unknown to systemd \d+\)\.$/,
    );
    assert.match(f.detail ?? '', /newer release or a vendor extension/);
    assert.equal(
      only(SVC, text, 'unknown-key', { config: { severity: { 'unknown-key': 'info' } } })[0].severity,
      'info',
    );
    assert.deepEqual(only(SVC, text, 'unknown-key', { config: { ignore: ['SCT402'] } }), []);
  });

  it("in Quadlet's own sections an unknown key is an error (the generator rejects the file)", () => {
    const text = unit([
      '[Container]',
      'Image=quay.io/fedora/fedora',
      'PublishPorts=8080:80',
      '[Service]',
      'Restart=always',
    ]);
    const [f] = only('/w/web.container', text, 'unknown-key');
    assert.equal(f.severity, 'error');
    assert.equal(f.fixes[0].title, 'Rename to PublishPort=');
    applyFixClean('/w/web.container', text, f);
  });
});

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

describe('SCT404 deprecated-key', () => {
  it('cgroup-v1 keys: same-format keys are renamed, shares/weights converted', () => {
    const text = base([
      'ExecStart=/usr/bin/web',
      'MemoryLimit=1G',
      'CPUShares=512',
      'BlockIOWeight=1000',
      'BlockIODeviceWeight=/dev/sda 250',
    ]);
    const titles = [
      'Replace with MemoryMax=1G',
      'Replace with CPUWeight=50',
      'Replace with IOWeight=200',
      'Replace with IODeviceWeight=/dev/sda 50',
    ];
    // systemd 262 ignores them all (removed), 257 still reads them and warns about MemoryLimit= and CPUShares=
    const at262 = only(SVC, text, 'deprecated-key', { systemdVersion: 262 });
    assert.deepEqual(
      at262.map((f) => f.fixes[0]?.title),
      titles,
    );
    assert.match(
      at262[0].message,
      /MemoryLimit= has no effect in systemd 262.*"Support for option MemoryLimit= has been removed and it is ignored"\); use MemoryMax=/,
    );
    const at257 = only(SVC, text, 'deprecated-key', { systemdVersion: 257 });
    assert.deepEqual(
      at257.map((f) => f.fixes[0]?.title),
      titles,
    );
    assert.match(
      at257[0].message,
      /MemoryLimit= is deprecated in systemd 257; use MemoryMax= \(systemd 257 says: "Unit uses MemoryLimit=; please use MemoryMax= instead/,
    );
    assert.match(
      at257[2].message,
      /cgroup-v1 setting.*fully deprecated; use IOWeight=/,
      'no warning from 257 itself: the man page says so',
    );
    for (const f of at262) applyFixClean(SVC, text, f, 0, { systemdVersion: 262 });
    for (const f of at257) applyFixClean(SVC, text, f, 0, { systemdVersion: 257 });
  });

  it('legacy names: aliases are accepted, moved keys are info, removed ones say what systemd says', () => {
    const text = unit([
      '[Unit]',
      'BindTo=dev.service',
      'StartLimitInterval=10',
      'RequiresOverridable=a.service',
      '',
      '[Service]',
      'ExecStart=/bin/x',
      'StartLimitBurst=3',
      'PermissionsStartOnly=true',
      'Capabilities=cap_net_raw+ep',
      'ReadWriteDirectories=/var/lib/x',
    ]);
    const found = only(SVC, text, 'deprecated-key');
    assert.deepEqual(
      found.map((f) => [f.range.start.line, f.severity, f.fixes[0]?.title]),
      [
        [3, 'warning', 'Rename to Requires='],
        [7, 'info', 'Move to [Unit] as StartLimitBurst='],
        [8, 'warning', undefined],
        [9, 'warning', 'Remove Capabilities= (it has no effect)'],
      ],
    );
    assert.match(found[0].message, /RequiresOverridable= is obsolete in systemd 262, which reads it as Requires=/);
    assert.match(found[2].message, /deprecated since systemd 240/);
    assert.match(
      found[3].message,
      /systemd 262 says: "Support for option Capabilities= has been removed and it is ignored"/,
    );
    for (const f of found.filter((x) => x.fixes.length)) applyFixClean(SVC, text, f);
    assert.deepEqual(only(SVC, text, 'unknown-key'), [], 'legacy keys are not unknown');
    assert.deepEqual(only(SVC, text, 'wrong-section'), [], 'a moved key is not in the wrong section');
  });
});

describe('SCT405 deprecated-value', () => {
  it('KillMode=none says what systemd.kill(5) and NEWS say, fixes offered but not preferred', () => {
    const text = base(['ExecStart=/usr/bin/web', 'KillMode=none']);
    const [f] = only(SVC, text, 'deprecated-value');
    assert.match(f.detail ?? '', /strongly recommended against/);
    assert.match(
      f.message,
      /^KillMode=none leaves the processes running when the unit stops, and systemd warns about it: use mixed or control-group\.$/,
    );
    assert.match(f.detail ?? '', /since systemd 246/);
    assert.match(f.detail ?? '', /does not call the value deprecated/);
    assert.deepEqual(
      f.fixes.map((x) => [x.title, !!x.preferred]),
      [
        ['Use KillMode=mixed', false],
        ['Use KillMode=control-group', false],
      ],
    );
    applyFixClean(SVC, text, f);
    assert.deepEqual(only(SVC, base(['ExecStart=/usr/bin/web', 'KillMode=mixed']), 'deprecated-value'), []);
    assert.deepEqual(only(SVC, text, 'invalid-value'), []);
  });

  it('IPMasquerade=yes in a networkd file', () => {
    const text = unit(['[Match]', 'Name=eth0', '[Network]', 'IPMasquerade=yes']);
    const [f] = only('/etc/systemd/network/10-eth.network', text, 'deprecated-value');
    assert.equal(f.fixes[0].title, 'Use IPMasquerade=ipv4');
    applyFixClean('/etc/systemd/network/10-eth.network', text, f);
  });
});

describe('SCT406 invalid-value', () => {
  it('booleans, enums, time spans, sizes, integers', () => {
    const text = base([
      'ExecStart=/usr/bin/web',
      'Restart=allways',
      'RemainAfterExit=maybe',
      'TimeoutStartSec=1 hour and a half',
      'MemoryMax=lots',
      'Nice=high',
    ]);
    const found = only(SVC, text, 'invalid-value');
    assert.deepEqual(
      found.map((f) => f.range.start.line),
      [5, 6, 7, 8, 9],
    );
    assert.match(found[0].message, /Restart= takes one of "no", "on-success".*"allways" is not one of them/);
    assert.match(found[2].message, /time span/);
    assert.ok(found[0].fixes.some((x) => x.title === 'Use Restart=always'));
    applyFixClean(
      SVC,
      text,
      found[0],
      found[0].fixes.findIndex((x) => x.title === 'Use Restart=always'),
    );
  });

  it('accepts the values the pages allow, specifiers and variables', () => {
    const ok = base([
      'ExecStart=/usr/bin/web',
      'Restart=always',
      'RemainAfterExit=Yes',
      'TimeoutStartSec=infinity',
      'TimeoutStopSec=90',
      'RestartSec=1min30s',
      'RuntimeMaxSec=1.5h',
      'MemoryMax=50%',
      'MemoryHigh=infinity',
      'ProtectHome=read-only',
      'PrivateUsers=self',
      'StandardOutput=file:/var/log/web.log',
      'User=%i',
      'Nice=-5',
      'Type=${TYPE}',
    ]);
    assert.deepEqual(only(SVC, ok, 'invalid-value'), []);
    assert.equal(isTimeSpan('2 h'), true);
    assert.equal(isTimeSpan('300ms20s 5day'), true);
    assert.equal(isTimeSpan('5 minutes'), true);
    assert.equal(isTimeSpan('5 mins'), false);
    assert.equal(checkValue(lookupKey('service', 'Service', 'Delegate')!, 'cpu memory'), undefined);
  });

  it('Quadlet booleans: podman reads anything but 1/yes/true/on as false', () => {
    const q = unit(['[Container]', 'Image=docker.io/library/nginx', 'ReadOnly=y', 'Notify=healthy', 'RunInit=TRUE']);
    const found = only('/w/a.container', q, 'invalid-value');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /"y" means false here/);
    applyFixClean('/w/a.container', q, found[0]);
  });
});

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

describe('SCT408 multiple-exec-start', () => {
  it('a drop-in overriding ExecStart= without the reset line', () => {
    const path = '/etc/systemd/system/docker.service.d/override.conf';
    const text = unit(['[Service]', 'ExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2375']);
    const [f] = only(path, text, 'multiple-exec-start');
    assert.match(f.message, /without first resetting/);
    const fixed = applyFixClean(path, text, f);
    assert.equal(
      fixed,
      unit(['[Service]', 'ExecStart=', 'ExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2375']),
    );
    assert.deepEqual(only(path, unit(['[Service]', 'Type=oneshot', 'ExecStart=/bin/a']), 'multiple-exec-start'), []);
  });

  it('two ExecStart= in a simple service; fine for oneshot', () => {
    assert.equal(only(SVC, base(['ExecStart=/bin/a', 'ExecStart=/bin/b']), 'multiple-exec-start').length, 1);
    assert.deepEqual(
      only(SVC, base(['Type=oneshot', 'ExecStart=/bin/a', 'ExecStart=/bin/b']), 'multiple-exec-start'),
      [],
    );
    assert.deepEqual(
      only(SVC, base(['ExecStart=/bin/a', 'ExecStart=', 'ExecStart=/bin/b']), 'multiple-exec-start'),
      [],
    );
  });
});

describe('SCT409 unit-syntax-error', () => {
  it('lines without "=", assignments before any section', () => {
    const text = unit(['Description=orphan', '[Service]', 'ExecStart=/bin/x', 'this is not an assignment']);
    assert.deepEqual(
      only(SVC, text, 'unit-syntax-error').map((f) => f.range.start.line),
      [0, 3],
    );
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
