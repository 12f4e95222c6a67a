/**
 * Quadlet per Podman release, without the real generator (the differential against quadlet -dryrun
 * is scripts/quadlet/differential.ts, its own CI step): the committed key tables are what the
 * generator makes from Podman's source, the target release changes the verdicts, and Podman's own
 * test files get the verdicts its test suite expects of the generator.
 */
import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initLinter, lintFile } from '../../server/src/lint';
import { generate, OUTPUT, readKeyTable } from '../../scripts/quadlet/generateKeys';
import { loadSuite, podmanQuadletDir, testedFiles } from '../../scripts/quadlet/suite';
import { lintCase, linesOfMessage } from '../../scripts/quadlet/compare';
import { quadletTarget } from '../../server/src/knowledge/quadletKeys';
import { memoryFs, unit } from './unitHelpers';

before(() => initLinter());

const C = '/etc/containers/systemd/web.container';
const errors = (text: string, podmanVersion?: string, file = C, fsys?: ReturnType<typeof memoryFs>) =>
  lintFile('quadlet', text, { path: file, podmanVersion, ...fsys }).filter((f) => f.severity === 'error');
const ids = (text: string, podmanVersion?: string) =>
  lintFile('quadlet', text, { path: C, podmanVersion }).map((f) => `${f.ruleId}:${f.range.start.line}`);

describe('key tables from the generator source', () => {
  it('regenerating gives the committed bytes', () => {
    assert.equal(generate(), fs.readFileSync(OUTPUT, 'utf8'));
  });

  it('reads both source layouts: supportedXKeys maps (5.4) and groupsInfo entries (5.5 on)', () => {
    const consts =
      'const (\n\tKeyImage = "Image"\n\tKeyOld = "OldKey" // deprecated\n' +
      '\tKeyDefaultDependencies = "DefaultDependencies"\n)\n';
    const groups = ['Container', 'Volume', 'Network', 'Kube', 'Image', 'Build', 'Pod', 'Quadlet'];
    const old =
      consts +
      groups.map((g) => `supported${g}Keys = map[string]bool{\n\tKeyImage: true,\n\tKeyOld: true,\n}\n`).join('');
    const t = readKeyTable(old, 'old');
    assert.deepEqual(t.groups.Container, ['Image', 'OldKey']);
    assert.deepEqual(t.deprecated, ['OldKey']);
    const newer =
      consts +
      groups.map((g) => `\t${g}Group = "${g}"\n`).join('') +
      'groupsInfo = map[string]GroupInfo{\n' +
      groups
        .map(
          (g) =>
            `\t${g}Group: {\n\t\tGroupName: ${g}Group,\n` +
            '\t\tSupportedKeys: map[string]bool{\n\t\t\tKeyImage: true,\n\t\t},\n\t},\n',
        )
        .join('') +
      '}\n';
    assert.deepEqual(readKeyTable(newer, 'new').groups.Pod, ['Image']);
    assert.throws(() => readKeyTable(consts, 'empty'), /no supported keys found for \[Container\]/);
  });
});

