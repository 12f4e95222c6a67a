/**
 * Tests of SCT508 quadlet-refused-value: a value or combination of keys the Quadlet generator
 * refuses.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter } from '../../../../../server/src/lint';
import { unit } from '../../../unitHelpers';
import { dir, errors, one } from '../releaseInputs';

before(() => initLinter());

describe('quadlet-refused-value', () => {
  it('values and combinations the generator refuses, on their line', () => {
    assert.deepEqual(one(['Rootfs=/srv/root']), ['quadlet-refused-value:2']);
    assert.deepEqual(one(['ExposeHostPort=80', 'ExposeHostPort=http']), ['quadlet-refused-value:3']);
    assert.deepEqual(one(['Group=1000']), ['quadlet-refused-value:2']);
    assert.deepEqual(one(['User=1000', 'Group=1000']), []);
    assert.deepEqual(one(['UserNS=keep-id', 'RemapUsers=auto']), ['quadlet-refused-value:3']);
    assert.deepEqual(one(['RemapUsers=sideways']), ['quadlet-refused-value:2']);
    assert.deepEqual(one(['Pod=mypod']), ['quadlet-refused-value:2']);
    assert.deepEqual(
      one(['Mount=type=bind,destination=/x', 'Mount=type=tmpfs,destination=/t', 'Mount="type=bind,src=/a b,dst=/c"']),
      ['quadlet-refused-value:2'],
    );
    assert.deepEqual(one(['Network=db.container:ip=10.0.0.2']).sort(), [
      'quadlet-missing-reference:2',
      'quadlet-refused-value:2',
    ]);
    // ReloadCmd= is a 5.8 key: at 5.4 unknown, at 5.8 exclusive with ReloadSignal=
    assert.deepEqual(one(['ReloadCmd=/bin/true', 'ReloadSignal=SIGHUP']), ['quadlet-refused-value:3']);
    const net = (lines: string[]) =>
      errors(unit(['[Network]', ...lines]), '5.8', `${dir}/n.network`).map((f) => f.range.start.line);
    assert.deepEqual(net(['Subnet=10.0.0.0/24', 'Gateway=10.0.0.1', 'Gateway=10.0.0.2']), [3]);
    assert.deepEqual(net(['IPRange=10.0.0.0/28']), [1]);
    const build = (lines: string[]) =>
      errors(unit(['[Build]', 'ImageTag=localhost/x', ...lines]), '5.8', `${dir}/b.build`).map(
        (f) => `${f.ruleName}:${f.range.start.line}`,
      );
    assert.deepEqual(build(['File=Containerfile']), ['quadlet-refused-value:2']);
    assert.deepEqual(build(['File=Containerfile', 'SetWorkingDirectory=unit']), []);
    assert.deepEqual(build(['SetWorkingDirectory=yaml']), ['quadlet-refused-value:2']);
  });
});
