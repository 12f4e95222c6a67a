/** Tests of SCT402 unknown-key: a key its section does not take. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFixClean, names, only, unit } from '../../../unitHelpers';
import { SVC, base } from '../serviceInputs';

describe('SCT402 unknown-key', () => {
  it('reports a typo with the nearest key as fix; case-only typos are preferred fixes', () => {
    const text = base(['ExecStart=/usr/bin/web', 'Restrat=always', 'execreload=/bin/kill -HUP $MAINPID']);
    const found = only(SVC, text, 'unknown-key');
    assert.deepEqual(
      found.map((f) => f.fixes[0].title),
      ['Rename to Restart=', 'Rename to ExecReload='],
    );
    assert.deepEqual(
      found.map((f) => f.fixes[0].preferred),
      [false, true],
    );
    assert.equal(found[0].severity, 'warning');
    let fixed = applyFixClean(SVC, text, found[0]);
    fixed = applyFixClean(SVC, fixed, only(SVC, fixed, 'unknown-key')[0]);
    assert.deepEqual(names(SVC, fixed), []);
  });

  it('a key far from every known key gets no rename; severity is configurable', () => {
    const text = base(['ExecStart=/usr/bin/web', 'VendorThing=1']);
    const [f] = only(SVC, text, 'unknown-key');
    assert.deepEqual(f.fixes, []);
    assert.match(
      f.message,
      /VendorThing= is not a key of \[Service\] in service files: systemd warns and ignores it \(unknown to systemd \d+\)\.$/,
    );
    assert.match(f.detail ?? '', /newer release or a vendor extension/);
    assert.equal(
      only(SVC, text, 'unknown-key', { config: { severity: { 'unknown-key': 'info' } } })[0].severity,
      'info',
    );
    assert.deepEqual(only(SVC, text, 'unknown-key', { config: { ignore: ['SCT402'] } }), []);
  });

  it("in Quadlet's own sections an unknown key is an error (the generator rejects the file)", () => {
    const text = unit([
      '[Container]',
      'Image=quay.io/fedora/fedora',
      'PublishPorts=8080:80',
      '[Service]',
      'Restart=always',
    ]);
    const [f] = only('/w/web.container', text, 'unknown-key');
    assert.equal(f.severity, 'error');
    assert.equal(f.fixes[0].title, 'Rename to PublishPort=');
    applyFixClean('/w/web.container', text, f);
  });
});
