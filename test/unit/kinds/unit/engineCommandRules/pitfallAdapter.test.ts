/**
 * Tests of the adapter of the run-configuration pitfalls to the run lines of units
 * (SCT351–SCT360): each pitfall on a docker/podman run line, fixes inserted after the verb (also
 * across continuation lines and inside sh -c), Podman's systemd mode, unknown $OPTS.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { unitRules } from '../../../../../server/src/kinds/unit/engineCommandRules';
import { initLinter, lintUnitRunLines } from '../../../../../server/src/lint';
import { assertFixesClean, fixed, lines } from '../../../runspecHelpers';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('run lines of systemd containers in units', () => {
  const sd = (flags: string, svc: string[] = []) =>
    unit([...svc, `ExecStart=/usr/bin/docker run --rm --name sd ${flags} jrei/systemd-debian:12`]);
  const FULL =
    '--tmpfs /run --tmpfs /run/lock --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw ' +
    '--stop-signal=SIGRTMIN+3 -e container=docker';

  it('a complete run line is clean apart from the unit rules', () => {
    assert.deepEqual(names(sd(FULL)), ['unit-docker-cli-in-execstart']);
  });
  it('each pitfall on a run line', () => {
    const cases: Record<string, string> = {
      'unit-run-missing-tmpfs':
        '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --stop-signal=37 -e container=docker',
      'unit-run-missing-cgroup': '--tmpfs /run --tmpfs /run/lock --stop-signal=37 -e container=docker',
      'unit-run-privileged': `${FULL} --privileged`,
      'unit-run-cgroup-ro-mount':
        '--tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup:ro --stop-signal=37 -e container=docker',
      'unit-run-cgroup-rw-without-cgroupns-host':
        '--tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup --stop-signal=37 -e container=docker',
      'unit-run-cgroup-v1-path-mount': `${FULL} -v /sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd`,
      'unit-run-missing-stop-signal':
        '--tmpfs /run --tmpfs /run/lock --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw -e container=docker',
      'unit-run-missing-container-env':
        '--tmpfs /run --tmpfs /run/lock --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --stop-signal=37',
      'unit-run-host-run-lock-bind':
        '--tmpfs /run -v /run/lock:/run/lock --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw ' +
        '--stop-signal=37 -e container=docker',
      'unit-run-host-network-systemd': `${FULL} --net=host`,
    };
    for (const [rule, flags] of Object.entries(cases)) {
      const text = sd(flags);
      assert.ok(names(text).includes(rule), `${rule}: ${names(text)}`);
      assertFixesClean(lintUnitRunLines, text, {}, rule);
    }
    const covered = new Set(Object.keys(cases));
    for (const r of unitRules)
      if (r.meta.name.startsWith('unit-run-')) assert.ok(covered.has(r.meta.name), r.meta.name);
  });
  it('fixes insert flags after the verb, also across continuation lines and inside sh -c', () => {
    const text = lines([
      '[Unit]',
      'Requires=docker.service',
      '[Service]',
      'ExecStart=/usr/bin/docker run --rm \\',
      '    --name sd \\',
      '    -v /run/lock:/run/lock \\',
      '    jrei/systemd-debian:12',
    ]);
    const out = fixed(lintUnitRunLines, text, 'unit-run-host-run-lock-bind');
    assert.equal(
      out,
      lines([
        '[Unit]',
        'Requires=docker.service',
        '[Service]',
        'ExecStart=/usr/bin/docker run --tmpfs /run/lock --rm \\',
        '    --name sd \\',
        '    jrei/systemd-debian:12',
      ]),
    );
    const shell = unit(['ExecStart=/bin/sh -c "exec /usr/bin/docker run --rm --name sd jrei/systemd-debian:12"']);
    assert.match(
      fixed(lintUnitRunLines, shell, 'unit-run-missing-tmpfs'),
      /sh -c "exec \/usr\/bin\/docker run --tmpfs \/run --tmpfs \/run\/lock --rm/,
    );
  });
  it('Podman systemd mode provides tmpfs, cgroup, stop signal and container= itself', () => {
    assert.deepEqual(names(unit(['ExecStart=/usr/bin/podman run --rm --name sd fedora:40 /sbin/init'])), []);
    assert.ok(
      names(unit(['ExecStart=/usr/bin/podman run --rm --systemd=false --name sd fedora:40 /sbin/init'])).includes(
        'unit-run-missing-tmpfs',
      ),
    );
    assert.deepEqual(
      names(unit(['ExecStart=/usr/bin/podman run --rm --name sd --systemd=always --privileged my/app'])),
      ['unit-run-privileged'],
    );
  });
  it('unknown $OPTS silences the absence rules', () => {
    const text = unit(['ExecStart=/usr/bin/docker run --rm --name sd $OPTS jrei/systemd-debian:12']);
    assert.deepEqual(names(text), ['unit-docker-cli-in-execstart']);
  });
});
