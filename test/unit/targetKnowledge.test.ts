/**
 * The target release everywhere (issue 17's last gaps): "auto" from what running containers say
 * of themselves, hover naming the Podman release that judged a Quadlet key, `.artifact` files
 * (Podman 5.8) linted and told at 5.4 that nothing reads them, completion offering the target
 * release's keys, a Podman before Quadlet getting SCT510 alone, and the known Podman releases
 * coming from the generated tables. The engine half (asking a real container) is
 * test/engine/releaseProbe.test.ts.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { describeTargets, initLinter, lintFile } from '../../server/src/lint';
import { resolveTargets, systemdTableFor } from '../../server/src/kinds/unit/target';
import type { ContainerReleases } from '../../shared/containerReleases';
import { unitHover } from '../../server/src/kinds/unit/hover';
import { unitCompletion } from '../../server/src/kinds/unit/completion';
import {
  KNOWN_PODMAN_RELEASES,
  KNOWN_SYSTEMD_RELEASES,
  parsePodmanVersion,
} from '../../server/src/core/targetVersions';
import { quadletReleases, quadletTarget } from '../../server/src/knowledge/quadletKeys';
import { PACKAGE_JSON, packageJsonWithReleases, readGroupDocs } from '../../scripts/quadlet/generateKeys';
import { detectKind } from '../../server/src/kinds/detect';
import { parsePodmanVersionOutput, parseSystemctlVersion } from '../../shared/engine/releaseProbe';
import { memoryFs, unit } from './unitHelpers';

before(() => initLinter());

const hoverText = (h: ReturnType<typeof unitHover>) => (h ? (h.contents as { value: string }).value : '');
const labels = (items: { label: string }[]) => items.map((i) => i.label);

const DOCKERFILE =
  'FROM debian:trixie\nRUN apt-get update && apt-get install -y systemd\n' +
  'COPY web.service /etc/systemd/system/\nCMD ["/lib/systemd/systemd"]\n';
const SERVICE = unit(['[Service]', 'ExecStart=/bin/true', 'MemoryKSM=yes']);

describe('"auto" asks running containers', () => {
  const files = { '/w/app/Dockerfile': DOCKERFILE, '/w/app/web.service': SERVICE, '/w/other/x.service': SERVICE };
  const access = memoryFs(files);
  const own: ContainerReleases = { name: 'web', dockerfile: '/w/app/Dockerfile', workspaceFolder: '/w', systemd: 252 };

  it("a container of the unit's image wins over its Debian base, and says so", () => {
    const t = resolveTargets('/w/app/web.service', {}, access, [own]);
    assert.equal(t.systemd.release, 252);
    assert.match(
      t.systemd.reason,
      /^auto: systemd 252 in running container web \(of the image \/w\/app\/Dockerfile builds\)$/,
    );
    // without it the base image decides (trixie: 257), as before
    assert.match(resolveTargets('/w/app/web.service', {}, access, []).systemd.reason, /the systemd of debian:trixie/);
    // the lint follows: MemoryKSM= arrived in 257
    const errors = lintFile('unit', SERVICE, { path: '/w/app/web.service', ...access, containers: [own] }).filter(
      (f) => f.ruleName === 'unknown-key',
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /unknown to systemd 252/);
    assert.deepEqual(
      lintFile('unit', SERVICE, { path: '/w/app/web.service', ...access, containers: [] }).filter(
        (f) => f.ruleName === 'unknown-key',
      ),
      [],
    );
    assert.match(
      describeTargets('unit', { path: '/w/app/web.service', ...access, containers: [own] }),
      /systemd 252 \(auto: systemd 252 in running container web/,
    );
  });

  it("a container of the unit's workspace counts after the image's base; an asked release wins over all", () => {
    const t = resolveTargets('/w/other/x.service', {}, access, [own]);
    assert.equal(t.systemd.release, 252);
    assert.match(t.systemd.reason, /in running container web \(from \/w\/app\/Dockerfile, in the unit's workspace\)/);
    assert.equal(
      resolveTargets('/elsewhere/x.service', {}, access, [own]).systemd.reason,
      'auto: the newest release known',
    );
    assert.deepEqual(resolveTargets('/w/app/web.service', { systemdVersion: 262 }, access, [own]).systemd, {
      release: 262,
      reason: 'as configured',
    });
  });

  it('a systemd between tables is judged with the nearest older one, and the reason says so', () => {
    assert.equal(systemdTableFor(255), 252);
    assert.equal(systemdTableFor(262), 262);
    assert.equal(systemdTableFor(249), 252);
    const t = resolveTargets('/w/app/web.service', {}, access, [{ ...own, systemd: 259 }]);
    assert.equal(t.systemd.release, 257);
    assert.match(t.systemd.reason, /systemd 259 in running container web .*judged with the systemd 257 table/);
  });

  it("Podman from a container: its release judges the Quadlet files of the unit's workspace", () => {
    const probe = unit(['[Container]', 'Image=quay.io/fedora/fedora:41', 'HttpProxy=false']);
    const q = { '/w/app/web.container': probe, '/w/app/Dockerfile': DOCKERFILE };
    const qa = memoryFs(q);
    const at = (podman: string) =>
      lintFile('quadlet', probe, { path: '/w/app/web.container', ...qa, containers: [{ ...own, podman }] });
    const t = resolveTargets('/w/app/web.container', {}, qa, [{ ...own, podman: '5.4.2' }]);
    assert.deepEqual(t.podman, {
      release: '5.4',
      reason: 'auto: Podman 5.4.2 in running container web (of the image /w/app/Dockerfile builds)',
    });
    assert.match(
      at('5.4.2').find((f) => f.ruleName === 'unknown-key')!.message,
      /Podman 5\.4 \(it arrived in Podman 5\.8\)/,
    );
    assert.deepEqual(
      at('5.8.6').filter((f) => f.severity === 'error'),
      [],
    );
    assert.deepEqual(
      at('4.3.1').map((f) => f.ruleName),
      ['quadlet-unavailable'],
    );
  });
});

describe('hover names the Podman release whose generator judged a Quadlet key', () => {
  const text = unit(['[Unit]', 'Description=web', '[Container]', 'Image=quay.io/a/b', 'HttpProxy=false']);
  const podman = (release: string) => ({ podman: { release, reason: 'as configured' } });
  it('a known key: the release, the source and why', () => {
    const h = hoverText(unitHover('/w/web.container', text, { line: 3, character: 1 }, podman('5.4')));
    assert.match(h, /\*\*Image=\*\*/);
    assert.match(
      h,
      /\*Judged for Quadlet of Podman 5\.4\* \(podman v5\.4\.2 pkg\/systemd\/quadlet\/quadlet\.go; as configured\)/,
    );
    const auto = hoverText(unitHover('/w/web.container', text, { line: 3, character: 1 }));
    assert.match(auto, /Podman 5\.8\* \(podman v5\.8\.2 .*auto: the newest release known\)/);
    // [Unit] is systemd's: the systemd release, not Podman's
    const u = hoverText(unitHover('/w/web.container', text, { line: 1, character: 1 }, podman('5.4')));
    assert.match(u, /Judged for systemd 262/);
    assert.doesNotMatch(u, /Podman/);
  });
  it('a key the release does not know: when it came; the section header names the release too', () => {
    assert.match(
      hoverText(unitHover('/w/web.container', text, { line: 4, character: 2 }, podman('5.4'))),
      /not a key of Quadlet of Podman 5\.4: it arrived in Podman 5\.8/,
    );
    assert.match(
      hoverText(unitHover('/w/web.container', text, { line: 4, character: 2 }, podman('5.8'))),
      /HttpProxy=.*Judged for Quadlet of Podman 5\.8/s,
    );
    assert.match(
      hoverText(unitHover('/w/web.container', text, { line: 2, character: 3 }, podman('5.4'))),
      /\[Container\].*Judged for Quadlet of Podman 5\.4/s,
    );
    assert.match(
      hoverText(unitHover('/w/web.container', text, { line: 3, character: 1 }, podman('4.3'))),
      /Podman 4\.3 has no Quadlet: nothing reads this file/,
    );
  });
});

