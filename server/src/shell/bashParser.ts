/**
 * Loads tree-sitter-bash (the grammar bash-language-server uses) through web-tree-sitter.
 * Loading is asynchronous and happens once; parsing afterwards is synchronous and fast
 * (tens of microseconds for a typical RUN), and error-tolerant, which matters for
 * half-written Dockerfiles on the keystroke path.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Language, Parser } from 'web-tree-sitter';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * The wasm binaries: gzipped next to the bundle in dist/ (a third of the size; gunzip takes a
 * few milliseconds once), or plain from node_modules during development and tests.
 */
function readWasm(file: string, packageSubpath: string): Uint8Array {
  const gzipped = path.join(__dirname, `${file}.gz`);
  if (fs.existsSync(gzipped)) return zlib.gunzipSync(fs.readFileSync(gzipped));
  return fs.readFileSync(require.resolve(packageSubpath));
}

export function initShellParser(): Promise<void> {
  loading ??= (async () => {
    await Parser.init({ wasmBinary: readWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm') });
    const bash = await Language.load(readWasm('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'));
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
  })();
  return loading;
}

export function shellParser(): Parser {
  if (!parser) throw new Error('initShellParser() must be awaited before linting');
  return parser;
}
