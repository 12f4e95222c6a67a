/**
 * The directive checks against the real unit, Quadlet and .nspawn files of ../shared/corpus (read
 * in place): no false noise. Every SCT4xx finding there is listed here with why it is real.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initLinter, lintFile } from '../../server/src/lint';
import { lintUnitFile } from '../../server/src/units/lintUnitFile';
import { corpusCheckout, loadCorpus } from '../../scripts/corpus';

before(() => initLinter());

/** record id:line rule → why the finding is right. */
const EXPECTED: Record<string, string> = {
  'opensuse-container-nginx:17 deprecated-value': 'KillMode=none: systemd ≥ 246 logs a warning for it (NEWS); the corpus labels it unit_killmode_none',
};

it('corpus unit, Quadlet and .nspawn files: no unknown keys or sections, only the listed directive findings', () => {
  const { dir, records } = loadCorpus();
  const checkout = corpusCheckout(dir, records);
  const found: string[] = [];
  let files = 0;
  for (const record of records) {
    if (!['unit', 'quadlet', 'nspawn'].includes(record.kind)) continue;
    files++;
    const text = fs.readFileSync(path.join(dir, record.file), 'utf8');
    for (const f of lintUnitFile(checkout.pathOf(record), text)) {
      if (/^SCT4/.test(f.ruleId)) found.push(`${record.id}:${f.range.start.line + 1} ${f.ruleName}`);
    }
  }
  assert.equal(files, 13);
  assert.deepEqual(found.sort(), Object.keys(EXPECTED).sort());
  assert.ok(!found.some((f) => /unknown-(key|section)/.test(f)));
});

it('KillMode=none in a unit that drives a container is reported once (unit-killmode-none), not twice', () => {
  const { dir, records } = loadCorpus();
  const record = records.find((r) => r.id === 'opensuse-container-nginx')!;
  const text = fs.readFileSync(path.join(dir, record.file), 'utf8');
  const names = lintFile('unit', text, { path: '/srv/container-nginx.service' }).filter((f) => f.range.start.line === 16).map((f) => f.ruleName);
  assert.ok(names.includes('unit-killmode-none'));
  assert.ok(!names.includes('deprecated-value'));
  // without a container in it, the directive check reports it
  assert.deepEqual(lintFile('unit', '[Service]\nExecStart=/usr/bin/sleep infinity\nKillMode=none\n', { path: '/w/x.service' }).map((f) => f.ruleName), ['deprecated-value']);
});
