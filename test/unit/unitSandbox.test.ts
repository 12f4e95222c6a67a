/**
 * Judging a running container's services from `systemctl show` (shared/engine/unitSandbox.ts):
 * the values as systemd prints them, several units in one answer, the container's own profile.
 * test/engine/unitSandbox.test.ts checks the same on real containers.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { judgeShownSettings, parseShowBlocks, shownOn } from '../../shared/engine/unitSandbox';

// `systemctl show -p Id -p DynamicUser … a.service b.service` on systemd 252 (trimmed).
const SHOW = [
  'Id=app.service',
  'DynamicUser=yes',
  'PrivateUsers=yes',
  'PrivateTmp=yes',
  'ProtectSystem=strict',
  'ProtectProc=default',
  'ProcSubset=all',
  'BindReadOnlyPaths=/etc/hostname:/run/sct-hostname:rbind',
  'BindPaths=/srv:/srv:rbind',
  'TemporaryFileSystem=',
  'PrivateNetwork=yes',
  '',
  'Id=plain.service',
  'DynamicUser=no',
  'PrivateUsers=no',
  'PrivateTmp=no',
  'ProtectSystem=no',
  '',
].join('\n');

const keys = (profile: Parameters<typeof judgeShownSettings>[1], version = 257) =>
  judgeShownSettings(parseShowBlocks(SHOW).get('app.service')!, profile, version).map(
    (j) => `${j.key} ${j.verdict.outcome}`,
  );

describe('sandboxing of a running container’s services, for its own profile', () => {
  it('reads several units from one answer; values systemd prints for "off" are off', () => {
    const blocks = parseShowBlocks(SHOW);
    assert.deepEqual([...blocks.keys()], ['app.service', 'plain.service']);
    assert.deepEqual(judgeShownSettings(blocks.get('plain.service')!, { profile: 'docker', basis: '' }), []);
    assert.equal(shownOn('ProtectProc', 'default'), false);
    assert.equal(shownOn('ProcSubset', 'pid'), true);
    assert.equal(shownOn('BindPaths', '/srv:/srv:rbind'), false);
    assert.equal(shownOn('BindReadOnlyPaths', '/etc/hostname:/run/sct-hostname:rbind'), true);
  });

  it('unprivileged Docker: DynamicUser=, PrivateUsers= and the moved bind fail, the rest is ignored', () => {
    assert.deepEqual(keys({ profile: 'docker', basis: 'Docker, unprivileged' }), [
      'DynamicUser fails',
      'BindReadOnlyPaths fails',
      'PrivateUsers fails',
      'PrivateTmp ignored',
      'ProtectSystem ignored',
      'PrivateNetwork ignored',
    ]);
    const [dynamicUser] = judgeShownSettings(parseShowBlocks(SHOW).get('app.service')!, {
      profile: 'docker',
      basis: '',
    });
    assert.deepEqual(dynamicUser.fixes, ['--cap-add SYS_ADMIN']);
  });

  it('--cap-add SYS_ADMIN: nothing fails; only PrivateNetwork= is without its namespace from 257 on', () => {
    assert.deepEqual(keys({ profile: 'docker-sys-admin', basis: '' }), ['PrivateNetwork ignored']);
    assert.deepEqual(keys({ profile: 'docker-sys-admin', basis: '' }, 252), []);
  });

  it('Podman: user namespaces work, mount namespaces do not', () => {
    assert.deepEqual(keys({ profile: 'podman', basis: '' }), [
      'DynamicUser fails',
      'BindReadOnlyPaths fails',
      'PrivateTmp ignored',
      'ProtectSystem ignored',
      'PrivateNetwork ignored',
    ]);
  });
});
