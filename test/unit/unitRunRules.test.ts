/**
 * Rules for units that drive containers (SCT301–SCT310) and the systemd pitfalls of their run
 * lines (SCT351–SCT360): positive and negative cases, `sh -c` wrappers, pragmas, and every fix
 * applied and re-linted.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter, lintUnitRunLines } from '../../server/src/lint';
import { unitRules } from '../../server/src/kinds/unit/engineCommandRules';
import { assertFixesClean, fixed, lines, ruleNames } from './runspecHelpers';

before(() => initLinter());

const names = (text: string) => ruleNames(lintUnitRunLines, text);
const unit = (service: string[], unitSection: string[] = ['Requires=docker.service', 'After=docker.service']) =>
  lines([
    '[Unit]',
    'Description=x',
    ...unitSection,
    '',
    '[Service]',
    ...service,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ]);

describe('units that drive containers', () => {
  it('a unit without container commands gets nothing', () => {
    assert.deepEqual(names(unit(['ExecStart=/usr/bin/sleep infinity', 'KillMode=none'])), []);
  });

  it('unit-docker-cli-in-execstart: docker run/start and compose up in ExecStart, not podman, not Pre/Stop', () => {
    assert.deepEqual(names(unit(['ExecStart=/usr/bin/docker run --rm --name web nginx'])), [
      'unit-docker-cli-in-execstart',
    ]);
    assert.ok(names(unit(['ExecStart=/usr/bin/docker compose up'])).includes('unit-docker-cli-in-execstart'));
    assert.ok(names(unit(['ExecStart=/usr/bin/docker start -a web'])).includes('unit-docker-cli-in-execstart'));
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/podman run --rm --name web nginx'])).includes('unit-docker-cli-in-execstart'),
    );
    assert.ok(
      !names(unit(['ExecStartPre=-/usr/bin/docker pull nginx', 'ExecStart=/usr/bin/true'])).includes(
        'unit-docker-cli-in-execstart',
      ),
    );
  });

  it(
    'unit-detached-run-type-simple: -d / up -d with Type=simple or exec; not with oneshot+RemainAfterExit, ' +
      'forking or notify',
    () => {
      assert.ok(
        names(unit(['ExecStart=/usr/bin/docker run -d --rm --name w nginx'])).includes('unit-detached-run-type-simple'),
      );
      assert.ok(
        names(unit(['Type=exec', 'ExecStart=/usr/bin/docker-compose up -d'])).includes('unit-detached-run-type-simple'),
      );
      assert.ok(
        !names(unit(['Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/usr/bin/docker-compose up -d'])).includes(
          'unit-detached-run-type-simple',
        ),
      );
      assert.ok(
        !names(unit(['Type=forking', 'ExecStart=/usr/bin/podman run -d --rm nginx'])).includes(
          'unit-detached-run-type-simple',
        ),
      );
      assert.ok(!names(unit(['ExecStart=/usr/bin/docker run --rm nginx'])).includes('unit-detached-run-type-simple'));
      const text = unit(['Restart=always', 'ExecStart=/usr/bin/docker run -dit --rm --name w nginx']);
      const f = lintUnitRunLines(text).find((x) => x.ruleName === 'unit-detached-run-type-simple')!;
      assert.equal(f.fixes.length, 1, 'oneshot is not offered with Restart=always');
      assert.match(fixed(lintUnitRunLines, text, 'unit-detached-run-type-simple'), /docker run -it --rm/);
      const oneshot = unit(['ExecStart=/usr/bin/docker-compose up -d']);
      assert.match(
        fixed(lintUnitRunLines, oneshot, 'unit-detached-run-type-simple', {}, 1),
        /ExecStart=\/usr\/bin\/docker-compose up -d\nType=oneshot\nRemainAfterExit=yes\n/,
      );
    },
  );

  it('removing an option alone on the last line of a file stays inside the document (fuzz seed 831295928)', () => {
    const text = '[Service]\nExecStart=/usr/bin/podman run \\\n        --replace \\\n        -d \\';
    assert.equal(
      fixed(lintUnitRunLines, text, 'unit-detached-run-type-simple'),
      '[Service]\nExecStart=/usr/bin/podman run \\\n        --replace \\\n',
    );
  });

  it(
    'unit-cleanup-without-dash: stop/rm of a --rm container ' + 'without "-"; fine with "-", --ignore or without --rm',
    () => {
      assert.ok(
        names(
          unit(['ExecStart=/usr/bin/docker run --rm --name %N nginx', 'ExecStop=/usr/bin/docker stop -t 2 %N']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        names(
          unit([
            'ExecStart=/usr/bin/podman run --rm --cidfile=%t/%n.cid nginx',
            'ExecStopPost=/usr/bin/podman rm -f --cidfile=%t/%n.cid',
          ]),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        !names(
          unit(['ExecStart=/usr/bin/docker run --rm --name %N nginx', 'ExecStop=-/usr/bin/docker stop %N']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        !names(
          unit(['ExecStart=/usr/bin/podman run --rm --name w nginx', 'ExecStop=/usr/bin/podman stop --ignore w']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.ok(
        !names(unit(['ExecStart=/usr/bin/docker start -a w', 'ExecStop=/usr/bin/docker stop w'])).includes(
          'unit-cleanup-without-dash',
        ),
      );
      assert.ok(
        !names(
          unit(['ExecStart=/usr/bin/docker run --rm --name w nginx', 'ExecStopPost=/usr/bin/docker rm -f w']),
        ).includes('unit-cleanup-without-dash'),
        'docker rm -f of a missing container exits 0',
      );
      assert.ok(
        names(
          unit(['ExecStart=/usr/bin/docker run --rm --name w nginx', 'ExecStopPost=/usr/bin/docker rm w']),
        ).includes('unit-cleanup-without-dash'),
      );
      assert.match(
        fixed(
          lintUnitRunLines,
          unit(['ExecStart=/usr/bin/docker run --rm --name w nginx', 'ExecStop=/usr/bin/docker stop w']),
          'unit-cleanup-without-dash',
        ),
        /\nExecStop=-\/usr\/bin\/docker stop w\n/,
      );
    },
  );

  it(
    'unit-missing-docker-dependency: Requires/Wants/BindsTo/Requisite on docker.service or docker.socket; After= ' +
      'alone is not enough',
    () => {
      const run = ['ExecStart=/usr/bin/docker run --rm nginx'];
      assert.ok(names(unit(run, ['After=docker.service'])).includes('unit-missing-docker-dependency'));
      assert.ok(names(unit(run, [])).includes('unit-missing-docker-dependency'));
      for (const dep of [
        'Requires=docker.service',
        'Wants=network-online.target docker.socket',
        'BindsTo=docker.service',
        'Requisite=docker.service',
      ])
        assert.ok(!names(unit(run, [dep])).includes('unit-missing-docker-dependency'), dep);
      assert.ok(
        !names(unit(['ExecStart=/usr/bin/podman run --rm nginx'], [])).includes('unit-missing-docker-dependency'),
      );
      assert.equal(
        fixed(lintUnitRunLines, unit(run, ['After=docker.service']), 'unit-missing-docker-dependency'),
        unit(run, ['After=docker.service', 'Requires=docker.service']),
      );
      assert.equal(
        fixed(lintUnitRunLines, unit(run, []), 'unit-missing-docker-dependency'),
        unit(run, ['Requires=docker.service', 'After=docker.service']),
      );
      const noUnit = lines(['[Service]', ...run]);
      assert.equal(
        fixed(lintUnitRunLines, noUnit, 'unit-missing-docker-dependency'),
        lines(['[Unit]', 'Requires=docker.service', 'After=docker.service', '', '[Service]', ...run]),
      );
    },
  );

  it('unit-compose-down-volumes: down -v / --volumes anywhere; plain down is fine', () => {
    assert.ok(
      names(
        unit([
          'ExecStartPre=/usr/local/bin/docker-compose down -v -t 60',
          'ExecStart=/usr/local/bin/docker-compose up',
        ]),
      ).includes('unit-compose-down-volumes'),
    );
    assert.ok(
      names(unit(['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose down --volumes'])).includes(
        'unit-compose-down-volumes',
      ),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose down'])).includes(
        'unit-compose-down-volumes',
      ),
    );
    assert.match(
      fixed(
        lintUnitRunLines,
        unit(['ExecStart=/usr/bin/docker compose up', 'ExecStop=/usr/bin/docker compose down -v -t 60']),
        'unit-compose-down-volumes',
      ),
      /ExecStop=\/usr\/bin\/docker compose down -t 60\n/,
    );
  });

  it('unit-killmode-none', () => {
    assert.ok(
      names(unit(['ExecStart=/usr/bin/podman run --rm nginx', 'KillMode=none'])).includes('unit-killmode-none'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/podman run --rm nginx', 'KillMode=mixed'])).includes('unit-killmode-none'),
    );
  });

  it('unit-restart-policy-conflict: --restart=always/unless-stopped with Restart=', () => {
    assert.ok(
      names(unit(['Restart=always', 'ExecStart=/usr/bin/docker run --rm --restart=always nginx'])).includes(
        'unit-restart-policy-conflict',
      ),
    );
    assert.ok(
      names(
        unit([
          'Restart=on-failure',
          'ExecStartPre=/usr/bin/docker create --restart unless-stopped --name w nginx',
          'ExecStart=/usr/bin/docker start -a w',
        ]),
      ).includes('unit-restart-policy-conflict'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/docker run --rm --restart=always nginx'])).includes(
        'unit-restart-policy-conflict',
      ),
    );
    assert.ok(
      !names(unit(['Restart=always', 'ExecStart=/usr/bin/docker run --rm --restart=on-failure nginx'])).includes(
        'unit-restart-policy-conflict',
      ),
    );
  });

  it('unit-name-conflict-no-cleanup: --name without --rm/--replace/rm; `inspect || run` and `-create` reuse', () => {
    assert.ok(
      names(unit(['ExecStart=/usr/bin/docker run --name web nginx'])).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/docker run --rm --name web nginx'])).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(unit(['ExecStart=/usr/bin/podman run --replace --name web nginx'])).includes(
        'unit-name-conflict-no-cleanup',
      ),
    );
    assert.ok(
      !names(
        unit(['ExecStartPre=-/usr/bin/docker rm -f web', 'ExecStart=/usr/bin/docker run --name web nginx']),
      ).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(
        unit([
          'ExecStartPre=/bin/sh -c "docker inspect web || docker run -d --name web nginx"',
          'ExecStart=/usr/bin/docker start -a web',
        ]),
      ).includes('unit-name-conflict-no-cleanup'),
    );
    assert.ok(
      !names(
        unit(['ExecStartPre=-/usr/bin/podman create --name %n nginx', 'ExecStart=/usr/bin/podman start -a %n']),
      ).includes('unit-name-conflict-no-cleanup'),
      'seed 002',
    );
    assert.match(
      fixed(
        lintUnitRunLines,
        unit(['ExecStart=/usr/bin/docker run --name web nginx']),
        'unit-name-conflict-no-cleanup',
      ),
      /\nExecStartPre=-\/usr\/bin\/docker rm -f web\nExecStart=\/usr\/bin\/docker run --name web nginx\n/,
    );
    assert.match(
      fixed(
        lintUnitRunLines,
        unit(['ExecStart=/usr/bin/podman run --name web nginx']),
        'unit-name-conflict-no-cleanup',
      ),
      /podman run --replace --name web/,
    );
  });

  it('unit-tty-flag: -t, -it, --tty; not -i alone or --tty=false', () => {
    assert.ok(names(unit(['ExecStart=/usr/bin/docker run --rm -it nginx'])).includes('unit-tty-flag'));
    assert.ok(names(unit(['ExecStart=/usr/bin/podman run --rm --tty nginx'])).includes('unit-tty-flag'));
    assert.ok(!names(unit(['ExecStart=/usr/bin/docker run --rm -i nginx'])).includes('unit-tty-flag'));
    assert.ok(!names(unit(['ExecStart=/usr/bin/docker run --rm --tty=false nginx'])).includes('unit-tty-flag'));
    assert.match(
      fixed(lintUnitRunLines, unit(['ExecStart=/usr/bin/docker run --rm -it nginx']), 'unit-tty-flag'),
      /docker run --rm -i nginx/,
    );
    assert.match(
      fixed(lintUnitRunLines, unit(['ExecStart=/usr/bin/docker run --rm --tty nginx']), 'unit-tty-flag'),
      /docker run --rm nginx/,
    );
  });

  it(
    'unit-podman-notify-without-sdnotify: Type=notify + podman run without --sdnotify; silent for systemd ' +
      'containers',
    () => {
      assert.ok(
        names(unit(['Type=notify', 'ExecStart=/usr/bin/podman run -d --replace --name p pihole/pihole'])).includes(
          'unit-podman-notify-without-sdnotify',
        ),
      );
      assert.ok(
        !names(
          unit(['Type=notify', 'ExecStart=/usr/bin/podman run -d --sdnotify=conmon --replace --name p pihole/pihole']),
        ).includes('unit-podman-notify-without-sdnotify'),
      );
      assert.ok(
        !names(unit(['Type=notify', 'ExecStart=/usr/bin/podman run --rm --name p fedora /sbin/init'])).includes(
          'unit-podman-notify-without-sdnotify',
        ),
      );
      assert.ok(
        !names(unit(['ExecStart=/usr/bin/podman run -d --name p --replace pihole/pihole'])).includes(
          'unit-podman-notify-without-sdnotify',
        ),
      );
    },
  );
});

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

describe('unit pragmas, config and every fix', () => {
  it('# and ; pragmas above the Exec line', () => {
    const text = unit([
      '# systemd-lint ignore=unit-docker-cli-in-execstart',
      'ExecStart=/usr/bin/docker run --rm nginx',
    ]);
    assert.deepEqual(names(text), []);
    const semi = unit(['; systemd-lint ignore=SCT301', 'ExecStart=/usr/bin/docker run --rm nginx']);
    assert.deepEqual(names(semi), []);
  });
  it('all fixes of a unit with many findings re-lint clean', () => {
    const text = lines([
      '[Unit]',
      'After=docker.service',
      '',
      '[Service]',
      'Restart=always',
      'KillMode=none',
      'ExecStartPre=/usr/bin/docker-compose down -v',
      'ExecStart=/usr/bin/docker run -dt --restart=always --name web \\',
      '        -v /sys/fs/cgroup:/sys/fs/cgroup:ro \\',
      '        jrei/systemd-debian:12',
      'ExecStop=/usr/bin/docker stop web',
    ]);
    const results = assertFixesClean(lintUnitRunLines, text);
    assert.ok(results.size >= 9, [...results.keys()].join('\n'));
  });
});
