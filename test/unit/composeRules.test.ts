/**
 * Compose rules (SCT201–SCT210): each rule on positive and negative services, when a service
 * "runs systemd" (command, Dockerfile in the workspace, image name, set-up signals; otherwise
 * silence), anchors/merge keys and extends, pragmas and config, and every fix applied and
 * re-linted, with the file's style kept (indentation, flow/block, quotes, line endings).
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { applyEdits } from '../../shared/text';
import { initLinter, lintCompose } from '../../server/src/lint';
import { composeRules } from '../../server/src/kinds/compose/rules';
import { fixAllEdits } from '../../server/src/core/fixes';
import { parseCompose } from '../../server/src/kinds/compose/model';
import { assertFixesClean, fixed, lines, ruleNames } from './runspecHelpers';

before(() => initLinter());

const names = (text: string, opts = {}) => ruleNames(lintCompose, text, opts);

const CLEAN = lines([
  'services:',
  '  sd:',
  '    image: jrei/systemd-debian:12',
  '    cgroup: host',
  '    tmpfs:',
  '      - /run',
  '      - /run/lock',
  '    volumes:',
  '      - /sys/fs/cgroup:/sys/fs/cgroup:rw',
  '    stop_signal: SIGRTMIN+3',
  '    environment:',
  '      container: docker',
]);

/** A systemd service missing everything (the command says it runs systemd). */
const BARE = lines(['services:', '  sd:', '    image: debian:12', '    command: /sbin/init']);

/** A workspace with files, for build contexts and extends. */
function workspace(files: Record<string, string>) {
  return { path: '/ws/compose.yaml', readFile: (f: string) => files[f] };
}

const SYSTEMD_DOCKERFILE = [
  'FROM debian:12',
  'RUN apt-get update && apt-get install -y systemd systemd-sysv',
  'STOPSIGNAL SIGRTMIN+3',
  'ENV container=docker',
  'CMD ["/lib/systemd/systemd"]',
  '',
].join('\n');

