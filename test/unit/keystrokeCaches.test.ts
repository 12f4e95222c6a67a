/**
 * The caches of the keystroke path (a Dockerfile's RUN analyses, a unit's Exec-line commands)
 * never change a finding: every corpus Dockerfile and service, edited as a user would (a line
 * inserted above everything, an Exec or RUN line changed, Environment= changed), is linted with
 * the caches warm from the previous version and again with them cleared; both give the same.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { initLinter, lintFile, type LintKind } from '../../server/src/lint';
import { clearRunCache } from '../../server/src/kinds/dockerfile/model';
import { clearUnitCommandCache } from '../../server/src/runspec/unitCommands';
import { loadCorpusFiles } from '../../bench/corpusFiles';

before(() => initLinter());

const root = path.resolve(__dirname, '..', '..', '..');

/** Versions of a text as typing makes them, each from the one before. */
function edits(text: string, kind: 'dockerfile' | 'unit'): string[] {
  const versions: string[] = [];
  let lines = text.split('\n');
  const push = () => versions.push(lines.join('\n'));
  const changeFirst = (re: RegExp, change: (line: string) => string) => {
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) {
      lines = [...lines];
      lines[i] = change(lines[i]);
      push();
    }
  };
  if (kind === 'dockerfile') {
    changeFirst(/^RUN /, (l) => `${l} && rm -rf /lib/systemd/system/multi-user.target.wants/*`);
    lines = ['# a comment typed at the top', ...lines];
    push();
    changeFirst(/^RUN /, (l) => l.replace(/^RUN /, 'RUN apt-get install -y openssh-server && '));
    changeFirst(/^ENV /, () => 'ENV container=docker PATH=/opt/bin:$PATH');
  } else {
    changeFirst(/^Exec\w*=/, (l) => `${l} --name app-$NAME`);
    lines = ['# a comment typed at the top', ...lines];
    push();
    const service = lines.findIndex((l) => /^\[Service\]/.test(l));
    if (service >= 0) {
      lines = [...lines.slice(0, service + 1), 'Environment=NAME=web IMAGE=debian', ...lines.slice(service + 1)];
      push();
      const post = 'ExecStartPost=/usr/bin/docker run -d --name ${NAME} ${IMAGE}';
      lines = [...lines.slice(0, service + 2), post, ...lines.slice(service + 2)];
      push();
      // The Exec lines that mention them read the same, and now say something else.
      changeFirst(/^Environment=NAME=web/, () => 'Environment=NAME=db IMAGE=jrei/systemd-debian:12');
    }
    changeFirst(/^ExecStart=/, (l) => l.replace('ExecStart=', 'ExecStart=-'));
  }
  return versions;
}

function lintBoth(kind: LintKind, text: string, file: string) {
  const warm = lintFile(kind, text, { path: file });
  clearRunCache();
  clearUnitCommandCache();
  const cold = lintFile(kind, text, { path: file });
  return { warm, cold };
}

for (const [kind, corpusKind, name] of [
  ['dockerfile', 'dockerfile', 'Dockerfile'],
  ['unit', 'unit', 'app.service'],
] as const) {
  it(`corpus ${corpusKind} files: findings with warm keystroke caches equal a cold lint's`, () => {
    const files = loadCorpusFiles(root, corpusKind);
    assert.ok(files.length >= 5, `corpus ${corpusKind} files found: ${files.length}`);
    let compared = 0;
    let found = 0;
    for (const f of files) {
      const file = `/keystroke/${f.id}/${name}`;
      lintFile(kind, f.text, { path: file }); // warms the caches with the file as it was
      for (const version of edits(f.text, kind)) {
        const { warm, cold } = lintBoth(kind, version, file);
        assert.deepEqual(warm, cold, `${f.id}: an edited version`);
        compared++;
        found += cold.length;
      }
    }
    assert.ok(compared >= files.length, `versions compared: ${compared}`);
    assert.ok(found > 0, 'the edited versions have findings to compare');
  });
}
