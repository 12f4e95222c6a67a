/**
 * Tests of the run-configuration pitfall engine-socket-mount: the Docker or Podman API socket
 * mounted into any container. Quadlet adapts it as SCT503.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bind, fixOf, reports, spec } from './runSpecs';

const withMount = (source: string, readOnly = false) =>
  spec((s) => {
    s.image = { value: 'nginx:1.27', range: s.range };
    s.command = undefined;
    s.mounts.push(bind(source, source, readOnly, 2));
  });
const messageFor = (source: string, readOnly = false) =>
  reports(withMount(source, readOnly)).find((r) => r.pitfall === 'engine-socket-mount');

describe('engine-socket-mount: the run model', () => {
  it('the system sockets are root on the host, even mounted ":ro"', () => {
    for (const source of ['/var/run/docker.sock', '/run/docker.sock', '/run/podman/podman.sock']) {
      for (const readOnly of [false, true]) {
        const r = messageFor(source, readOnly);
        assert.ok(r, `${source} ${readOnly ? 'ro' : 'rw'}`);
        assert.match(r.detail ?? '', /root on the host/);
      }
    }
    assert.match(messageFor('/var/run/docker.sock')!.message, /Docker API socket/);
    assert.match(messageFor('/run/podman/podman.sock')!.message, /Podman API socket/);
  });

  it("a rootless socket is what that user can do; %t depends on the unit's manager", () => {
    assert.match(
      messageFor('/run/user/1000/podman/podman.sock')!.detail ?? '',
      /^Through it the container gets all the user can do/,
    );
    assert.match(messageFor('%h/.docker/run/docker.sock')!.detail ?? '', /all the user can do/);
    assert.match(messageFor('%t/podman/podman.sock')!.detail ?? '', /from a system unit, where %t is \/run/);
  });

  it('other sockets and files are not engine sockets; there is no automatic fix', () => {
    for (const source of ['/run/dbus/system_bus_socket', '/var/run/docker.sock.d/x', '/srv/mydocker.socket'])
      assert.equal(messageFor(source), undefined, source);
    assert.throws(() => fixOf(withMount('/srv/none'), 'engine-socket-mount'), /engine-socket-mount is reported/);
    const r = reports(withMount('/var/run/docker.sock')).find((x) => x.pitfall === 'engine-socket-mount');
    assert.ok(r);
    assert.equal(fixOf(withMount('/var/run/docker.sock'), 'engine-socket-mount'), undefined);
  });
});