describe('compose: which services run systemd', () => {
  it('a complete systemd service is clean', () => {
    assert.deepEqual(names(CLEAN), []);
  });
  it('an init command', () => {
    assert.deepEqual(names(BARE).sort(), [
      'compose-missing-cgroup',
      'compose-missing-container-env',
      'compose-missing-stop-signal',
      'compose-missing-tmpfs',
    ]);
  });
  it('a Dockerfile in the workspace judged a systemd image (its STOPSIGNAL and ENV count)', () => {
    const text = lines(['services:', '  sd:', '    build: ./img', '    privileged: true']);
    const found = names(text, workspace({ '/ws/img/Dockerfile': SYSTEMD_DOCKERFILE }));
    assert.deepEqual(found.sort(), ['compose-missing-tmpfs', 'compose-privileged']);
    const target = lines([
      'services:',
      '  sd:',
      '    build:',
      '      context: .',
      '      dockerfile: docker/Containerfile',
      '      target: app',
    ]);
    const multi = [
      'FROM debian:12 AS sys',
      'CMD ["/sbin/init"]',
      'FROM node:20 AS app',
      'CMD ["node", "x.js"]',
      '',
    ].join('\n');
    assert.deepEqual(
      names(target, workspace({ '/ws/docker/Containerfile': multi })),
      [],
      'the app stage does not run systemd',
    );
  });
  it('a known systemd base image or an image named for systemd', () => {
    assert.ok(
      names(lines(['services:', '  a:', '    image: registry.access.redhat.com/ubi9/ubi-init'])).includes(
        'compose-missing-tmpfs',
      ),
    );
    assert.ok(names(lines(['services:', '  a:', "    image: 'my-systemd'"])).includes('compose-missing-tmpfs'));
  });
  it('a service set up for systemd (stop signal, container=, tmpfs + cgroup mount)', () => {
    assert.ok(
      names(lines(['services:', '  a:', '    image: example/app', '    stop_signal: SIGRTMIN+3'])).includes(
        'compose-missing-tmpfs',
      ),
    );
    assert.ok(
      names(
        lines([
          'services:',
          '  a:',
          '    image: example/app',
          '    tmpfs: [/run]',
          '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup:ro"]',
        ]),
      ).includes('compose-cgroup-ro-mount'),
    );
  });
  it('silent when unknown or not systemd', () => {
    assert.deepEqual(
      names(lines(['services:', '  a:', '    image: example/app', '    privileged: true'])),
      [],
      'unknown image',
    );
    assert.deepEqual(
      names(lines(['services:', '  a:', '    image: nginx:1.27', '    privileged: true', '    network_mode: host'])),
      [],
      'known non-systemd image',
    );
    assert.deepEqual(
      names(lines(['services:', '  a:', '    image: jrei/systemd-ubuntu', '    command: sleep infinity'])),
      [],
      'command replaces the init',
    );
    assert.deepEqual(
      names(lines(['services:', '  a:', '    build: .', '    privileged: true']), workspace({})),
      [],
      'Dockerfile not readable',
    );
    assert.deepEqual(
      names(lines(['services:', '  a:', '    image: jrei/systemd-ubuntu', '    init: true'])),
      [],
      '--init makes tini PID 1',
    );
    assert.deepEqual(names('just: [a, list]\n'), []);
    assert.deepEqual(names('services: [\n'), [], 'broken YAML');
  });
  it('a Dockerfile that sets nothing: stop signal and container= reported as known (warning/info)', () => {
    const bare = [
      'FROM debian:12',
      'RUN apt-get update && apt-get install -y systemd systemd-sysv',
      'CMD ["/sbin/init"]',
      '',
    ].join('\n');
    const f = lintCompose(
      lines([
        'services:',
        '  a:',
        '    build: .',
        '    tmpfs: [/run, /run/lock]',
        '    cgroup: host',
        '    volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
      ]),
      workspace({ '/ws/Dockerfile': bare }),
    );
    assert.deepEqual(f.map((x) => [x.ruleName, x.severity]).sort(), [
      ['compose-missing-container-env', 'info'],
      ['compose-missing-stop-signal', 'warning'],
    ]);
  });
});

