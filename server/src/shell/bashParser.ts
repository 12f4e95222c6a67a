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
import { enableDirectCursor } from './tree';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;
/** How often shellParser() was asked for before it was loaded (lintFileLoadingParser reads it). */
let misses = 0;

/**
 * The wasm binaries: brotli-compressed next to the bundle in dist/ (a tenth of the size of
 * tree-sitter-bash.wasm; decompressing takes a few milliseconds once), or plain from
 * node_modules during development and tests.
 */
function readWasm(file: string, packageSubpath: string): Uint8Array {
  const compressed = path.join(__dirname, `${file}.br`);
  if (fs.existsSync(compressed)) return zlib.brotliDecompressSync(fs.readFileSync(compressed));
  return fs.readFileSync(require.resolve(packageSubpath));
}

/**
 * Scripts that exercise most node kinds, fields and anonymous tokens: the direct cursor path must read them exactly as
 * the public API does.
 */
const SELF_CHECK = [
  'cd /x && for i in a "b c" $D; do [ "$i" = k ] || rm -f "$i" ${i}.x; done; (cd /y; ls | grep -v z | xargs rm ' +
    '-f) 2>/dev/null',
  "export A=1 B=$(id -u); cat <<'EOF' > /etc/f\nline $A\nEOF\necho -e 'x\\ny' >> /f; tee -a /g <<< \"v\"; if [ " +
    '-f x ]; then y; fi; case $a in b) c;; esac',
  'apt-get install \\\n  -y foo=1.2 && { rm -rf /var/lib/apt/lists/*; } || true; x=$((1+2)); f() { :; }; `echo ' +
    'a` | sed s/a/b/ >| /o',
  'broken "unterminated && ( x',
];

export function initShellParser(): Promise<void> {
  loading ??= (async () => {
    // web-tree-sitter makes this object its emscripten module: it carries the wasm exports.
    const module: Record<string, unknown> = {
      wasmBinary: readWasm('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'),
    };
    await Parser.init(module);
    const bash = await Language.load(readWasm('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'));
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
    const samples = SELF_CHECK.flatMap((text) => {
      const tree = p.parse(text);
      return tree ? [{ tree, text }] : [];
    });
    try {
      enableDirectCursor(process.env.SCT_NO_DIRECT_CURSOR ? undefined : module, samples);
    } finally {
      for (const s of samples) s.tree.delete();
    }
  })();
  return loading;
}

export function shellParser(): Parser {
  if (!parser) {
    misses++;
    throw new Error('initShellParser() must be awaited before linting');
  }
  return parser;
}

/** Whether the parser is loaded (initShellParser() has finished). */
export function shellParserLoaded(): boolean {
  return parser !== undefined;
}

/**
 * How many times shellParser() was called before the parser was loaded. A count rather than an
 * error class, because some callers read a neighbour's Dockerfile inside a catch-all (an
 * unreadable file is "unknown" there): the count still says the parser was wanted.
 */
export function shellParserMisses(): number {
  return misses;
}
