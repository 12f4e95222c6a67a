/**
 * The compose lint as a whole: when a service "runs systemd" (command, Dockerfile in the workspace,
 * image name, set-up signals; otherwise silence), where findings point, anchors/merge keys and
 * extends, pragmas and config. Each pitfall through compose is tested in
 * test/unit/runspec/pitfalls/<pitfall>.test.ts, the fixes' style in rules/pitfallAdapter.test.ts.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseCompose } from '../../../../server/src/kinds/compose/model';
import { initLinter, lintCompose } from '../../../../server/src/lint';
import { BARE, CLEAN, names, workspace } from './composeInputs';
import { lines } from '../../runspecHelpers';

before(() => initLinter());

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
