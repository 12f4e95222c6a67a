/**
 * Tests of SCT605 nspawn-privileged-setting-ignored: a privileged setting in a .nspawn file next
 * to the image, where it is ignored.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { debPath, readManPages } from '../../../../../scripts/directives/debs';
import { NSPAWN_PRIVILEGED, nspawnLocation } from '../../../../../server/src/kinds/nspawn/privilegedSettings';
import { directiveSource } from '../../../../../server/src/kinds/unit/knowledge/directives';
import { only, unit } from '../../../unitHelpers';
import { NEXT_TO_IMAGE, TRUSTED } from '../nspawnPaths';

describe('SCT605 nspawn-privileged-setting-ignored', () => {
  it('privileged settings next to the image are reported; the same file in /etc is not', () => {
    const text = unit([
      '[Exec]',
      'Boot=yes',
      'Capability=CAP_NET_ADMIN',
      'DropCapability=CAP_SYS_MODULE',
      '[Files]',
      'Bind=/srv:/srv',
      'ReadOnly=yes',
      '[Network]',
      'VirtualEthernet=yes',
      'Port=80',
    ]);
    assert.deepEqual(
      only(NEXT_TO_IMAGE, text, 'nspawn-privileged-setting-ignored').map((f) => f.range.start.line),
      [2, 5, 8, 9],
    );
    assert.deepEqual(only(TRUSTED, text, 'nspawn-privileged-setting-ignored'), []);
    assert.deepEqual(
      only('/home/me/proj/mkosi.nspawn', text, 'nspawn-privileged-setting-ignored'),
      [],
      'location unknown: not reported',
    );
    assert.equal(nspawnLocation('/usr/local/lib/machines/x.nspawn'), 'image');
    assert.equal(nspawnLocation('/run/systemd/nspawn/x.nspawn'), 'trusted');
  });

  it('the list of privileged settings is the one systemd.nspawn(5) marks', (t) => {
    const version = directiveSource.packages['systemd-container'];
    const deb = debPath('systemd-container', version);
    if (!fs.existsSync(deb)) {
      t.skip(`${deb} not cached (bash .ci/manpages-setup.sh)`);
      return;
    }
    const roff = readManPages([deb], ['systemd.nspawn.5.gz']).get('systemd.nspawn.5.gz')!;
    const fromPage: Record<string, string[]> = {};
    for (const part of roff
      .split(/^\.SH "\[(\w+)\] SECTION OPTIONS"$/m)
      .slice(1)
      .reduce<[string, string][]>((acc, x, i, arr) => (i % 2 === 0 ? [...acc, [x, arr[i + 1]]] : acc), [])) {
      const section = part[0][0] + part[0].slice(1).toLowerCase();
      const body = part[1];
      for (const entry of body.split(/^\.PP$/m)) {
        const m = /^\n((?:\\fI\w+=\\fR(?:, )?)+)\n\.RS 4\n([\s\S]*?)^\.RE$/m.exec(entry);
        if (!m) continue;
        const keys = [...m[1].matchAll(/\\fI(\w+)=\\fR/g)].map((x) => x[1]);
        const text = m[2].replace(/\n/g, ' ');
        const single = /Note that \\fI(\w+)=\\fR is a privileged setting/.exec(text);
        if (single) (fromPage[section] ??= []).push(single[1]);
        else if (/(option|setting|options|settings) (is|are) privileged/.test(text))
          (fromPage[section] ??= []).push(...keys);
      }
    }
    assert.deepEqual(fromPage, NSPAWN_PRIVILEGED);
  });
});
