/**
 * The run profile from the engine's own facts (security/engineProfile.ts), on /version and /info
 * answers captured from real engines (test/fixtures/engine/api). The engine test sandbox.test.ts
 * checks it against the HostConfig of each container it boots (unprivileged, seccomp=unconfined,
 * --cap-add SYS_ADMIN, --privileged); the extension sends it to the server on connect.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { factsFromApi, type EngineFacts } from '../../shared/engine/facts';
import { connectedEngineProfile, profileFromEngine } from '../../shared/engineProfile';
import { mergeConfigs } from '../../server/src/core/config';

const API = path.resolve(__dirname, '../../../test/fixtures/engine/api');
const facts = (name: string): EngineFacts =>
  factsFromApi(
    JSON.parse(fs.readFileSync(path.join(API, `${name}-version.json`), 'utf8')),
    JSON.parse(fs.readFileSync(path.join(API, `${name}-info.json`), 'utf8')),
  );

describe('the run profile from engine facts', () => {
  const docker = facts('docker-20.10');
  const podman = facts('podman-4.3');

  it('Docker: the default, and what each container privilege makes of it', () => {
    assert.deepEqual(profileFromEngine(docker), { profile: 'docker', basis: 'Docker, unprivileged, cgroup v1' });
    assert.equal(profileFromEngine(docker, { Privileged: true }).profile, 'docker-privileged');
    assert.equal(profileFromEngine(docker, { CapAdd: ['SYS_ADMIN'] }).profile, 'docker-sys-admin');
    assert.equal(profileFromEngine(docker, { CapAdd: ['CAP_SYS_ADMIN'] }).profile, 'docker-sys-admin');
    // Every capability is what --privileged gives systemd's sandboxing (CAP_NET_ADMIN for PrivateNetwork=).
    assert.deepEqual(profileFromEngine(docker, { CapAdd: ['ALL'] }), {
      profile: 'docker-privileged',
      basis: 'Docker, every capability, cgroup v1',
    });
    assert.equal(
      profileFromEngine(docker, { CapAdd: ['SYS_ADMIN'], CgroupnsMode: 'private' }).basis,
      'Docker, --cap-add SYS_ADMIN, cgroup v1, private cgroup namespace',
    );
    assert.equal(profileFromEngine(docker, { CapAdd: ['NET_ADMIN'] }).profile, 'docker');
    assert.equal(
      profileFromEngine(docker, { SecurityOpt: ['seccomp=unconfined'] }).profile,
      'docker-seccomp-unconfined',
    );
    assert.equal(
      profileFromEngine(docker, { SecurityOpt: ['seccomp:unconfined'] }).profile,
      'docker-seccomp-unconfined',
    );
    assert.equal(
      profileFromEngine(docker, { SecurityOpt: ['seccomp=unconfined'], CapAdd: ['SYS_ADMIN'] }).profile,
      'docker-sys-admin',
    );
  });

  it('the cgroup layout and a user namespace are part of the basis', () => {
    const hybrid = { ...docker, cgroupLayout: 'hybrid' as const };
    assert.equal(profileFromEngine(hybrid).basis, 'Docker, unprivileged, cgroup v1 (hybrid)');
    const remap = { ...docker, securityOptions: [...docker.securityOptions, 'name=userns'] };
    assert.deepEqual(profileFromEngine(remap), {
      profile: 'docker',
      basis: 'Docker, unprivileged, user namespace, cgroup v1',
    });
    const rootless = {
      ...docker,
      rootless: true,
      cgroupVersion: 2 as const,
      securityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns'],
    };
    assert.deepEqual(profileFromEngine(rootless), {
      profile: 'docker',
      basis: 'Docker, unprivileged, rootless, cgroup v2',
    });
  });

  it('Podman: rootful or rootless from its own answer', () => {
    assert.equal(podman.engine, 'podman');
    assert.deepEqual(profileFromEngine(podman), { profile: 'podman', basis: 'Podman, unprivileged, cgroup v1' });
    assert.equal(profileFromEngine({ ...podman, rootless: true }).profile, 'podman-rootless');
    assert.equal(profileFromEngine(podman, { CapAdd: ['SYS_ADMIN'] }).profile, 'docker-sys-admin');
  });

  it("the extension sends the connected engine's profile, with run.privileged, and none while not connected", () => {
    assert.equal(connectedEngineProfile(undefined, true), null);
    assert.equal(connectedEngineProfile(podman, false)?.profile, 'podman');
    assert.equal(connectedEngineProfile(docker, false)?.profile, 'docker');
    assert.equal(connectedEngineProfile(docker, true)?.profile, 'docker-privileged');
  });

  it("the server takes it as the default: a config file's runProfile wins over it", () => {
    assert.equal(mergeConfigs({ runProfile: 'podman' }, undefined, { severity: {} }).runProfile, 'podman');
    assert.equal(
      mergeConfigs({ runProfile: 'podman' }, { runProfile: 'nspawn' }, { severity: {} }).runProfile,
      'nspawn',
    );
  });
});
