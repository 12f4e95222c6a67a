/**
 * Which files the CLI lints: named files, and in named folders Dockerfiles/Containerfiles,
 * compose files, devcontainer.json files and unit files (units, drop-ins, Quadlet, .nspawn).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isComposeName, isDevcontainerPath, isDockerfileName as dockerfileName } from '../lint';
import { isUnitSearchPath } from '../units/document';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache']);

export function isDockerfileName(name: string): boolean {
  return dockerfileName(name);
}

/** A file the folder search picks up. */
export function isLintableName(full: string): boolean {
  const name = path.basename(full);
  return dockerfileName(name) || isComposeName(name) || isDevcontainerPath(full) || isUnitSearchPath(full);
}

export class UsageError extends Error {}

/** Expand CLI paths into files; folders are searched recursively. `-` stays as stdin. */
export function collectFiles(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push('-');
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new UsageError(`${input}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const found = walk(input);
      if (found.length === 0) throw new UsageError(`${input}: no Dockerfile, Containerfile, compose file, devcontainer.json or .service unit found in this folder`);
      out.push(...found);
    } else {
      out.push(input);
    }
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`${dir}: cannot read folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...walk(full));
    } else if (entry.isFile() && isLintableName(full)) {
      out.push(full);
    }
  }
  return out;
}
