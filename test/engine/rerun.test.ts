/**
 * "Re-run with the missing flags" (engine/rerun.ts): which run-profile flags a container lacks
 * for its diagnosis, read from real `docker inspect` output of hand-made containers on the test
 * dockerd and from inspect-shaped objects for what this host cannot make (cgroup v2, Podman),
 * and the run options that recreate a container with the flags added. The last test is the whole
 * flow at the engine level: a container started by hand without --tmpfs /run dies at boot (255),
 * the diagnosis names tmpfs-run, the re-run from its own options boots to running.
 */
import type Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bootContainer } from '../../shared/engine/boot';
import { diagnose, fetchDiagnosis } from '../../shared/engine/diagnosis';
import { type EngineFacts } from '../../shared/engine/facts';
import { imageFactsFromInspect, type ImageFacts } from '../../shared/engine/image';
import {
  missingFlags,
  omittedFlagsNamed,
  presentFlags,
  rerunName,
  rerunOptions,
  type ContainerInspectLike,
} from '../../shared/engine/rerun';
import { buildRunProfile, LABELS } from '../../shared/engine/runProfile';
import { engineSuite, profileInputs, removeCreated, RUN_ID, testLabels } from './helpers';

const engine = engineSuite();
const IMAGE = 'sct/debian-systemd:bookworm';
const STD_TMPFS = { '/run': '', '/run/lock': '', '/tmp': '' };
const CGROUP_RO = ['/sys/fs/cgroup:/sys/fs/cgroup:ro'];

/** A finding as the diagnosis makes it for each measured failure (docs/run-profile.md). */
const finding = (log: string) => diagnose({ log, tty: true, command: ['/lib/systemd/systemd'] });
const NO_RUN = finding(
  'Failed to mount tmpfs at /run: Operation not permitted\nFailed to mount tmpfs at /run/lock: Operation not ' +
    'permitted\nExiting PID 1...',
);
const NO_BIND = finding(
  'Failed to create /docker/0123abcd/init.scope control group: No such file or directory\nFailed to allocate ' +
    'manager object',
);
const RO_CGROUP = finding('Failed to create /init.scope control group: Read-only file system');
const CAPS = diagnose({
  log: '',
  startError: 'runc create failed: unable to start container process: unable to apply caps: operation not permitted',
});

