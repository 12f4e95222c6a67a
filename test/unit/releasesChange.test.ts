import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeReleases, ReleasesChange } from '../../client/src/releasesChange';

it("the running containers' releases are told and logged once per change, not at every engine event", () => {
  const change = new ReleasesChange();
  const web = { name: 'web', dockerfile: '/w/Dockerfile', systemd: 252 };
  assert.equal(change.accept([]), false, 'none at first: nothing to tell');
  assert.equal(change.accept([web]), true);
  assert.equal(change.accept([{ ...web }]), false, 'the same answer again (a container event elsewhere)');
  assert.equal(change.accept([web, { name: 'db', podman: '5.4.2' }]), true);
  assert.equal(change.accept([]), true, 'all gone');
  change.accept([web]);
  change.forget(); // the language server restarted
  assert.equal(change.accept([web]), true);
  assert.equal(
    describeReleases([web, { name: 'db', podman: '5.4.2' }]),
    'web (/w/Dockerfile): systemd 252, no podman; db: no systemctl, Podman 5.4.2',
  );
});
