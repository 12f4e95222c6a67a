/** Every Dockerfile snippet, with its placeholders at their first choice, lints clean. */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initLinter, lintDockerfile } from '../../server/src/lint';

before(() => initLinter());

/** Expand VS Code snippet syntax: ${1|a,b|} → a, ${2} / $0 → '', \$ → $. */
export function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+(:([^}]*))?\}/g, '$2')
    .replace(/(^|[^\\])\$\d+/g, '$1')
    .replace(/\\\$/g, '$');
}

it('Dockerfile snippets lint clean', () => {
  const file = path.resolve(__dirname, '../../../snippets/dockerfile.json');
  const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { body: string[] }>;
  assert.ok(Object.keys(snippets).length >= 2);
  for (const [name, s] of Object.entries(snippets)) {
    const text = expandSnippet(s.body);
    assert.deepEqual(lintDockerfile(text).map((f) => `${f.ruleName}: ${f.message}`), [], `${name}:\n${text}`);
  }
});
