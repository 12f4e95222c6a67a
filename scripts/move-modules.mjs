#!/usr/bin/env node
// Applies scripts/module-moves.json: `git mv`s each old path (file or folder) to its new place,
// then rewrites every relative import in the project's TypeScript so it points at the moved
// files. Safe to run again (after a merge brings files or imports in at the old places): files
// still at an old place are moved, imports that resolve are left alone. Prints the imports it
// could not resolve. Usage: node scripts/move-modules.mjs [--dry-run]
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dryRun = process.argv.includes('--dry-run');
const { moves } = JSON.parse(fs.readFileSync(path.join(root, 'scripts/module-moves.json'), 'utf8'));
const ROOTS = ['client/src', 'server/src', 'shared', 'test', 'scripts', 'bench'];
const SOURCE = /\.(ts|mts|cts)$/;

const abs = (p) => path.join(root, p);
const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const noExt = (p) => p.replace(/\.(ts|mts|cts|js)$/, '');

/** Every file under a folder (project-relative). */
function filesUnder(dir) {
  if (!fs.existsSync(abs(dir))) return [];
  return fs
    .readdirSync(abs(dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => rel(path.join(e.parentPath ?? e.path, e.name)));
}

/**
 * Where an old project-relative path (with or without extension) goes, or undefined. File moves win over folder moves.
 */
function mapped(oldPath) {
  for (const [from, to] of moves) {
    if (SOURCE.test(from) || /\.json$/.test(from)) {
      if (oldPath === from || oldPath === noExt(from)) return oldPath === from ? to : noExt(to);
    }
  }
  for (const [from, to] of moves) {
    if (SOURCE.test(from)) continue;
    if (oldPath === from) return to;
    if (oldPath.startsWith(from + '/')) return to + oldPath.slice(from.length);
  }
  return undefined;
}

// 1. Move what is still at an old place.
for (const [from, , how] of moves) {
  if (how === 'imports-only') continue;
  const files = fs.existsSync(abs(from)) && fs.statSync(abs(from)).isFile() ? [from] : filesUnder(from);
  for (const file of files) {
    const target = mapped(file);
    if (!target || fs.existsSync(abs(target))) continue;
    console.log(`move ${file} → ${target}`);
    if (dryRun) continue;
    fs.mkdirSync(path.dirname(abs(target)), { recursive: true });
    execFileSync('git', ['mv', file, target], { cwd: root });
  }
}
function oldPlaceOf(file) {
  // Invert the map: try each move's new place as a prefix or a file.
  for (const [from, to] of moves) {
    if (file === to) return from;
  }
  for (const [from, to] of moves) {
    if (SOURCE.test(from)) continue;
    if (file.startsWith(to + '/')) {
      const old = from + file.slice(to.length);
      if (mapped(old) === file) return old;
    }
  }
  return file;
}

// 2. Rewrite relative imports.
const exists = (p) => fs.existsSync(abs(p)) && fs.statSync(abs(p)).isFile();
function resolves(p) {
  const bare = p.replace(/\.js$/, '');
  return [p, `${bare}.ts`, `${bare}.d.ts`, `${bare}/index.ts`].some(exists);
}
const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]*)\2/gm;
let changedFiles = 0;
const unresolved = [];
for (const dir of ROOTS) {
  for (const file of filesUnder(dir).filter((f) => SOURCE.test(f) && !f.includes('/fixtures/'))) {
    const text = fs.readFileSync(abs(file), 'utf8');
    const here = path.posix.dirname(file);
    const oldHere = path.posix.dirname(oldPlaceOf(file));
    const next = text.replace(IMPORT, (all, lead, quote, spec) => {
      const current = path.posix.normalize(path.posix.join(here, spec));
      if (resolves(current)) return all;
      const js = spec.endsWith('.js') ? '.js' : '';
      const candidates = [path.posix.normalize(path.posix.join(oldHere, spec)), current]
        .map((c) => c.slice(0, c.length - js.length))
        .flatMap((c) => [c, `${c}/index`]);
      for (const old of candidates) {
        const target = mapped(old) ?? (resolves(old) ? old : undefined);
        if (target && resolves(target)) {
          let r = path.posix.relative(here, target) + js;
          if (!r.startsWith('.')) r = './' + r;
          return `${lead}${quote}${r}${quote}`;
        }
      }
      unresolved.push(`${file}: ${spec}`);
      return all;
    });
    if (next !== text) {
      changedFiles++;
      if (!dryRun) fs.writeFileSync(abs(file), next);
    }
  }
}
console.log(`${changedFiles} files' imports rewritten`);
// Text that only looks like an import (in a comment or a string a test writes out) stays too.
if (unresolved.length) console.log(`left as they are (no file at the old or new place):\n  ${unresolved.join('\n  ')}`);
