/**
 * Tests of the run-configuration pitfall missing-tmpfs: systemd container without a tmpfs on /run.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintCompose } from '../../../../server/src/lint';
import { BARE, names, workspace } from '../../kinds/compose/composeInputs';
import { fixed, lines } from '../../runspecHelpers';

before(() => initLinter());

describe('missing-tmpfs in compose files', () => {
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
});
