/** Tests of cgroupV1PathMount.ts. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initLinter, lintCompose, lintDevcontainer, lintUnitRunLines } from '../../../../server/src/lint';
import { CLEAN, names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';
import { at, bind, fixOf, spec } from './runSpecs';

before(() => initLinter());

describe('cgroup-v1-path-mount in compose files', () => {
  it('cgroup-v1-path-mount', () => {
    assert.ok(
      names(
        lines([
          'services:',
          '  sd:',
          '    image: x/systemd',
          '    volumes: ["/sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd:rw"]',
        ]),
      ).includes('compose-cgroup-v1-path-mount'),
    );
    assert.ok(!names(CLEAN).includes('compose-cgroup-v1-path-mount'));
  });
});

describe('cgroup-v1-path-mount: the run model and every format', () => {
  it('the cgroup v1 path is replaced by the writable cgroupfs bind, or only removed when privileged', () => {
    const v1 = bind('/sys/fs/cgroup/systemd', '/sys/fs/cgroup/systemd', false, 3);
    const unprivileged = spec((s) => s.mounts.push(v1));
    assert.deepEqual(fixOf(unprivileged, 'cgroup-v1-path-mount')?.edits, [
      { op: 'replace-with-cgroup-bind', mount: v1 },
      { op: 'set-cgroupns-host' },
    ]);
    const privileged = spec((s) => {
      s.mounts.push(v1);
      s.privileged = { value: true, range: at(1) };
    });
    const fix = fixOf(privileged, 'cgroup-v1-path-mount');
    assert.deepEqual(fix?.edits, [{ op: 'remove-mount', mount: v1 }]);
    assert.equal(fix?.title, 'Remove the /sys/fs/cgroup/systemd mount');
  });

  it('every format: beside a cgroupfs bind the v1 path is only removed (cgroupns is its own finding)', async () => {
    await initLinter();
    const image = 'jrei/systemd-debian:12';
    const root = '/sys/fs/cgroup:/sys/fs/cgroup';
    const v1 = '/sys/fs/cgroup/systemd:/sys/fs/cgroup/systemd';
    const texts = {
      compose: `services:\n  a:\n    image: ${image}\n    volumes:\n      - ${root}\n      - ${v1}\n`,
      devcontainer: `{"image": "${image}", "overrideCommand": false, "runArgs": ["-v", "${root}", "-v", "${v1}"]}\n`,
      unit: `[Service]\nExecStart=/usr/bin/docker run -v ${root} -v ${v1} ${image} /sbin/init\n`,
    };
    const findings = [lintCompose(texts.compose), lintDevcontainer(texts.devcontainer), lintUnitRunLines(texts.unit)];
    for (const found of findings) {
      const v1Path = found.find((f) => f.ruleName.endsWith('cgroup-v1-path-mount'));
      assert.deepEqual(
        v1Path?.fixes.map((x) => x.title),
        ['Remove the /sys/fs/cgroup/systemd mount'],
        v1Path?.ruleName,
      );
      assert.ok(
        v1Path?.fixes[0].edits.every((e) => e.newText === ''),
        `${v1Path?.ruleName} only deletes`,
      );
      const cgroupns = found.find((f) => f.ruleName.endsWith('cgroup-rw-without-cgroupns-host'));
      assert.match(cgroupns?.fixes[0]?.title ?? '', /^Add (cgroup: host|--cgroupns=host)/, cgroupns?.ruleName);
    }
  });
});
