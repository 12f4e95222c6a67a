/**
 * Unit file paths in the workspace, for completing unit names in dependency keys: one bounded
 * scan per workspace folder (skipping dependency and VCS folders), refreshed when files change.
 */
import * as fs from 'fs';
import * as path from 'path';
import { unitFileType } from './units/fileType';

const SKIP = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test']);
const MAX_ENTRIES = 20_000;

export function scanUnitPaths(folders: readonly string[]): string[] {
  const found: string[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > 8 || seen > MAX_ENTRIES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(p, depth + 1);
      } else if (unitFileType(p)) {
        found.push(p);
      }
    }
  };
  for (const f of folders) walk(f, 0);
  return found;
}
