/** Tests of the run-configuration pitfall privileged: privileged is broader than systemd needs. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintCompose } from '../../../../server/src/lint';
import { names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';
import { at, bind, fixOf, spec } from './runSpecs';

before(() => initLinter());

describe('privileged in compose files', () => {
  it('privileged (info) only for systemd services', () => {
    const f = lintCompose(lines(['services:', '  sd:', '    image: x/systemd', '    privileged: true']));
    assert.equal(f.find((x) => x.ruleName === 'compose-privileged')?.severity, 'info');
    assert.ok(
      !names(lines(['services:', '  sd:', '    image: x/systemd', '    privileged: false'])).includes(
        'compose-privileged',
      ),
    );
  });
});

describe('privileged: the run model', () => {
  it(
    'fixes are abstract edits: privileged is replaced by what is missing of tmpfs, host cgroupns and the cgroupfs ' +
      'bind',
    () => {
      const privileged = spec((s) => {
        s.privileged = { value: true, range: at(1) };
        s.mounts.push(bind('/sys/fs/cgroup', '/sys/fs/cgroup', false, 2));
      });
      const fix = fixOf(privileged, 'privileged');
      assert.deepEqual(fix?.edits, [
        { op: 'remove-privileged' },
        { op: 'add-tmpfs', targets: ['/run', '/run/lock'] },
        { op: 'set-cgroupns-host' },
      ]);
      assert.equal(fix?.title, 'Replace privileged: true with tmpfs, cgroup: host and a writable /sys/fs/cgroup mount');
      assert.equal(fix?.preferred, false);
    },
  );
});
