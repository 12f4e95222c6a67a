/** unitFileType: extensions, drop-ins, and the two kinds of .network. */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { unitFileType, type UnitFileType } from '../../server/src/kinds/unit/fileType';
import { knownFileTypes } from '../../server/src/kinds/unit/knowledge/directives';

it('each extension maps to its type; unknown ones to null', () => {
  const cases: [string, UnitFileType | null][] = [
    ['/etc/systemd/system/nginx.service', 'service'],
    ['getty@.service', 'service'],
    ['dbus.socket', 'socket'],
    ['fstrim.timer', 'timer'],
    ['x.path', 'path'],
    ['home.mount', 'mount'],
    ['home.automount', 'automount'],
    ['swapfile.swap', 'swap'],
    ['multi-user.target', 'target'],
    ['user.slice', 'slice'],
    ['session-1.scope', 'scope'],
    ['dev-sda.device', 'device'],
    ['/etc/systemd/nspawn/web.nspawn', 'nspawn'],
    ['/etc/systemd/network/10-br0.netdev', 'netdev'],
    ['/etc/systemd/network/10-eth.link', 'link'],
    ['web.container', 'quadlet-container'],
    ['data.volume', 'quadlet-volume'],
    ['app.pod', 'quadlet-pod'],
    ['app.kube', 'quadlet-kube'],
    ['fedora.image', 'quadlet-image'],
    ['app.build', 'quadlet-build'],
    ['sleep@10.container', 'quadlet-container'],
    ['README.md', null],
    ['override.conf', null],
    ['Dockerfile', null],
  ];
  for (const [path, type] of cases) assert.equal(unitFileType(path), type, path);
});

it('drop-ins take the type of the unit they extend', () => {
  assert.equal(unitFileType('/etc/systemd/system/foo.service.d/override.conf'), 'service');
  assert.equal(unitFileType('/etc/systemd/system/foo-.service.d/10-limits.conf'), 'service');
  assert.equal(unitFileType('/etc/systemd/system/service.d/10-all.conf'), 'service');
  assert.equal(unitFileType('/etc/systemd/system/getty@tty1.service.d/x.conf'), 'service');
  assert.equal(unitFileType('/etc/containers/systemd/web.container.d/10-image.conf'), 'quadlet-container');
  assert.equal(unitFileType('/etc/containers/systemd/container.d/10-all.conf'), 'quadlet-container');
  assert.equal(unitFileType('C:\\units\\foo.socket.d\\override.conf'), 'socket');
  // only .conf files in a .d directory are drop-ins
  assert.equal(unitFileType('/etc/systemd/system/foo.service.d/notes.txt'), null);
});

it('.network: Quadlet by its directories, networkd by its', () => {
  const networkd = '[Match]\nName=eth0\n\n[Network]\nDHCP=yes\n';
  const quadlet = '[Network]\nSubnet=10.89.0.0/24\nGateway=10.89.0.1\n';
  // the path wins over content
  assert.equal(unitFileType('/etc/containers/systemd/web.network', networkd), 'quadlet-network');
  assert.equal(unitFileType('/usr/share/containers/systemd/web.network'), 'quadlet-network');
  assert.equal(unitFileType('/home/me/.config/containers/systemd/web.network'), 'quadlet-network');
  assert.equal(unitFileType('/etc/containers/systemd/users/1000/web.network'), 'quadlet-network');
  assert.equal(unitFileType('/etc/systemd/network/10-eth.network', quadlet), 'network');
  assert.equal(unitFileType('/usr/lib/systemd/network/80-container-host0.network'), 'network');
  assert.equal(unitFileType('/etc/containers/systemd/web.network.d/10-x.conf'), 'quadlet-network');
  assert.equal(unitFileType('/etc/systemd/network/10-eth.network.d/mtu.conf'), 'network');
});

it('.network elsewhere: by content, networkd when nothing tells', () => {
  assert.equal(unitFileType('repo/web.network', '[Network]\nSubnet=10.89.0.0/24\nDriver=bridge\n'), 'quadlet-network');
  assert.equal(
    unitFileType('repo/web.network', '[Unit]\nDescription=app net\n[Network]\nNetworkName=app\n'),
    'quadlet-network',
  );
  assert.equal(unitFileType('repo/eth.network', '[Match]\nName=en*\n[Network]\nDHCP=ipv4\n'), 'network');
  assert.equal(unitFileType('repo/eth.network', '[Network]\nAddress=192.168.1.2/24\nDHCP=no\n'), 'network');
  assert.equal(
    unitFileType('repo/eth.network', '[Network]\nAddress=192.168.1.2/24\n[Route]\nGateway=192.168.1.1\n'),
    'network',
  );
  assert.equal(unitFileType('repo/empty.network', ''), 'network');
  assert.equal(unitFileType('repo/empty.network'), 'network');
});

it('every type it returns is in the directive database, and the database has no other', () => {
  const all: UnitFileType[] = [
    'automount',
    'device',
    'mount',
    'path',
    'scope',
    'service',
    'slice',
    'socket',
    'swap',
    'target',
    'timer',
    'nspawn',
    'network',
    'netdev',
    'link',
    'quadlet-build',
    'quadlet-container',
    'quadlet-image',
    'quadlet-kube',
    'quadlet-network',
    'quadlet-pod',
    'quadlet-volume',
  ];
  assert.deepEqual(knownFileTypes(), [...all].sort());
});
