// Bundles the extension (client), the language server and the CLI with esbuild into dist/,
// and copies the tree-sitter wasm files next to them.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Prefer ESM builds: jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot resolve.
  mainFields: ['module', 'main'],
  // web-tree-sitter's ESM build reads import.meta.url; give it the CommonJS equivalent.
  define: { 'import.meta.url': '__importMetaUrl', PACKAGE_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const builds = [
  // dockerode → ssh2 has optional native add-ons (cpu-features, *.node) it loads only if present.
  { entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/extension.js'), external: ['vscode', 'cpu-features', '*.node'] },
  { entryPoints: [path.join(root, 'server/src/server.ts')], outfile: path.join(root, 'dist/server.js') },
  {
    entryPoints: [path.join(root, 'server/src/cli.ts')],
    outfile: path.join(root, 'dist/cli.js'),
    banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
  },
];

fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
// The tree-sitter wasm binaries ship gzipped (server/src/shell/bashParser.ts gunzips them).
for (const [file, spec] of [
  ['web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'],
  ['tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'],
]) {
  fs.rmSync(path.join(root, 'dist', file), { force: true });
  fs.writeFileSync(path.join(root, 'dist', `${file}.gz`), zlib.gzipSync(fs.readFileSync(require.resolve(spec)), { level: 9 }));
}

if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  fs.chmodSync(path.join(root, 'dist/cli.js'), 0o755);
}