describe('the target Podman release changes the verdict', () => {
  const probe = unit(['[Container]', 'Image=quay.io/fedora/fedora:41', 'HttpProxy=false', 'RemapUsers=auto']);
  it('a key new in 5.8 is an error at 5.4 that says when it came, quiet at 5.8 and by default (the newest)', () => {
    const [e] = errors(probe, '5.4');
    assert.equal(e.ruleName, 'unknown-key');
    assert.equal(e.range.start.line, 2);
    assert.match(e.message, /Podman 5\.4 \(it arrived in Podman 5\.8\)/);
    assert.deepEqual(errors(probe, '5.8'), []);
    assert.deepEqual(errors(probe), []);
  });
  it('a deprecated key the generator still reads is a warning naming its replacement, at every release', () => {
    for (const v of ['5.4', '5.8'])
      assert.deepEqual(
        ids(probe, v).filter((i) => i.startsWith('SCT511')),
        ['SCT511:3'],
      );
    assert.match(lintFile('quadlet', probe, { path: C }).find((f) => f.ruleId === 'SCT511')!.message, /use UserNS=/);
  });
  it('a Podman before 4.4 has no Quadlet; a release between tables uses the nearest older one', () => {
    const f = lintFile('quadlet', probe, { path: C, podmanVersion: '4.3' }).find(
      (x) => x.ruleName === 'quadlet-unavailable',
    );
    assert.match(f!.message, /Podman 4\.3 has no Quadlet \(it arrived in Podman 4\.4\)/);
    assert.equal(
      lintFile('quadlet', probe, { path: C, podmanVersion: '5.4' }).some((x) => x.ruleName === 'quadlet-unavailable'),
      false,
    );
    assert.deepEqual(quadletTarget('5.6.1'), {
      quadlet: true,
      version: '5.6.1',
      release: '5.4',
      source: 'podman v5.4.2 pkg/systemd/quadlet/quadlet.go',
    });
    assert.equal((quadletTarget('4.9') as { release: string }).release, '5.4');
  });
  it('a misspelt key still gets its suggestion, a key of another group is unknown', () => {
    const [e] = errors(unit(['[Container]', 'Image=quay.io/a/b', 'Imag=x']), '5.4');
    assert.match(e.message, /did you mean Image=\?/);
    // one sentence: what is wrong, what the generator does, the suggestion last (issue 22: no "?:" inside)
    assert.equal(
      e.message,
      'Imag= is not a key of [Container] for Quadlet of Podman 5.4: the generator refuses the file ' +
        '("unsupported key") and makes no service; did you mean Image=?',
    );
    assert.equal(errors(unit(['[Container]', 'Image=quay.io/a/b', 'Yaml=x']), '5.8')[0].ruleName, 'unknown-key');
  });
});

describe('quadlet-refused-value and quadlet-missing-reference', () => {
  const dir = '/etc/containers/systemd';
  const fsys = memoryFs({
    [`${dir}/web.container`]: '',
    [`${dir}/db.network`]: '[Network]\n',
    [`${dir}/sub/app.pod`]: '[Pod]\n',
  });
  const one = (lines: string[], v?: string) =>
    errors(unit(['[Container]', 'Image=quay.io/a/b', ...lines]), v, C, fsys).map(
      (f) => `${f.ruleName}:${f.range.start.line}`,
    );
  it('values and combinations the generator refuses, on their line', () => {
    assert.deepEqual(one(['Rootfs=/srv/root']), ['quadlet-refused-value:2']);
    assert.deepEqual(one(['ExposeHostPort=80', 'ExposeHostPort=http']), ['quadlet-refused-value:3']);
    assert.deepEqual(one(['Group=1000']), ['quadlet-refused-value:2']);
    assert.deepEqual(one(['User=1000', 'Group=1000']), []);
    assert.deepEqual(one(['UserNS=keep-id', 'RemapUsers=auto']), ['quadlet-refused-value:3']);
    assert.deepEqual(one(['RemapUsers=sideways']), ['quadlet-refused-value:2']);
    assert.deepEqual(one(['Pod=mypod']), ['quadlet-refused-value:2']);
    assert.deepEqual(
      one(['Mount=type=bind,destination=/x', 'Mount=type=tmpfs,destination=/t', 'Mount="type=bind,src=/a b,dst=/c"']),
      ['quadlet-refused-value:2'],
    );
    assert.deepEqual(one(['Network=db.container:ip=10.0.0.2']).sort(), [
      'quadlet-missing-reference:2',
      'quadlet-refused-value:2',
    ]);
    // ReloadCmd= is a 5.8 key: at 5.4 unknown, at 5.8 exclusive with ReloadSignal=
    assert.deepEqual(one(['ReloadCmd=/bin/true', 'ReloadSignal=SIGHUP']), ['quadlet-refused-value:3']);
    const net = (lines: string[]) =>
      errors(unit(['[Network]', ...lines]), '5.8', `${dir}/n.network`).map((f) => f.range.start.line);
    assert.deepEqual(net(['Subnet=10.0.0.0/24', 'Gateway=10.0.0.1', 'Gateway=10.0.0.2']), [3]);
    assert.deepEqual(net(['IPRange=10.0.0.0/28']), [1]);
    const build = (lines: string[]) =>
      errors(unit(['[Build]', 'ImageTag=localhost/x', ...lines]), '5.8', `${dir}/b.build`).map(
        (f) => `${f.ruleName}:${f.range.start.line}`,
      );
    assert.deepEqual(build(['File=Containerfile']), ['quadlet-refused-value:2']);
    assert.deepEqual(build(['File=Containerfile', 'SetWorkingDirectory=unit']), []);
    assert.deepEqual(build(['SetWorkingDirectory=yaml']), ['quadlet-refused-value:2']);
  });
  it('references: found beside it or below, else an error on the naming line; silent without access', () => {
    assert.deepEqual(one(['Network=db.network', 'Pod=app.pod', 'Volume=/srv:/srv']), []);
    assert.deepEqual(one(['Network=web.network', 'Volume=data.volume:/data', 'Image=x.build']), [
      'quadlet-missing-reference:2',
      'quadlet-missing-reference:3',
      'quadlet-missing-reference:4',
    ]);
    assert.deepEqual(errors(unit(['[Container]', 'Image=quay.io/a/b', 'Network=web.network'])), []);
    // [Unit] dependencies on Quadlet files are translated (and checked) from 5.8 on
    const dep = unit(['[Unit]', 'Requires=gone.container', '[Container]', 'Image=quay.io/a/b']);
    assert.deepEqual(
      errors(dep, '5.8', C, fsys).map((f) => f.range.start.line),
      [1],
    );
    assert.deepEqual(errors(dep, '5.4', C, fsys), []);
  });
  it("Quadlet's parser refuses what systemd only warns about, and continues a backslash with trailing blanks", () => {
    assert.deepEqual(
      errors(unit(['Image=quay.io/a/b', '[Container]', 'Image=quay.io/a/b'])).map((f) => f.ruleName),
      ['unit-syntax-error'],
    );
    assert.deepEqual(errors(unit(['[Container]', 'Image=quay.io/a/b', 'Exec=/bin/sh -c \\ ', '  "echo hi"'])), []);
  });
});

