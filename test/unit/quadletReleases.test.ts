/**
 * Quadlet per Podman release, without the real generator (the differential against quadlet -dryrun
 * is scripts/quadlet/differential.ts, its own CI step): the committed key tables are what the
 * generator makes from Podman's source, the target release changes the verdicts, and Podman's own
 * test files get the verdicts its test suite expects of the generator.
 */
import * as fs from 'fs';
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as path from 'path';
import { linesOfMessage, lintCase } from '../../scripts/quadlet/compare';
import { OUTPUT, generate, readKeyTable } from '../../scripts/quadlet/generateKeys';
import { loadSuite, podmanQuadletDir, testedFiles } from '../../scripts/quadlet/suite';
import { initLinter } from '../../server/src/lint';
import { errors, probe } from './kinds/quadlet/releaseInputs';
import { unit } from './unitHelpers';

before(() => initLinter());

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
  it('a key new in 5.8 is an error at 5.4 that says when it came, quiet at 5.8 and by default (the newest)', () => {
    const [e] = errors(probe, '5.4');
    assert.equal(e.ruleName, 'unknown-key');
    assert.equal(e.range.start.line, 2);
    assert.match(e.message, /Podman 5\.4 \(it arrived in Podman 5\.8\)/);
    assert.deepEqual(errors(probe, '5.8'), []);
    assert.deepEqual(errors(probe), []);
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