describe('compose: each rule', () => {
  it(
    'missing-tmpfs: /run missing (error); privileged lowers it to warning; a tmpfs-type volume counts; /run/lock ' +
      'alone is not reported',
    () => {
      assert.equal(lintCompose(BARE).find((f) => f.ruleName === 'compose-missing-tmpfs')?.severity, 'error');
      const priv = lintCompose(
        lines(['services:', '  sd:', '    image: debian:12', '    command: /sbin/init', '    privileged: true']),
      );
      assert.equal(priv.find((f) => f.ruleName === 'compose-missing-tmpfs')?.severity, 'warning');
      assert.ok(
        !names(
          lines([
            'services:',
            '  sd:',
            '    image: x/systemd',
            '    volumes:',
            '      - type: tmpfs',
            '        target: /run',
          ]),
        ).includes('compose-missing-tmpfs'),
      );
      assert.ok(
        !names(lines(['services:', '  sd:', '    image: x/systemd', '    tmpfs: /run'])).includes(
          'compose-missing-tmpfs',
        ),
      );
    },
  );
  it(
    'missing-tmpfs on /run/lock alone: reported for Debian/Ubuntu images (their systemd mounts it), not for ' +
      'others',
    () => {
      const only = (image: string) =>
        lines([
          'services:',
          '  sd:',
          `    image: ${image}`,
          '    tmpfs: [/run]',
          '    cgroup: host',
          '    volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
        ]);
      const f = lintCompose(only('jrei/systemd-debian:12')).find((x) => x.ruleName === 'compose-missing-tmpfs');
      assert.match(f?.message ?? '', /\/run\/lock/);
      assert.match(
        fixed(lintCompose, only('jrei/systemd-debian:12'), 'compose-missing-tmpfs'),
        /tmpfs: \[\/run, \/run\/lock\]/,
      );
      assert.ok(!names(only('x/systemd')).includes('compose-missing-tmpfs'), 'family unknown');
      const arch = ['FROM archlinux', 'CMD ["/usr/lib/systemd/systemd"]', ''].join('\n');
      const built = lines([
        'services:',
        '  sd:',
        '    build: .',
        '    tmpfs: [/run]',
        '    cgroup: host',
        '    volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
      ]);
      assert.ok(!names(built, workspace({ '/ws/Dockerfile': arch })).includes('compose-missing-tmpfs'), 'Arch');
    },
  );
  it('missing-cgroup: not when privileged or with any /sys/fs/cgroup mount', () => {
    assert.ok(names(BARE).includes('compose-missing-cgroup'));
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    privileged: true'])).includes(
        'compose-missing-cgroup',
      ),
    );
    assert.ok(
      !names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    volumes: [/sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd]',
        ]),
      ).includes('compose-missing-cgroup'),
    );
  });
  it('privileged (info) only for systemd services', () => {
    const f = lintCompose(lines(['services:', '  sd:', '    image: x/systemd', '    privileged: true']));
    assert.equal(f.find((x) => x.ruleName === 'compose-privileged')?.severity, 'info');
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    privileged: false'])).includes(
        'compose-privileged',
      ),
    );
  });
  it('cgroup-ro-mount: short and long syntax; a writable sub-tree below is accepted', () => {
    assert.ok(
      names(
        lines(['services:', '  sd:', '    image: x/systemd', '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup:ro"]']),
      ).includes('compose-cgroup-ro-mount'),
    );
    const long = lines([
      'services:',
      '  sd:',
      '    image: x/systemd',
      '    volumes:',
      '      - type: bind',
      '        source: /sys/fs/cgroup',
      '        target: /sys/fs/cgroup',
      '        read_only: true',
    ]);
    assert.ok(names(long).includes('compose-cgroup-ro-mount'));
    const sub = lines([
      'services:',
      '  sd:',
      '    image: x/systemd',
      '    cgroup: host',
      '    volumes:',
      '      - /sys/fs/cgroup:/sys/fs/cgroup:ro',
      '      - /sys/fs/cgroup/system.slice:/sys/fs/cgroup/system.slice:rw',
    ]);
    assert.ok(!names(sub).includes('compose-cgroup-ro-mount'));
  });
  it('cgroup-rw-without-cgroupns-host: rw (or default) bind without cgroup: host', () => {
    assert.ok(
      names(
        lines(['services:', '  sd:', '    image: x/systemd', '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup"]']),
      ).includes('compose-cgroup-rw-without-cgroupns-host'),
    );
    assert.ok(
      names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    cgroup: private',
          '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup:rw"]',
        ]),
      ).includes('compose-cgroup-rw-without-cgroupns-host'),
    );
    assert.ok(!names(CLEAN).includes('compose-cgroup-rw-without-cgroupns-host'));
  });
  it('cgroup-v1-path-mount', () => {
    assert.ok(
      names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    volumes: ["/sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd:rw"]',
        ]),
      ).includes('compose-cgroup-v1-path-mount'),
    );
    assert.ok(!names(CLEAN).includes('compose-cgroup-v1-path-mount'));
  });
  it('missing-stop-signal: absent, or another signal; RTMIN+3 and 37 accepted', () => {
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    stop_signal: SIGTERM'])).includes(
        'compose-missing-stop-signal',
      ),
    );
    for (const sig of ['RTMIN+3', '37', 'SIGRTMIN+3'])
      assert.ok(
        !names(lines(['services:', '  sd:', '    image: x/systemd', `    stop_signal: ${sig}`])).includes(
          'compose-missing-stop-signal',
        ),
        sig,
      );
  });
  it('missing-container-env: list or map environment; an env_file may set it', () => {
    assert.ok(
      !names(
        lines(['services:', '  sd:', '    image: x/systemd', '    environment:', '      - container=podman']),
      ).includes('compose-missing-container-env'),
    );
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    env_file: .env'])).includes(
        'compose-missing-container-env',
      ),
    );
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    environment:', '      A: b'])).includes(
        'compose-missing-container-env',
      ),
    );
  });
  it('host-run-lock-bind: host /run/lock or /run bound; other /run paths are not', () => {
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    volumes: [/run/lock:/run/lock]'])).includes(
        'compose-host-run-lock-bind',
      ),
    );
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    volumes: [/var/run:/run]'])).includes(
        'compose-host-run-lock-bind',
      ),
    );
    assert.ok(
      !names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    volumes: [/var/run/docker.sock:/var/run/docker.sock]',
        ]),
      ).includes('compose-host-run-lock-bind'),
    );
  });
  it('host-network-systemd', () => {
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    network_mode: host'])).includes(
        'compose-host-network-systemd',
      ),
    );
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    network_mode: bridge'])).includes(
        'compose-host-network-systemd',
      ),
    );
  });
  it('findings name the service and point at the offending key', () => {
    const f = lintCompose(lines(['services:', '  web:', '    image: x/systemd', '    privileged: true'])).find(
      (x) => x.ruleName === 'compose-privileged',
    )!;
    assert.match(f.message, /^Service "web":/);
    assert.deepEqual(f.range, { start: { line: 3, character: 16 }, end: { line: 3, character: 20 } });
  });
});

