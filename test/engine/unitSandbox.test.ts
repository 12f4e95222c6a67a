/**
 * Units inside a running container are judged for that container's own profile (what the System
 * Containers view shows on unit nodes): the same image booted unprivileged and with --cap-add
 * SYS_ADMIN on the real dockerd; the profile is read from each container's inspect, and every
 * verdict is checked against what the unit really did in that container.
 */
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { bootContainer } from '../../shared/engine/boot';
import { fetchFacts, type EngineFacts } from '../../shared/engine/facts';
import { inspectImage } from '../../shared/engine/image';
import { buildRunProfile, type RunProfile } from '../../shared/engine/runProfile';
import { containerTarget } from '../../shared/engine/exec';
import { listUnits, removeContainer, stopContainer, unitProperty } from '../../shared/engine/units';
import { containerProfile, judgeUnitsSandbox } from '../../shared/engine/unitSandbox';
import { buildFixture, engineSuite, removeCreated, removeImage, RUN_ID, testLabels } from './helpers';

const engine = engineSuite();

function withCapAdd(profile: RunProfile, caps: string[]): RunProfile {
  const host = { ...profile.create.HostConfig, CapAdd: caps };
  return { ...profile, create: { ...profile.create, HostConfig: host } };
}

describe("units in a running container are judged for that container's profile", () => {
  let facts: EngineFacts;
  let tag = '';
  const created: string[] = [];

  before(async () => {
    facts = await fetchFacts(engine.get().docker);
    tag = (await buildFixture(engine.get().docker, 'sandbox', 'bookworm')).tag;
  });

  after(async () => {
    await removeCreated(engine.get().docker, created);
    if (tag) await removeImage(engine.get().docker, tag);
  });

  const cases = [
    { name: 'unprivileged', caps: [] as string[], profile: 'docker', dynamicUserFails: true },
    { name: '--cap-add SYS_ADMIN', caps: ['SYS_ADMIN'], profile: 'docker-sys-admin', dynamicUserFails: false },
  ];
  for (const c of cases) {
    it(`${c.name}: DynamicUser= ${c.dynamicUserFails ? 'is' : 'is not'} flagged, as the unit really fares`, async () => {
      const { docker } = engine.get();
      const image = await inspectImage(docker, tag, { probeSystemd: true, probeLabels: testLabels });
      const base = buildRunProfile(facts, image, {
        name: `unit-sandbox-${c.caps.length}-${RUN_ID}`,
        labels: testLabels,
      });
      const r = await bootContainer(docker, withCapAdd(base, c.caps), { settleMs: 1000 });
      if (r.status !== 'failed') created.push(r.containerId);
      assert.ok(r.status === 'running' || r.status === 'degraded', JSON.stringify(r));
      const target = containerTarget(docker, r.containerId);

      const profile = await containerProfile(docker, r.containerId, facts);
      assert.equal(profile.profile, c.profile, profile.basis);
      const services = (await listUnits(target, { all: true, types: ['service'] })).map((u) => u.unit);
      const judged = await judgeUnitsSandbox(target, services, profile);
      assert.equal(judged.systemdVersion, 252);

      const dynamicUser = judged.units['sct-sb-DynamicUser.service'] ?? [];
      const state = `${await unitProperty(target, 'sct-sb-DynamicUser.service', 'ActiveState')} ${await unitProperty(
        target,
        'sct-sb-DynamicUser.service',
        'ExecMainStatus',
      )}`;
      if (c.dynamicUserFails) {
        const finding = dynamicUser.find((j) => j.key === 'DynamicUser');
        assert.ok(finding && finding.verdict.outcome === 'fails', JSON.stringify(dynamicUser));
        assert.equal(finding.verdict.outcome === 'fails' && finding.verdict.status, '226/NAMESPACE');
        assert.deepEqual(finding.fixes, ['--cap-add SYS_ADMIN']);
        assert.equal(state, 'failed 226');
      } else {
        // Not flagged at all: neither DynamicUser= nor what it implies (PrivateTmp=, ProtectSystem=…) is held back.
        assert.deepEqual(dynamicUser, []);
        assert.equal(state, 'active 0');
      }
      // Every service the table says fails here did fail, with that status; every other one runs.
      for (const unit of services.filter((u) => u.startsWith('sct-sb-'))) {
        const fails = (judged.units[unit] ?? []).filter((j) => j.verdict.outcome === 'fails');
        const real = `${await unitProperty(target, unit, 'ActiveState')} ${await unitProperty(target, unit, 'ExecMainStatus')}`;
        if (fails.length === 0) assert.equal(real, 'active 0', unit);
        else
          assert.ok(
            fails.some((j) => j.verdict.outcome === 'fails' && real === `failed ${j.verdict.status.split('/')[0]}`),
            `${unit}: ${real}, judged ${JSON.stringify(fails)}`,
          );
      }
      // PrivateTmp= protects nothing unprivileged and is enforced with SYS_ADMIN.
      const privateTmp = (judged.units['sct-sb-PrivateTmp.service'] ?? []).map((j) => `${j.key} ${j.verdict.outcome}`);
      assert.deepEqual(privateTmp, c.dynamicUserFails ? ['PrivateTmp ignored'] : []);

      const stop = await stopContainer(docker, r.containerId, { timeoutSec: 10 });
      assert.equal(stop.exitCode, 0);
      await removeContainer(docker, r.containerId);
      created.splice(created.indexOf(r.containerId), 1);
    });
  }
});
