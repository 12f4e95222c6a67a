/** The rule docs are generated; this fails when they drift from the metadata (run npm run docs). */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readmeWithTable, ROOT, rulesMarkdown } from '../../scripts/docs';
import { allRuleMetas } from '../../server/src/rules';

it('docs/rules.md and the README rule table match the rule metadata', () => {
  assert.equal(fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8'), rulesMarkdown(), 'run npm run docs');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.equal(readme, readmeWithTable(readme), 'run npm run docs');
});

it('rule ids and names are unique, names kebab-case, every rule explained with a source', () => {
  assert.equal(new Set(allRuleMetas.map((m) => m.id)).size, allRuleMetas.length);
  assert.equal(new Set(allRuleMetas.map((m) => m.name)).size, allRuleMetas.length);
  for (const m of allRuleMetas) {
    assert.match(m.id, /^SCT\d{3}$/);
    assert.match(m.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(m.explanation.length > 80 && m.sources.length > 0, m.name);
  }
});
