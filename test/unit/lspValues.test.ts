/**
 * The lint core's copies of LSP enumeration values (server/src/core/lspValues.ts) are the
 * library's: every value there equals the one vscode-languageserver-types gives the same name.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as lsp from 'vscode-languageserver-types';
import * as ours from '../../server/src/core/lspValues';

describe('LSP values of the lint core', () => {
  it('equal vscode-languageserver-types, name by name', () => {
    const library = lsp as unknown as Record<string, Record<string, unknown>>;
    const copies = Object.entries(ours as unknown as Record<string, Record<string, unknown>>);
    assert.ok(copies.length >= 4);
    for (const [namespace, values] of copies) {
      assert.ok(library[namespace], `${namespace} is not in vscode-languageserver-types`);
      for (const [name, value] of Object.entries(values))
        assert.equal(value, library[namespace][name], `${namespace}.${name}`);
    }
  });
});