describe('.artifact files (Podman 5.8)', () => {
  const ok = unit(['[Artifact]', 'Artifact=quay.io/libpod/testartifact:20250206-single', 'Retry=3']);
  const lintAt = (text: string, podmanVersion?: string) =>
    lintFile('quadlet', text, { path: '/etc/containers/systemd/a.artifact', podmanVersion });
  it('are Quadlet files by name and content', () => {
    assert.equal((detectKind('/etc/containers/systemd/a.artifact', ok) as { lint: string }).lint, 'quadlet');
    assert.equal((detectKind('/w/a.artifact', ok) as { lint: string }).lint, 'quadlet');
  });
  it("are judged with 5.8's keys: clean when good; a missing Artifact=, an unknown key: errors on their lines", () => {
    assert.deepEqual(lintAt(ok, '5.8'), []);
    assert.deepEqual(lintAt(ok), []);
    const missing = lintAt(unit(['[Artifact]', 'Retry=3']), '5.8');
    assert.deepEqual(
      missing.map((f) => `${f.ruleName}:${f.range.start.line}`),
      ['missing-required-key:0'],
    );
    assert.match(missing[0].message, /needs Artifact= in \[Artifact\]/);
    const bad = lintAt(unit(['[Artifact]', 'Artifact=quay.io/a/b', 'Image=quay.io/a/b']), '5.8');
    assert.deepEqual(
      bad.map((f) => `${f.ruleName}:${f.range.start.line}:${f.severity}`),
      ['unknown-key:2:error'],
    );
    assert.deepEqual(
      lintAt(unit(['[Artifact]', 'Artifact=quay.io/a/b', '[Bogus]', 'X=1']), '5.8').map((f) => f.ruleName),
      ['unknown-section'],
    );
  });
  it('at 5.4: that the file type does not exist there, and nothing else', () => {
    const found = lintAt(unit(['[Artifact]', 'Retry=3', 'Bogus=1']), '5.4');
    assert.deepEqual(
      found.map((f) => f.ruleName),
      ['quadlet-unavailable'],
    );
    assert.match(
      found[0].message,
      /The Quadlet of Podman 5\.4 does not read \.artifact files \(that file type arrived in Podman 5\.8\)/,
    );
    assert.deepEqual(quadletTarget('5.4', 'Artifact'), {
      quadlet: false,
      version: '5.4',
      missing: 'file-type',
      group: 'Artifact',
      since: '5.8',
      release: '5.4',
    });
  });
  it("hover and completion carry 5.8's man page", () => {
    const h = hoverText(unitHover('/w/a.artifact', ok, { line: 1, character: 2 }));
    assert.match(h, /The artifact to pull from a registry onto the local machine/);
    assert.match(h, /podman 5\.8/);
    const items = unitCompletion('/w/a.artifact', '[Artifact]\n\n', { line: 1, character: 0 });
    assert.ok(
      ['Artifact', 'AuthFile', 'Retry', 'TLSVerify'].every((k) => labels(items).includes(k)),
      labels(items).join(' '),
    );
    assert.ok(labels(unitCompletion('/w/a.artifact', '[', { line: 0, character: 1 })).includes('[Artifact]'));
  });
  it("the generator reads a new group's key text from the release's podman-systemd.unit(5)", () => {
    const md =
      '## Image units [Image]\n\n### `Image=`\n\nOld.\n\n## Artifact units [Artifact]\n\nIntro.\n\n' +
      '### `Artifact=`\n\nThe **artifact** to\npull.\n\nMore.\n\n### `Retry=`\n\nTimes\\.\n';
    assert.deepEqual(readGroupDocs(md, 'Artifact'), { Artifact: 'The artifact to pull.', Retry: 'Times.' });
    assert.throws(() => readGroupDocs(md, 'Nothing'), /no chapter for \[Nothing\]/);
  });
});

