/**
 * Names that do not collide (issue 23 item 4): no two modules of shared/, server/src and client/src export a
 * declaration of one name.
 */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { collidingExports, exportedDeclarations } from '../../scripts/check-names';

const root = path.resolve(__dirname, '../../..');

it('no exported name is declared by two modules', () => {
  const collisions = [...collidingExports(root)].map(([name, files]) => `${name}: ${files.join(', ')}`);
  assert.deepEqual(collisions, []);
});

it('the check sees declarations, not re-exports', () => {
  const text = [
    "import { a } from 'module-a';",
    'export { a };',
    "export { b } from 'module-b';",
    "export * from 'module-c';",
    'const local = 1;',
    'export { local as renamed };',
    'export function f() {}',
    'export const g = 1, h = 2;',
    'export interface I {}',
    'export type T = number;',
    'export class C {}',
    'function hidden() {}',
  ].join('\n');
  assert.deepEqual(exportedDeclarations(text).sort(), ['C', 'I', 'T', 'f', 'g', 'h', 'renamed']);
});

it('a new collision is found', () => {
  // Two real modules' declarations under one name, as the check reads them.
  const first = exportedDeclarations('export function lintUnitDocument() {}');
  const second = exportedDeclarations('export interface lintUnitDocument {}');
  assert.deepEqual(first, second);
  assert.ok(collidingExports(root, ['shared', 'shared']).size > 0, 'a root read twice collides with itself');
});
