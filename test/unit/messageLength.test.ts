/**
 * Messages are one line in VS Code's Problems panel and in CI logs: what is wrong and what to
 * do. Quotes, measurements and alternatives go to the finding's detail (the hover, JSON) and the
 * rule's explanation (the hover, docs/rules.md). Checked on every finding the CLI gives for the
 * corpus, the held-out files and the test fixtures, as users run it (dist/cli.js).
 */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { corpusDir } from '../../scripts/corpus';
import { allRuleMetas } from '../../server/src/kinds/ruleCatalog';
import { lintFile } from '../../server/src/lint';
import { hover } from '../../server/src/service';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const ROOT = path.resolve(__dirname, '../../..');
/**
 * About what the Problems panel shows on one line beside the file name at a common width;
 * messages name the user's services and images, whose length varies, so the bound leaves room.
 */
const MAX_MESSAGE = 220;

interface JsonFinding {
  file: string;
  code: string;
  message: string;
  detail?: string;
}

function lintJson(paths: string[]): JsonFinding[] {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', ...paths], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.ok(r.status === 0 || r.status === 1, `CLI exited ${r.status}: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout) as JsonFinding[];
}

it(
  `every message of every rule the corpus, held-out files and fixtures raise is one line of ≤ ${MAX_MESSAGE} ` +
    `characters`,
  () => {
    const findings = lintJson([path.join(corpusDir(), 'files'), 'test/heldout', 'test/fixtures']);
    const rules = new Set(findings.map((f) => f.code));
    // Most rules are exercised: a bound checked on a handful would say little.
    assert.ok(rules.size >= 40, `only ${rules.size} rules raised`);
    const tooLong = findings.filter((f) => f.message.length > MAX_MESSAGE || /\n/.test(f.message));
    assert.deepEqual(
      tooLong.map((f) => `${f.code} (${f.message.length}) ${f.file}: ${f.message}`),
      [],
      `messages longer than ${MAX_MESSAGE} characters; move the particulars to the finding's detail`,
    );
    // Each detail is more than its message repeated.
    for (const f of findings.filter((x) => x.detail))
      assert.ok(!f.detail!.startsWith(f.message), `${f.code}: detail repeats the message`);
    assert.ok(
      allRuleMetas.every((m) => m.summary.length <= 120),
      'rule summaries are one short line',
    );
  },
);

it("SCT405 and SCT407 (the issue's examples): a short message, the man page quote in the detail", () => {
  const unit = '[Service]\nExecStart=/usr/bin/app\nKillMode=none\n';
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--stdin-filename', 'app.service', '-'], {
    input: unit,
    encoding: 'utf8',
  });
  const [deprecated] = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.code === 'SCT405');
  assert.ok(deprecated, r.stdout);
  assert.ok(deprecated.message.length <= 120, deprecated.message);
  assert.match(deprecated.message, /use mixed or control-group/);
  assert.match(deprecated.detail ?? '', /strongly recommended against/);
  const build = spawnSync(process.execPath, [CLI, '--format', 'json', '--stdin-filename', 'app.build', '-'], {
    input: '[Build]\nFile=Containerfile\n',
    encoding: 'utf8',
  });
  const [missing] = (JSON.parse(build.stdout) as JsonFinding[]).filter((f) => f.code === 'SCT407');
  assert.ok(missing, build.stdout);
  assert.equal(missing.message, 'A .build file needs ImageTag= in [Build]; without it Quadlet makes no service.');
  assert.match(missing.detail ?? '', /^podman-systemd\.unit\(5\): "A minimal \.build unit/);
});

it("the hover shows the finding's detail before the rule's explanation", () => {
  const text = '[Service]\nExecStart=/usr/bin/app\nKillMode=none\n';
  const findings = lintFile('unit', text, { path: '/srv/app.service' });
  const deprecated = findings.find((f) => f.ruleId === 'SCT405')!;
  assert.ok(deprecated.detail);
  const h = hover(findings, { line: 2, character: 10 });
  const value = (h?.contents as { value: string }).value;
  const at = (s: string) => value.indexOf(s);
  assert.ok(at(deprecated.detail!) > 0, value);
  assert.ok(at(deprecated.detail!) < at('`mixed` (SIGTERM to the main process'), value);
});
