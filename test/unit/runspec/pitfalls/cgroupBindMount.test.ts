/**
 * Tests of the run-configuration pitfall cgroup-bind-mount: the host's cgroupfs bound into a Podman
 * container, which replaces the cgroup filesystem Podman gives it. Quadlet adapts it as SCT502.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bind, fixOf, reports, spec } from './runSpecs';

const podman = (...mounts: ReturnType<typeof bind>[]) =>
  spec((s) => {
    s.engine = 'podman';
    s.mounts.push(...mounts);
  });
const ofPitfall = (s: Parameters<typeof reports>[0]) => reports(s).filter((r) => r.pitfall === 'cgroup-bind-mount');

describe('cgroup-bind-mount: the run model', () => {
  it('the cgroupfs root or a path below it, read-only or not, under Podman', () => {
    for (const source of ['/sys/fs/cgroup', '/sys/fs/cgroup/systemd']) {
      for (const readOnly of [true, false]) {
        const m = bind(source, source, readOnly, 3);
        const [report] = ofPitfall(podman(m));
        assert.equal(report?.mount, m, `${source} ${readOnly ? 'ro' : 'rw'}`);
        assert.match(report.message, /replaces the cgroup filesystem Podman gives the container/);
      }
    }
  });

  it('not under Docker (its own pitfalls judge the cgroupfs there), not for other mounts or a tmpfs', () => {
    const docker = spec((s) => s.mounts.push(bind('/sys/fs/cgroup', '/sys/fs/cgroup', true)));
    assert.deepEqual(ofPitfall(docker), []);
    assert.deepEqual(ofPitfall(podman(bind('/srv/data', '/data'))), []);
    assert.deepEqual(
      ofPitfall(
        podman({
          kind: 'tmpfs',
          target: '/sys/fs/cgroup',
          readOnly: false,
          options: [],
          range: bind('', '').range,
          via: 'tmpfs-flag',
        }),
      ),
      [],
    );
  });

  it('the fix removes that mount', () => {
    const m = bind('/sys/fs/cgroup', '/sys/fs/cgroup', true, 3);
    const fix = fixOf(podman(m), 'cgroup-bind-mount');
    assert.deepEqual(fix?.edits, [{ op: 'remove-mount', mount: m }]);
    assert.equal(fix?.title, 'Remove the /sys/fs/cgroup mount');
  });
});
