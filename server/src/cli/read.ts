/**
 * Reading one file for the CLI: its text, or why it cannot be linted (missing, vanished,
 * unreadable, not a regular file, too large, binary, not UTF-8). Never throws.
 */
import * as fs from 'fs';

export const MAX_BYTES = 20 * 1024 * 1024;

export type ReadResult = { text: string } | { notLintable: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readCandidate(file: string): ReadResult {
  let data: Buffer;
  try {
    if (file === '-') data = fs.readFileSync(0);
    else {
      const stat = fs.statSync(file);
      if (stat.isDirectory()) return { notLintable: 'a folder where a file was expected' };
      if (!stat.isFile()) return { notLintable: 'not a regular file' };
      if (stat.size > MAX_BYTES)
        return { notLintable: `too large to lint (${stat.size} bytes; the limit is ${MAX_BYTES})` };
      data = fs.readFileSync(file);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return { notLintable: 'no such file or directory (missing, or removed while linting)' };
    if (code === 'EACCES' || code === 'EPERM') return { notLintable: `cannot read (${code}: permission denied)` };
    return { notLintable: `cannot read (${code})` };
  }
  if (data.length > MAX_BYTES)
    return { notLintable: `too large to lint (${data.length} bytes; the limit is ${MAX_BYTES})` };
  if (data.includes(0)) return { notLintable: 'binary content (NUL bytes): not a text file' };
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return { notLintable: 'not UTF-8 text (an encoding this linter does not read)' };
  }
  return { text };
}
