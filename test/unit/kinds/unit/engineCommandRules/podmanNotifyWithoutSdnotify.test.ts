/**
 * Tests of SCT310 unit-podman-notify-without-sdnotify: Type=notify with podman run but no
 * --sdnotify=conmon.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { names, unit } from '../engineUnitInputs';

before(() => initLinter());

describe('unit-podman-notify-without-sdnotify', () => {
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