describe('completion offers the keys of the target release', () => {
  const at = (file: string, text: string, line: number, targets = {}) =>
    labels(unitCompletion(file, text, { line, character: 0 }, [], targets));
  it('systemd: a key new in 257 is offered at 257 and 262, not at 252', () => {
    const text = '[Service]\n\n';
    const sd = (release: number) => ({ systemd: { release, reason: 'as configured' } });
    assert.equal(at('/w/a.service', text, 1, sd(252)).includes('MemoryKSM'), false);
    assert.equal(at('/w/a.service', text, 1, sd(257)).includes('MemoryKSM'), true);
    assert.equal(at('/w/a.service', text, 1).includes('MemoryKSM'), true); // default: the newest
    assert.ok(at('/w/a.service', text, 1, sd(252)).includes('ExecStart'));
    const item = unitCompletion('/w/a.service', text, { line: 1, character: 0 }, [], sd(252)).find(
      (i) => i.label === 'ExecStart',
    )!;
    assert.match(item.detail!, /systemd 252/);
  });
  it('Quadlet: the target generator’s keys, its deprecated ones marked, undocumented ones included', () => {
    const text = '[Container]\n\n';
    const pm = (release: string) => ({ podman: { release, reason: 'as configured' } });
    assert.equal(at('/w/a.container', text, 1, pm('5.4')).includes('HttpProxy'), false);
    assert.equal(at('/w/a.container', text, 1, pm('5.8')).includes('HttpProxy'), true);
    const remap = unitCompletion('/w/a.container', text, { line: 1, character: 0 }, [], pm('5.4')).find(
      (i) => i.label === 'RemapUsers',
    )!;
    assert.deepEqual(remap.tags, [1]); // CompletionItemTag.Deprecated
    assert.match(remap.detail!, /Podman 5\.4 · deprecated/);
  });
});

