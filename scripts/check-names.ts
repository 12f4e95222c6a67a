/**
 * No two modules export a declaration of the same name (issue 23): a name says which module it
 * comes from. Reads every TypeScript file of shared/, server/src and client/src and lists the
 * exported functions, classes, interfaces, types, enums and constants each declares (re-exports
 * of another module's declaration are not declarations). `npm run check:names` prints the
 * collisions and fails on any; test/unit/exportedNames.test.ts runs the same check.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const NAME_ROOTS = ['shared', 'server/src', 'client/src'];

/**
 * Names a host calls by convention, so every module of the kind declares them: VS Code's
 * extension entry points, and `run` of each CLI subcommand (server/src/cli.ts loads it by name).
 */
export const CONTRACT_NAMES: Record<string, RegExp> = {
  activate: /^client\/src\/(bootstrap|extension)\.ts$/,
  deactivate: /^client\/src\/(bootstrap|extension)\.ts$/,
  run: /^server\/src\/cli\/commands\/[a-z-]+\.ts$/,
};

/**
 * Collisions the run-configuration pitfall work (issue 23 item 2) removes when it rewrites these
 * folders: tolerated until then, never added to.
 */
export const PENDING: Record<string, RegExp> = {
  fix: /^server\/src\/(rules\/(compose|devcontainer|unit)|kinds\/(compose|devcontainer)\/rules|kinds\/unit\/engineCommandRules)\/context\.ts$/,
};

function sourceFiles(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))
    .map((f) => path.join(dir, f).split(path.sep).join('/'))
    .sort();
}

const exported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a module declares and exports. */
export function exportedDeclarations(text: string, fileName = 'module.ts'): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const local = new Set<string>();
  const names: string[] = [];
  for (const s of file.statements) {
    let declared: string[] = [];
    if (
      ts.isFunctionDeclaration(s) ||
      ts.isClassDeclaration(s) ||
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isEnumDeclaration(s)
    ) {
      if (s.name) declared = [s.name.text];
    } else if (ts.isVariableStatement(s)) {
      declared = s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
    }
    for (const n of declared) local.add(n);
    if (exported(s) && !(ts.isFunctionDeclaration(s) && !s.body && names.includes(declared[0])))
      names.push(...declared);
  }
  // `export { a as b }` of a local declaration declares b; of an imported name it is a re-export.
  for (const s of file.statements) {
    if (!ts.isExportDeclaration(s) || s.moduleSpecifier || !s.exportClause || !ts.isNamedExports(s.exportClause))
      continue;
    for (const e of s.exportClause.elements) if (local.has((e.propertyName ?? e.name).text)) names.push(e.name.text);
  }
  return [...new Set(names)];
}

/** Every exported name declared by more than one module under the roots, with those modules. */
export function collidingExports(root: string, roots = NAME_ROOTS): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const dir of roots) {
    for (const file of sourceFiles(root, dir)) {
      for (const name of exportedDeclarations(fs.readFileSync(path.join(root, file), 'utf8'), file)) {
        const allowed = (table: Record<string, RegExp>) => Object.hasOwn(table, name) && table[name].test(file);
        if (allowed(CONTRACT_NAMES) || allowed(PENDING)) continue;
        where.set(name, [...(where.get(name) ?? []), file]);
      }
    }
  }
  return new Map([...where].filter(([, files]) => files.length > 1));
}

if (require.main === module) {
  const root = process.argv[2] ?? path.resolve(__dirname, '../..');
  const collisions = collidingExports(root);
  for (const [name, files] of collisions) console.log(`${name}: ${files.join(', ')}`);
  console.log(`${collisions.size} exported name(s) declared in more than one module`);
  process.exitCode = collisions.size ? 1 : 0;
}
