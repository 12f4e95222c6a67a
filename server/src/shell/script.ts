/**
 * Turns a shell script (a RUN body, an `sh -c` line) into the list of simple commands it runs, in
 * order, with what a linter needs around each one (see shellCommand.ts). Plain scripts, most of
 * them, are read without the shell parser (plainScript.ts); the rest by tree-sitter-bash
 * (treeSitterScript.ts). Both give the same reading of a script the first one reads.
 */
import { readPlainScript } from './plainScript';
import type { ParsedScript, ShellVariables } from './shellCommand';
import { parseWithTreeSitter } from './treeSitterScript';

/** `cwd`: the directory the script starts in (the image's WORKDIR), null when unknown. */
export function parseScript(script: string, vars: ShellVariables = new Map(), cwd: string | null = null): ParsedScript {
  const plain = readPlainScript(script, vars, cwd);
  return plain ? { commands: plain, hasError: false } : parseWithTreeSitter(script, vars, cwd);
}
