/**
 * Tests of the compose adapter of the run-configuration pitfalls (SCT201–SCT210): each rule on its
 * case, every fix of every rule applied and re-linted, with the file's style kept (indentation,
 * flow/block, quotes, line endings). What each pitfall means is tested in runspec/pitfalls/.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { fixAllEdits } from '../../../../../server/src/core/fixes';
import { composeRules } from '../../../../../server/src/kinds/compose/rules';
import { composePitfallRules } from '../../../../../server/src/kinds/compose/rules/pitfallAdapter';
import { initLinter, lintCompose } from '../../../../../server/src/lint';
import { applyEdits } from '../../../../../shared/text';
import { assertEachRuleFires, assertFixesClean, fixed, lines } from '../../../runspecHelpers';
import { BARE, CLEAN, names } from '../composeInputs';

before(() => initLinter());

/** A service that runs systemd, with these lines added. */
const service = (...extra: string[]) =>
  lines(['services:', '  sd:', '    image: jrei/systemd-debian:12', '    command: /sbin/init', ...extra]);

describe('compose: the pitfall rules', () => {
  it('each rule fires on its case', () => {
    const cases = {
      'compose-missing-tmpfs': BARE,
      'compose-missing-cgroup': BARE,
      'compose-privileged': service('    privileged: true'),
      'compose-cgroup-ro-mount': service('    volumes:', '      - /sys/fs/cgroup:/sys/fs/cgroup:ro'),
      'compose-cgroup-rw-without-cgroupns-host': service('    volumes:', '      - /sys/fs/cgroup:/sys/fs/cgroup:rw'),
      'compose-cgroup-v1-path-mount': service('    volumes:', '      - /sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd'),
      'compose-missing-stop-signal': service('    stop_signal: SIGTERM'),
      'compose-missing-container-env': BARE,
      'compose-host-run-lock-bind': service('    volumes:', '      - /run/lock:/run/lock'),
      'compose-host-network-systemd': service('    network_mode: host'),
    };
    assertEachRuleFires(names, cases, CLEAN, composePitfallRules);
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