/** Podman's test suite says which of its files the generator must refuse (`## assert-failed`) and with what message. */
for (const [release, tag] of [
  ['5.4', 'v5.4.2'],
  ['5.8', 'v5.8.2'],
]) {
  describe(`Podman's own ${tag} Quadlet test files, judged for ${release}`, () => {
    it('no error on a file its suite expects to convert; an error on the line of the expected refusal', () => {
      const root = path.join(podmanQuadletDir(), tag);
      const tested = testedFiles(fs.readFileSync(path.join(root, 'quadlet_test.go'), 'utf8'));
      const problems: string[] = [];
      let refused = 0;
      let accepted = 0;
      for (const c of loadSuite(tag)) {
        if (!tested.has(c.name)) continue;
        const text = c.files[c.name];
        const errs = lintCase(c, release).filter((f) => f.severity === 'error');
        const expected = /^## assert-stderr-contains "(.*)"$/m.exec(text)?.[1];
        if (/^## assert-failed$/m.test(text)) {
          refused++;
          const lines = linesOfMessage(expected ?? '', text, c.name);
          if (!errs.some((f) => lines.has(f.range.start.line)))
            problems.push(
              `${c.name}: expected an error on line ${[...lines].map((l) => l + 1)} (${expected}); ` +
                `got ${errs.map((f) => `${f.ruleId}@${f.range.start.line + 1}`).join(', ') || 'none'}`,
            );
        } else {
          accepted++;
          if (errs.length)
            problems.push(
              `${c.name}: the suite converts it; we: ` +
                errs.map((f) => `line ${f.range.start.line + 1} ${f.ruleId} ${f.message}`).join(' | '),
            );
        }
      }
      assert.ok(refused >= 15 && accepted >= 150, `${refused} refused, ${accepted} accepted: the suite was not read`);
      assert.deepEqual(problems, []);
    });
  });
}