describe('compose: YAML features', () => {
  it('anchors, aliases and << merge keys', () => {
    const text = lines([
      'x-systemd: &systemd',
      '  cgroup: host',
      '  tmpfs: [/run, /run/lock]',
      '  volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
      '  stop_signal: SIGRTMIN+3',
      '  environment: [container=docker]',
      'services:',
      '  a:',
      '    <<: *systemd',
      '    image: x/systemd',
      '  b:',
      '    <<: [*systemd]',
      '    image: x/systemd',
      '    stop_signal: SIGTERM',
    ]);
    const f = lintCompose(text);
    assert.deepEqual(
      f.map((x) => [x.ruleName, x.range.start.line]),
      [['compose-missing-stop-signal', 13]],
    );
  });
  it('extends (same file, and another file through readFile); an unreadable file silences absence rules', () => {
    const base = lines([
      'services:',
      '  base:',
      '    image: x/systemd',
      '    cgroup: host',
      '    tmpfs: [/run, /run/lock]',
      '    volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw]',
      '    environment: [container=docker]',
      '  app:',
      '    extends: base',
      '    stop_signal: SIGRTMIN+3',
    ]);
    const f = lintCompose(base);
    assert.deepEqual(
      f.map((x) => [x.ruleName, x.message.slice(0, 14)]),
      [['compose-missing-stop-signal', 'Service "base"']],
    );
    const other = lines([
      'services:',
      '  app:',
      '    extends:',
      '      file: common.yml',
      '      service: sd',
      '    stop_signal: SIGRTMIN+3',
      '    environment: [container=docker]',
    ]);
    const common = lines(['services:', '  sd:', '    image: x/systemd', '    privileged: true']);
    assert.deepEqual(names(other, workspace({ '/ws/common.yml': common })).sort(), [
      'compose-missing-tmpfs',
      'compose-privileged',
    ]);
    assert.deepEqual(names(other, workspace({})), [], 'extends file missing: nothing known');
  });
  it('interpolation: defaults are used, unknown variables are dynamic', () => {
    const text = lines([
      'services:',
      '  sd:',
      '    image: x/systemd',
      '    stop_signal: ${SIG:-SIGRTMIN+3}',
      '    tmpfs: [/run, /run/lock]',
      '    cgroup: host',
      '    volumes: ["${CG:-/sys/fs/cgroup}:/sys/fs/cgroup:rw"]',
      '    environment: [container=docker]',
    ]);
    assert.deepEqual(names(text), []);
    const spec = parseCompose(lines(['services:', '  a:', '    image: ${IMG}'])).services[0].spec;
    assert.equal(spec.image?.dynamic, true);
  });
});

