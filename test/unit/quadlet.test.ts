/** Quadlet rules (SCT501-507): each check positive and negative, each fix applied and re-linted. */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter } from '../../server/src/lint';
import { applyFixClean, memoryFs, names, only, unit } from './unitHelpers';
import { triggersSystemdMode } from '../../server/src/kinds/quadlet/rules/quadletSystemdImageWithoutSystemdMode';

before(() => initLinter());

const C = '/w/web.container';
const container = (lines: string[], extra: string[] = []) =>
  unit([
    '[Unit]',
    'Description=Web',
    '',
    '[Container]',
    'Image=quay.io/fedora/fedora:41',
    ...lines,
    '',
    '[Service]',
    'Restart=always',
    ...extra,
    '',
    '[Install]',
    'WantedBy=default.target',
  ]);

describe('a clean .container', () => {
  it('has no findings', () => {
    assert.deepEqual(
      names(
        C,
        container([
          'PublishPort=8080:80',
          'Volume=web-data.volume:/data:Z',
          'AddCapability=CAP_NET_ADMIN',
          'PodmanArgs=--cpus=2',
        ]),
      ),
      [],
    );
  });
});

describe('SCT501 quadlet-privileged', () => {
  it('finds --privileged among other PodmanArgs and removes just it', () => {
    const text = container(['PodmanArgs=--privileged --sig-proxy=false']);
    const [f] = only(C, text, 'quadlet-privileged');
    assert.equal(f.ruleId, 'SCT501');
    assert.deepEqual(f.range, { start: { line: 5, character: 11 }, end: { line: 5, character: 23 } });
    assert.equal(f.fixes[0].preferred, undefined);
    const fixed = applyFixClean(C, text, f);
    assert.match(fixed, /\nPodmanArgs=--sig-proxy=false\n/);
    // alone on its line, the whole line goes
    const alone = container(['PodmanArgs=--privileged=true']);
    assert.doesNotMatch(applyFixClean(C, alone, only(C, alone, 'quadlet-privileged')[0]), /PodmanArgs/);
    assert.deepEqual(only(C, container(['PodmanArgs=--privileged=false']), 'quadlet-privileged'), []);
    assert.deepEqual(only(C, container(['AddCapability=CAP_SYS_ADMIN']), 'quadlet-privileged'), []);
  });
});

describe('SCT502 quadlet-cgroup-bind-mount', () => {
  it('Volume=, Mount= and PodmanArgs -v of /sys/fs/cgroup', () => {
    const text = container([
      'Volume=/sys/fs/cgroup:/sys/fs/cgroup:ro',
      'Mount=type=bind,source=/sys/fs/cgroup,destination=/sys/fs/cgroup,ro=true',
      'PodmanArgs=-v /sys/fs/cgroup:/sys/fs/cgroup',
    ]);
    const found = only(C, text, 'quadlet-cgroup-bind-mount');
    assert.equal(found.length, 3);
    applyFixClean(C, text, found[0]);
    applyFixClean(C, text, found[1]);
    assert.deepEqual(found[2].fixes, []);
    assert.deepEqual(
      only(
        C,
        container(['Mount=type=tmpfs,destination=/sys/fs/cgroup/x', 'Volume=cg.volume:/sys/fs/cgroup']),
        'quadlet-cgroup-bind-mount',
      ),
      [],
    );
  });
});

describe('SCT503 quadlet-engine-socket-mount', () => {
  it('docker and podman sockets, rootful and rootless, :ro or not', () => {
    const text = container([
      'Volume=/run/podman/podman.sock:/var/run/docker.sock:ro,z',
      'Volume=%t/podman/podman.sock:/var/run/docker.sock:ro',
      'Mount=type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock',
    ]);
    const found = only(C, text, 'quadlet-engine-socket-mount');
    assert.equal(found.length, 3);
    assert.match(
      found[0].message,
      /API socket: the container can start privileged containers through it \(":ro" does not help\)/,
    );
    assert.match(found[0].detail ?? '', /root on the host.*":ro" makes the socket file read-only, not the API/);
    assert.match(found[1].detail ?? '', /%t is \/run/);
    assert.deepEqual(only(C, container(['Volume=/run/app/app.sock:/run/app.sock']), 'quadlet-engine-socket-mount'), []);
  });
});

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

describe('SCT505 quadlet-ineffective-podman-args', () => {
  it('--init-path without --init / RunInit=', () => {
    const text = container(['PodmanArgs=--init-path /usr/sbin/init --pid host']);
    const [f] = only(C, text, 'quadlet-ineffective-podman-args');
    assert.match(f.message, /without --init it does nothing\./);
    assert.match(f.detail ?? '', /\/usr\/sbin\/init is not a container-init/);
    const fixed = applyFixClean(C, text, f);
    assert.match(fixed, /\nPodmanArgs=--pid host\n/);
    assert.deepEqual(
      only(
        C,
        container(['RunInit=true', 'PodmanArgs=--init-path /usr/libexec/podman/catatonit']),
        'quadlet-ineffective-podman-args',
      ),
      [],
    );
    assert.deepEqual(
      only(
        C,
        container(['PodmanArgs=--init --init-path=/usr/libexec/podman/catatonit']),
        'quadlet-ineffective-podman-args',
      ),
      [],
    );
  });

  it('--restart, and options Quadlet already passes (info)', () => {
    const text = container(['PodmanArgs=--restart=always --rm -d --replace']);
    const found = only(C, text, 'quadlet-ineffective-podman-args');
    assert.deepEqual(
      found.map((f) => f.severity),
      ['warning', 'info', 'info', 'info'],
    );
    for (const f of found) applyFixClean(C, text, f);
    assert.deepEqual(only(C, container(['PodmanArgs=-d'], ['Type=oneshot']), 'quadlet-ineffective-podman-args'), []);
  });
});

describe('SCT506 quadlet-rootless-system-target', () => {
  it('by path: WantedBy=multi-user.target in ~/.config/containers/systemd', () => {
    const path = '/home/me/.config/containers/systemd/web.container';
    const text = unit(['[Container]', 'Image=docker.io/library/nginx', '[Install]', 'WantedBy=multi-user.target']);
    const [f] = only(path, text, 'quadlet-rootless-system-target');
    assert.equal(f.severity, 'warning');
    const fixed = applyFixClean(path, text, f);
    assert.match(fixed, /WantedBy=default.target/);
    assert.deepEqual(only('/etc/containers/systemd/web.container', text, 'quadlet-rootless-system-target'), []);
  });

  it('by content (info): user-only paths, with default.target also listed', () => {
    const text = unit([
      '[Container]',
      'Image=docker.io/library/nginx',
      'Volume=/run/user/%U/podman/podman.sock:/run/podman/podman.sock',
      '[Install]',
      'WantedBy=multi-user.target default.target',
    ]);
    const [f] = only('/w/x.container', text, 'quadlet-rootless-system-target');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /default.target, also listed, does the job/);
    const fixed = applyFixClean('/w/x.container', text, f);
    assert.match(fixed, /\nWantedBy=default.target\n/);
  });
});

describe('SCT507 quadlet-unsupported-service-setting', () => {
  it('KillMode= and Type= the generator rejects', () => {
    const text = container([], ['KillMode=none', 'Type=forking']);
    const found = only(C, text, 'quadlet-unsupported-service-setting');
    assert.equal(found.length, 2);
    assert.equal(found[0].severity, 'error');
    for (const f of found) applyFixClean(C, text, f);
    assert.deepEqual(
      only(C, container([], ['KillMode=mixed', 'Type=oneshot']), 'quadlet-unsupported-service-setting'),
      [],
    );
  });
});
