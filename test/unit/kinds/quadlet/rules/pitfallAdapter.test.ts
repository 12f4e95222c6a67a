/**
 * Tests of the Quadlet adapter of the run-configuration pitfalls: SCT501 quadlet-privileged,
 * SCT502 quadlet-cgroup-bind-mount, SCT503 quadlet-engine-socket-mount, found where a .container
 * writes them and fixed in its syntax.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { applyFixClean, only } from '../../../unitHelpers';
import { C, container } from '../quadletInputs';

before(() => initLinter());

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

describe('SCT502 on a hybrid host', () => {
  it("the host's cgroup2 hierarchy bound as /sys/fs/cgroup: said to be the hybrid-host workaround, no removal offered", () => {
    const found = only(C, container(['Volume=/sys/fs/cgroup/unified:/sys/fs/cgroup:rw']), 'quadlet-cgroup-bind-mount');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /keep it only on a hybrid cgroup v1 host, for systemd 258 or later/);
    assert.doesNotMatch(found[0].message, /remove the mount/);
    assert.deepEqual(found[0].fixes, []);
    // Bound anywhere else it is the ordinary finding, with its fix.
    const elsewhere = only(C, container(['Volume=/sys/fs/cgroup/unified:/mnt/cg']), 'quadlet-cgroup-bind-mount');
    assert.match(elsewhere[0]?.message ?? '', /remove the mount/);
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
