/**
 * Unit file paths in the workspace, for completing unit names in dependency keys: one bounded
 * scan per workspace folder (skipping dependency and VCS folders), refreshed when files change.
 * The scan reads one folder at a time asynchronously, so a large workspace never holds up the
 * language server's event loop (the lint of the document being edited goes on meanwhile).
 */
import * as fs from 'fs';
import * as path from 'path';
import { unitFileType } from './fileType';

const SKIP = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test']);
const MAX_ENTRIES = 20_000;
const MAX_DEPTH = 8;

export async function scanUnitPaths(folders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  let seen = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || seen > MAX_ENTRIES) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) await walk(p, depth + 1);
      } else if (unitFileType(p)) {
        found.push(p);
      }
    }
  };
  for (const f of folders) await walk(f, 0);
  return found;
}
