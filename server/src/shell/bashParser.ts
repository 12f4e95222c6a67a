/**
 * Loads tree-sitter-bash (the grammar bash-language-server uses) through web-tree-sitter.
 * Loading is asynchronous and happens once; parsing afterwards is synchronous and fast
 * (tens of microseconds for a typical RUN), and error-tolerant, which matters for
 * half-written Dockerfiles on the keystroke path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** The wasm files sit next to the bundle in dist/; during development they come from node_modules. */
function locate(file: string, packageSubpath: string): string {
  const besideBundle = path.join(__dirname, file);
  if (fs.existsSync(besideBundle)) return besideBundle;
  return require.resolve(packageSubpath);
}

export function initShellParser(): Promise<void> {
  loading ??= (async () => {
    const runtimeWasm = locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtimeWasm });
    const bash = await Language.load(fs.readFileSync(locate('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm')));
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