describe('known releases come from the generated tables', () => {
  it('KNOWN_PODMAN_RELEASES is the Quadlet tables’ list, and the settings offer exactly the known releases', () => {
    assert.deepEqual([...KNOWN_PODMAN_RELEASES], quadletReleases());
    assert.equal(
      parsePodmanVersion(quadletReleases()[quadletReleases().length - 1], 'x'),
      quadletReleases()[quadletReleases().length - 1],
    );
    const text = fs.readFileSync(PACKAGE_JSON, 'utf8');
    // the regeneration writes the setting's choices too: the committed file is what it makes
    assert.equal(packageJsonWithReleases(text), text, 'package.json: run node out/scripts/quadlet/generateKeys.js');
    const pkg = JSON.parse(text);
    // contributes.configuration is a list of categories; the two settings may be in any of them
    const props = Object.assign(
      {},
      ...(pkg.contributes.configuration as { properties: Record<string, { enum: string[] }> }[]).map(
        (c) => c.properties,
      ),
    );
    const message = 'package.json: the settings must offer the releases of the generated tables';
    assert.deepEqual(props['systemdContainerTools.podmanVersion'].enum, ['auto', ...KNOWN_PODMAN_RELEASES], message);
    assert.deepEqual(
      props['systemdContainerTools.systemdVersion'].enum,
      ['auto', ...KNOWN_SYSTEMD_RELEASES.map(String)],
      message,
    );
  });
});

describe('what a container answers', () => {
  it('systemctl --version and podman --version, as their releases print them', () => {
    assert.equal(parseSystemctlVersion('systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT -SELINUX\n'), 252);
    assert.equal(parseSystemctlVersion('systemd 257 (257.13-1~deb13u1)\n'), 257);
    assert.equal(parseSystemctlVersion('System has not been booted\n'), undefined);
    assert.equal(parsePodmanVersionOutput('podman version 5.8.6\n'), '5.8.6');
    assert.equal(parsePodmanVersionOutput('podman-remote version 4.3.1\n'), '4.3.1');
    assert.equal(parsePodmanVersionOutput('sh: 1: podman: not found\n'), undefined);
  });
});
