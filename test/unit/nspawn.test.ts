/**
 * .nspawn rules (SCT601-605): each check positive and negative, fixes applied and re-linted; the
 * list of privileged settings against systemd.nspawn(5) itself (when the pinned packages are cached).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { applyFixClean, names, only, unit } from './unitHelpers';
import { NSPAWN_PRIVILEGED, nspawnLocation } from '../../server/src/kinds/nspawn/privilegedSettings';
import { debPath, readManPages } from '../../scripts/directives/debs';
import { directiveSource } from '../../server/src/kinds/unit/knowledge/directives';
import { looksLikeInitArguments } from '../../server/src/kinds/nspawn/rules/nspawnParametersWithoutBoot';

const TRUSTED = '/etc/systemd/nspawn/web.nspawn';
const NEXT_TO_IMAGE = '/var/lib/machines/web.nspawn';

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

describe('SCT601 nspawn-all-capabilities', () => {
  it('Capability=all, not DropCapability=all nor a list', () => {
    const [f] = only(TRUSTED, unit(['[Exec]', 'Capability=all']), 'nspawn-all-capabilities');
    assert.equal(f.ruleId, 'SCT601');
    assert.match(f.message, /CAP_SYS_MODULE/);
    assert.deepEqual(
      only(
        TRUSTED,
        unit(['[Exec]', 'DropCapability=all', 'Capability=CAP_NET_ADMIN CAP_SYS_TIME']),
        'nspawn-all-capabilities',
      ),
      [],
    );
    assert.match(
      only(NEXT_TO_IMAGE, unit(['[Exec]', 'Capability=ALL']), 'nspawn-all-capabilities')[0].message,
      /ignored anyway/,
    );
  });
});

describe('SCT602 nspawn-port-without-veth', () => {
  it('VirtualEthernet=no: warning, fix turns it on', () => {
    const text = unit(['[Network]', 'VirtualEthernet=no', 'Port=8080']);
    const [f] = only(TRUSTED, text, 'nspawn-port-without-veth');
    assert.equal(f.severity, 'warning');
    applyFixClean(TRUSTED, text, f);
  });

  it('no link setting: info (machinectl adds --network-veth), fix adds VirtualEthernet=yes', () => {
    const text = unit(['[Exec]', 'Boot=yes', '', '[Network]', 'Port=tcp:8080:80']);
    const [f] = only(TRUSTED, text, 'nspawn-port-without-veth');
    assert.equal(f.severity, 'info');
    const fixed = applyFixClean(TRUSTED, text, f);
    assert.match(fixed, /\[Network\]\nPort=tcp:8080:80\nVirtualEthernet=yes\n/);
    const noNetwork = unit(['[Exec]', 'Boot=yes']);
    assert.deepEqual(only(TRUSTED, noNetwork, 'nspawn-port-without-veth'), []);
  });

  it('Zone= and Bridge= imply veth', () => {
    assert.deepEqual(only(TRUSTED, unit(['[Network]', 'Zone=web', 'Port=80']), 'nspawn-port-without-veth'), []);
    assert.deepEqual(only(TRUSTED, unit(['[Network]', 'Bridge=br0', 'Port=80']), 'nspawn-port-without-veth'), []);
  });
});

describe('SCT603 nspawn-parameters-without-boot', () => {
  it('init arguments without Boot=yes; the fix adds it', () => {
    const text = unit(['[Exec]', 'Parameters=systemd.unit=rescue.target']);
    const [f] = only(TRUSTED, text, 'nspawn-parameters-without-boot');
    assert.match(f.message, /systemd-nspawn runs "systemd.unit=rescue.target" as the command/);
    const fixed = applyFixClean(TRUSTED, text, f);
    assert.match(fixed, /Boot=yes/);
  });

  it('a command line, Boot=yes or ProcessTwo=yes: nothing', () => {
    assert.deepEqual(only(TRUSTED, unit(['[Exec]', 'Parameters=/bin/bash -l']), 'nspawn-parameters-without-boot'), []);
    assert.deepEqual(
      only(TRUSTED, unit(['[Exec]', 'Boot=on', 'Parameters=--log-level=debug']), 'nspawn-parameters-without-boot'),
      [],
    );
    assert.deepEqual(
      only(TRUSTED, unit(['[Exec]', 'ProcessTwo=yes', 'Parameters=--help']), 'nspawn-parameters-without-boot'),
      [],
    );
    assert.equal(looksLikeInitArguments('emergency'), true);
    assert.equal(looksLikeInitArguments('nginx'), false);
  });
});

describe('SCT604 nspawn-legacy-cgroup-param', () => {
  it('legacy/hybrid switches in Parameters= and Environment=; removal fix', () => {
    const text = unit([
      '[Exec]',
      'Boot=yes',
      'Parameters=systemd.legacy_systemd_cgroup_controller=yes quiet',
      'Environment=SYSTEMD_CGROUP_ENABLE_LEGACY_FORCE=1',
    ]);
    const found = only(TRUSTED, text, 'nspawn-legacy-cgroup-param');
    assert.equal(found.length, 2);
    assert.match(
      found[0].detail ?? '',
      /256 refuses to boot on cgroup v1 by default, 257 ignores such settings, and 258 removes/,
    );
    const fixed = applyFixClean(TRUSTED, text, found[0]);
    assert.match(fixed, /\nParameters=quiet\n/);
    assert.doesNotMatch(applyFixClean(TRUSTED, text, found[1]), /Environment=/);
    assert.equal(
      only(
        TRUSTED,
        unit(['[Exec]', 'Boot=yes', 'Parameters=systemd.unified_cgroup_hierarchy=0']),
        'nspawn-legacy-cgroup-param',
      ).length,
      1,
    );
    assert.deepEqual(
      only(
        TRUSTED,
        unit(['[Exec]', 'Boot=yes', 'Parameters=systemd.unified_cgroup_hierarchy=1']),
        'nspawn-legacy-cgroup-param',
      ),
      [],
    );
  });
});

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