describe('rerun.ts: missing run-profile flags', () => {
  let facts: EngineFacts;
  let image: ImageFacts;
  const created: string[] = [];

  before(async () => {
    ({ facts, image } = await profileInputs(engine.get().docker, IMAGE));
  });
  after(async () => {
    await removeCreated(engine.get().docker, created);
  });

  /** Creates (never starts) a container and returns its inspect. */
  async function inspectOf(create: Docker.ContainerCreateOptions): Promise<ContainerInspectLike> {
    const { docker } = engine.get();
    const c = await docker.createContainer({
      Image: IMAGE,
      Cmd: ['/lib/systemd/systemd'],
      Tty: true,
      ...create,
      Labels: { ...testLabels, ...(create.Labels ?? {}) },
    });
    created.push(c.id);
    return (await c.inspect()) as unknown as ContainerInspectLike;
  }

  it("the profile's own container has every flag; nothing is missing for any diagnosis", async () => {
    const profile = buildRunProfile(facts, image, { labels: testLabels });
    const info = await inspectOf(profile.create);
    for (const d of profile.decisions)
      if (d.id !== 'privileged' && d.id !== 'label' && d.id !== 'user')
        assert.ok(presentFlags(info, profile).has(d.id), `${d.id} read back from inspect`);
    for (const d of [NO_RUN, NO_BIND, RO_CGROUP]) assert.deepEqual(missingFlags(d, info, profile), []);
  });

  it(
    'by hand without --tmpfs /run: the /run diagnosis names ' + 'tmpfs-run (the /run/lock line is folded into it)',
    async () => {
      const profile = buildRunProfile(facts, image);
      const info = await inspectOf({ HostConfig: { Tmpfs: { '/run/lock': '', '/tmp': '' }, Binds: CGROUP_RO } });
      const missing = missingFlags(NO_RUN, info, profile);
      assert.deepEqual(
        missing.map((m) => m.flag),
        ['tmpfs-run'],
      );
      assert.equal(missing[0].decision.flag, '--tmpfs /run');
      assert.equal(missing[0].finding.id, 'no-tmpfs-run');
      // Other diagnoses do not invent flags the container has.
      assert.deepEqual(missingFlags(NO_BIND, info, profile), []);
    },
  );

  it('--tmpfs given with --mount type=tmpfs counts too', async () => {
    const profile = buildRunProfile(facts, image);
    const info = await inspectOf({
      HostConfig: {
        Mounts: [
          { Type: 'tmpfs', Target: '/run' },
          { Type: 'tmpfs', Target: '/run/lock' },
        ],
        Binds: CGROUP_RO,
      } as Docker.HostConfig,
    });
    assert.deepEqual(missingFlags(NO_RUN, info, profile), []);
  });

  it('cgroup v1 without the cgroupfs bind: cgroup-mount', async () => {
    const profile = buildRunProfile(facts, image);
    const info = await inspectOf({ HostConfig: { Tmpfs: STD_TMPFS } });
    assert.deepEqual(
      missingFlags(NO_BIND, info, profile).map((m) => `${m.flag} ${m.decision.flag}`),
      ['cgroup-mount -v /sys/fs/cgroup:/sys/fs/cgroup:rw'],
    );
  });

  it('cgroup v2 (inspect-shaped; no v2 host here): a read-only bind lacks the rw the profile wants', () => {
    const v2 = buildRunProfile({ ...facts, cgroupVersion: 2 }, image);
    const ro: ContainerInspectLike = {
      Path: '/lib/systemd/systemd',
      Config: { Tty: true },
      HostConfig: { Tmpfs: STD_TMPFS, Binds: CGROUP_RO, CgroupnsMode: 'private' },
    };
    assert.deepEqual(
      missingFlags(RO_CGROUP, ro, v2).map((m) => m.decision.flag),
      ['-v /sys/fs/cgroup:/sys/fs/cgroup:rw'],
    );
    const rw: ContainerInspectLike = {
      ...ro,
      HostConfig: { ...ro.HostConfig, Binds: ['/sys/fs/cgroup:/sys/fs/cgroup:rw'] },
    };
    assert.deepEqual(missingFlags(RO_CGROUP, rw, v2), []);
    // On v1 the same ro bind boots (the profile binds it rw, but nothing is missing).
    assert.deepEqual(missingFlags(RO_CGROUP, ro, buildRunProfile(facts, image)), []);
  });

  it(
    'a flag the profile does not set on this engine is never "missing" (Podman mounts the tmpfs itself); ' +
      '--privileged never is',
    () => {
      const podman = buildRunProfile({ ...facts, engine: 'podman', supportsCgroupns: false }, image);
      const bare: ContainerInspectLike = { Path: '/lib/systemd/systemd', Config: {}, HostConfig: {} };
      assert.deepEqual(missingFlags(NO_RUN, bare, podman), []);
      assert.deepEqual(missingFlags(CAPS, bare, buildRunProfile(facts, image)), []);
      assert.equal(CAPS.findings[0]?.flag, 'privileged');
    },
  );

  it('a run that left flags out: the left-out flags its diagnosis names', () => {
    assert.deepEqual(omittedFlagsNamed(NO_RUN, ['tmpfs-run', 'stop-signal']), ['tmpfs-run']);
    assert.deepEqual(omittedFlagsNamed(NO_RUN, ['tmpfs-tmp']), []);
    assert.deepEqual(omittedFlagsNamed(NO_RUN, undefined), []);
  });

  it("rerunOptions keeps the container's own additions and drops the image's and the profile's", async () => {
    const info = await inspectOf({
      Env: ['GREETING=hi', 'container=docker'],
      Labels: { team: 'a' },
      Hostname: 'box',
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: {
        Tmpfs: { '/run/lock': '', '/var/cache/x': '' },
        Binds: [...CGROUP_RO, '/srv:/data:ro'],
        PortBindings: { '8080/tcp': [{ HostPort: '18080', HostIp: '127.0.0.1' }] },
      },
    });
    const o = rerunOptions(info, image, ['tmpfs-run']);
    assert.deepEqual(o.env, { GREETING: 'hi' }, 'PATH comes from the image, container=docker from the profile');
    assert.deepEqual(
      o.labels,
      { ...testLabels, team: 'a' },
      "the image's labels (sct.cache-key, description) are not copied",
    );
    assert.equal(o.hostname, 'box');
    assert.deepEqual(o.volumes, [{ source: '/srv', target: '/data', readOnly: true }]);
    assert.deepEqual(o.extraTmpfs, ['/var/cache/x']);
    assert.deepEqual(o.publish, [{ containerPort: 8080, protocol: 'tcp', hostPort: 18080, hostIp: '127.0.0.1' }]);
    assert.equal(o.command, undefined, 'the profile adds /lib/systemd/systemd itself');
    assert.equal(o.omit, undefined, 'a container the profile did not make gets the whole profile');
    const plain = await inspectOf({ HostConfig: {} });
    assert.equal(
      rerunOptions(plain, image, []).hostname,
      undefined,
      "Docker's default hostname (the short id) is not copied",
    );
    const sbinInit = await inspectOf({ Cmd: ['/sbin/init'] });
    assert.deepEqual(rerunOptions(sbinInit, image, []).command, ['/sbin/init'], 'its own init is kept');
  });

  it('a managed container keeps its recorded choices, less the missing flags', () => {
    const p = buildRunProfile(facts, image, {
      omit: ['tmpfs-run', 'stop-signal'],
      extraTmpfs: ['/var/x'],
      labels: testLabels,
      source: { dockerfile: '/w/Dockerfile' },
    });
    const info: ContainerInspectLike = {
      Id: 'f'.repeat(64),
      Path: '/lib/systemd/systemd',
      Config: {
        Tty: true,
        Env: ['PATH=/usr/bin', 'container=docker'],
        Labels: { ...p.spec.labels },
        Hostname: 'ffffffffffff',
      },
      HostConfig: { Tmpfs: { '/run/lock': '', '/tmp': '', '/var/x': '' }, Binds: CGROUP_RO, CgroupnsMode: 'host' },
    };
    const img = imageFactsFromInspect({ Config: { Cmd: ['bash'], Env: ['PATH=/usr/bin'] } }, IMAGE);
    const o = rerunOptions(info, img, ['tmpfs-run']);
    assert.deepEqual(o.omit, ['stop-signal']);
    assert.deepEqual(o.extraTmpfs, ['/var/x']);
    assert.deepEqual(o.source, { dockerfile: '/w/Dockerfile' });
    assert.deepEqual(o.labels, testLabels);
    assert.equal(o.labels?.[LABELS.profile], undefined);
    assert.equal(o.tty, undefined);
    const again = buildRunProfile(facts, img, o);
    assert.deepEqual(again.spec.tmpfs, ['/run', '/run/lock', '/tmp', '/var/x']);
    assert.equal(again.spec.stopSignal, undefined, 'still left out, as recorded');
  });

  it('names: <name>-rerun, then -rerun-2', () => {
    assert.equal(rerunName('/web', new Set()), 'web-rerun');
    assert.equal(rerunName('web', new Set(['web-rerun', 'web-rerun-2'])), 'web-rerun-3');
  });

  it(
    'end to end: started by hand without --tmpfs /run → exit 255 → tmpfs-run missing → the re-run boots to ' +
      'running',
    async () => {
      const { docker, endpoint } = engine.get();
      const name = `sct-rerun-${RUN_ID}`;
      const dead = await docker.createContainer({
        name,
        Image: IMAGE,
        Cmd: ['/lib/systemd/systemd'],
        Tty: true,
        StopSignal: 'SIGRTMIN+3',
        Env: ['MARKER=kept'],
        Labels: testLabels,
        HostConfig: { Tmpfs: { '/run/lock': '', '/tmp': '' }, Binds: CGROUP_RO },
      });
      created.push(dead.id);
      await dead.start();
      const state = await waitExited(docker, dead.id);
      assert.equal(state.ExitCode, 255);
      const diagnosis = await fetchDiagnosis(docker, dead.id, { endpoint, imageHasSystemd: true });
      assert.equal(diagnosis.findings[0]?.id, 'no-tmpfs-run', diagnosis.summary);
      const info = (await dead.inspect()) as unknown as ContainerInspectLike;
      const missing = missingFlags(diagnosis, info, buildRunProfile(facts, image));
      assert.deepEqual(
        missing.map((m) => m.flag),
        ['tmpfs-run'],
      );
      const options = {
        ...rerunOptions(
          info,
          image,
          missing.map((m) => m.flag),
        ),
        name: rerunName(name, new Set([name])),
      };
      const profile = buildRunProfile(facts, image, options);
      const r = await bootContainer(docker, profile, { settleMs: 1000, endpoint });
      created.push(r.containerId);
      assert.equal(r.status, 'running', JSON.stringify(r).slice(0, 800));
      const rerun = await docker.getContainer(r.containerId).inspect();
      assert.equal(rerun.Name, `/${name}-rerun`);
      assert.ok('/run' in (rerun.HostConfig.Tmpfs ?? {}));
      assert.ok(rerun.Config.Env.includes('MARKER=kept'));
      assert.equal(rerun.Config.Labels?.[LABELS.managed], 'true');
    },
  );
});

async function waitExited(docker: Docker, id: string, timeoutMs = 15_000): Promise<{ ExitCode: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await docker.getContainer(id).inspect()).State;
    if (!s.Running && s.Status === 'exited') return s;
    if (Date.now() > deadline) throw new Error(`container ${id.slice(0, 12)} still ${s.Status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