describe('compose: fixes keep the style and re-lint clean', () => {
  it('every fix of every rule on a file that has them all', () => {
    const text = lines([
      'services:',
      '  sd:',
      '    image: x/systemd',
      '    privileged: true',
      '    network_mode: host',
      '    volumes:',
      '      - /run/lock:/run/lock',
      '      - /sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd',
      '    stop_signal: SIGTERM',
      '  ro:',
      '    image: x/systemd',
      '    tmpfs: [/run, /run/lock]',
      '    volumes: ["/sys/fs/cgroup:/sys/fs/cgroup:ro"]',
      '  rw:',
      '    image: x/systemd',
      '    tmpfs: /run',
      '    volumes:',
      "      - '/sys/fs/cgroup:/sys/fs/cgroup'",
    ]);
    const byRule = new Set(lintCompose(text).map((f) => f.ruleName));
    for (const r of composeRules)
      if (r.meta.name !== 'compose-missing-cgroup') assert.ok(byRule.has(r.meta.name), `${r.meta.name} in the sample`);
    const results = assertFixesClean(lintCompose, text);
    assert.ok(results.size >= 9);
    for (const t of results.values()) assert.equal(parseDocument(t).errors.length, 0, t);
  });
  it(
    'missing-cgroup + missing-tmpfs + stop signal + env on a bare ' + 'service: block style at the service indentation',
    () => {
      const text = BARE;
      assertFixesClean(lintCompose, text);
      assert.equal(
        fixed(lintCompose, text, 'compose-missing-tmpfs'),
        BARE + '    tmpfs:\n      - /run\n      - /run/lock\n',
      );
      assert.equal(
        fixed(lintCompose, text, 'compose-missing-cgroup'),
        BARE + '    cgroup: host\n    volumes:\n      - /sys/fs/cgroup:/sys/fs/cgroup:rw\n',
      );
      assert.equal(fixed(lintCompose, text, 'compose-missing-stop-signal'), BARE + '    stop_signal: SIGRTMIN+3\n');
      assert.equal(
        fixed(lintCompose, text, 'compose-missing-container-env'),
        BARE + '    environment:\n      - container=docker\n',
      );
    },
  );
  it('flow sequences and flow services stay flow; scalar tmpfs becomes a flow list; quotes are kept', () => {
    const flow = lines([
      'services:',
      '  sd: {image: x/systemd, tmpfs: [/tmp], cgroup: host, volumes: [/sys/fs/cgroup:/sys/fs/cgroup:rw], ' +
        'stop_signal: SIGRTMIN+3, environment: [container=docker]}',
    ]);
    assert.equal(
      fixed(lintCompose, flow, 'compose-missing-tmpfs'),
      lines([
        'services:',
        '  sd: {image: x/systemd, tmpfs: [/tmp, /run, /run/lock], cgroup: host, volumes: ' +
          '[/sys/fs/cgroup:/sys/fs/cgroup:rw], stop_signal: SIGRTMIN+3, environment: [container=docker]}',
      ]),
    );
    const scalar = lines(['services:', '  sd:', '    image: x/systemd', '    tmpfs: /tmp']);
    assert.match(fixed(lintCompose, scalar, 'compose-missing-tmpfs'), /tmpfs: \[\/tmp, \/run, \/run\/lock\]/);
    const quoted = lines([
      'services:',
      '  sd:',
      "    image: 'x/systemd'",
      "    command: '/sbin/init'",
      '    environment:',
      '      - "LANG=C"',
    ]);
    assert.match(
      fixed(lintCompose, quoted, 'compose-missing-stop-signal'),
      /    command: '\/sbin\/init'\n    stop_signal: 'SIGRTMIN\+3'\n/,
    );
    assert.match(
      fixed(lintCompose, quoted, 'compose-missing-container-env'),
      /      - "LANG=C"\n      - "container=docker"\n/,
    );
  });
  it(
    'items indented like the file (dash at the key column), maps ' + 'for map-style environments, long-syntax volumes',
    () => {
      const text = lines([
        'services:',
        '  sd:',
        '    image: x/systemd',
        '    ports:',
        '    - "80:80"',
        '    environment:',
        '      A: b',
        '    volumes:',
        '    - type: volume',
        '      source: data',
        '      target: /data',
      ]);
      assert.match(
        fixed(lintCompose, text, 'compose-missing-tmpfs'),
        /    image: x\/systemd\n    tmpfs:\n    - \/run\n    - \/run\/lock\n    ports:/,
      );
      assert.match(fixed(lintCompose, text, 'compose-missing-container-env'), /      A: b\n      container: docker\n/);
      assert.match(
        fixed(lintCompose, text, 'compose-missing-cgroup'),
        /      target: \/data\n    - type: bind\n      source: \/sys\/fs\/cgroup\n      target: \/sys\/fs\/cgroup\n/,
      );
      assertFixesClean(lintCompose, text);
    },
  );
  it('CRLF files get CRLF lines', () => {
    const text = BARE.replace(/\n/g, '\r\n');
    assert.ok(fixed(lintCompose, text, 'compose-missing-stop-signal').endsWith('\r\n    stop_signal: SIGRTMIN+3\r\n'));
  });
  it('fix-all applies the preferred fixes together and the result is clean YAML', () => {
    for (const text of [
      lines([
        'services:',
        '  sd:',
        '    image: debian:12',
        '    command: ["/lib/systemd/systemd"]',
        '    ports: ["2222:22"]',
      ]),
      // new keys and an item appended to the last block list must not meet at one point
      lines([
        'services:',
        '  sd:',
        '    image: debian:12',
        '    command: /sbin/init',
        '    volumes:',
        '      - data:/data',
      ]),
      lines(['services:', '  sd: {image: debian:12, command: /sbin/init}']),
    ]) {
      const out = applyEdits(text, fixAllEdits(lintCompose(text)));
      assert.equal(parseDocument(out).errors.length, 0, out);
      assert.deepEqual(names(out), [], out);
    }
  });
  it('no fix is offered where a new key would replace an inherited list', () => {
    const text = lines(['x: &t', '  tmpfs: [/tmp]', 'services:', '  sd:', '    <<: *t', '    image: x/systemd']);
    const f = lintCompose(text).find((x) => x.ruleName === 'compose-missing-tmpfs')!;
    assert.equal(f.fixes.length, 0);
  });
});

