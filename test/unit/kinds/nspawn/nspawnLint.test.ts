/** A clean .nspawn file gets no finding; each nspawn rule's tests are in rules/<rule>.test.ts. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRUSTED } from './nspawnPaths';
import { names, unit } from '../../unitHelpers';

describe('a clean .nspawn file', () => {
  it('boot, veth, port forwarding, binds in /etc/systemd/nspawn', () => {
    const text = unit([
      '[Exec]',
      'Boot=yes',
      'PrivateUsers=pick',
      '',
      '[Files]',
      'Bind=/srv/data:/data',
      '',
      '[Network]',
      'VirtualEthernet=yes',
      'Port=tcp:8080:80',
    ]);
    assert.deepEqual(names(TRUSTED, text), []);
  });
});
