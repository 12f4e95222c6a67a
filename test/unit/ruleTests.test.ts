/**
 * Every rule has its tests where a reader looks for them, as in ESLint and hadolint: the module
 * that defines a rule (server/src/<path>/<module>.ts) has a test file of the same name at the same
 * path under test/unit (test/unit/<path>/<module>.test.ts), and that file names each rule the
 * module defines, by id or name. The run-configuration pitfalls (server/src/runspec/pitfalls/)
 * count as rules too: each pitfall module has its test file naming the pitfall.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleMetas } from '../../server/src/kinds/ruleCatalog';
import { PITFALLS } from '../../server/src/runspec/pitfalls';

const ROOT = path.resolve(__dirname, '../../..');

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

const SOURCES = tsFiles('server/src').map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));

/** The one module whose source declares `id: '<id>'`. */
function moduleDeclaring(id: string): string {
  const found = SOURCES.filter((s) => s.text.includes(`id: '${id}'`)).map((s) => s.file);
  assert.equal(found.length, 1, `${id} is declared in one module (found: ${found.join(', ') || 'none'})`);
  return found[0];
}

const testFileOf = (module: string): string =>
  path.join('test/unit', path.relative('server/src', module)).replace(/\.ts$/, '.test.ts');

/** Each rule and pitfall: its module, its test file, and the words that name it. */
const RULES = [
  ...allRuleMetas.map((m) => ({ what: `${m.id} ${m.name}`, module: moduleDeclaring(m.id), words: [m.id, m.name] })),
  ...PITFALLS.map((p) => ({
    what: `pitfall ${p.meta.id}`,
    module: moduleDeclaring(p.meta.id),
    words: [`'${p.meta.id}`],
  })),
];

describe('tests per rule', () => {
  it('every rule module has its test file at the same path, and the file names each rule it defines', () => {
    assert.ok(RULES.length > 100, `rules found: ${RULES.length}`);
    const problems: string[] = [];
    for (const r of RULES) {
      const testFile = testFileOf(r.module);
      const abs = path.join(ROOT, testFile);
      if (!fs.existsSync(abs)) {
        problems.push(`${r.what}: ${r.module} has no ${testFile}`);
        continue;
      }
      const text = fs.readFileSync(abs, 'utf8');
      if (!r.words.some((w) => text.includes(w))) problems.push(`${r.what}: ${testFile} does not name it`);
    }
    assert.deepEqual(problems, []);
  });

  it('every test file in a rules folder tests a rule module of the same name', () => {
    const ruleModules = new Set(RULES.map((r) => testFileOf(r.module)));
    const ruleTestDirs = tsFiles('test/unit')
      .filter((f) => f.endsWith('.test.ts'))
      .filter((f) => /\/(rules|engineCommandRules|pitfalls)\//.test(f));
    assert.ok(ruleTestDirs.length > 60, `rule test files found: ${ruleTestDirs.length}`);
    assert.deepEqual(
      ruleTestDirs.filter((f) => !ruleModules.has(f)),
      [],
      'test files without a rule module of their name',
    );
  });
});
