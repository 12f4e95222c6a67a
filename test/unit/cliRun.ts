/** Running the built CLI (dist/cli.js) in a fresh process on files in a temporary folder. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export const run = (args: string[], input?: string, cwd?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', cwd });

export const BROKEN = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n';

export function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sct-cli-'));
}