describe('compose: pragmas and configuration', () => {
  it('# systemd-lint ignore= above the key or above the service; global ignore', () => {
    const above = lines([
      'services:',
      '  sd:',
      '    image: x/systemd',
      '    # systemd-lint ignore=compose-privileged',
      '    privileged: true',
    ]);
    assert.ok(!names(above).includes('compose-privileged'));
    const service = lines([
      'services:',
      '  # systemd-lint ignore=SCT201,compose-missing-cgroup',
      '  sd:',
      '    image: debian:12',
      '    command: /sbin/init',
    ]);
    assert.deepEqual(names(service).sort(), ['compose-missing-container-env', 'compose-missing-stop-signal']);
    const global = '# systemd-lint global ignore=compose-missing-stop-signal\n' + BARE;
    assert.ok(!names(global).includes('compose-missing-stop-signal'));
  });
  it('.systemd-lint.yaml ignore and severity', () => {
    const f = lintCompose(BARE, {
      config: { ignore: ['SCT202'], severity: { 'compose-missing-stop-signal': 'error' } },
    });
    assert.ok(!f.some((x) => x.ruleName === 'compose-missing-cgroup'));
    assert.equal(f.find((x) => x.ruleName === 'compose-missing-stop-signal')?.severity, 'error');
  });
});
