// Bundles the extension (client), the language server and the CLI with esbuild into dist/,
// and writes the compressed data files next to them:
//
//   extension.js   the extension host's entry (client/src/bootstrap.ts): loads client.js with a
//                  V8 code cache kept in the extension's global storage (client/src/codeCache.ts)
//   client.js      the extension proper: VS Code API glue, the language client, the views
//   engine.js      dockerode, docker-modem, tar-fs: loaded on the first engine connection or build
//   ssh.js.br      ssh2 (docker-modem's ssh:// transport), brotli-compressed: decompressed and
//                  compiled by engine.js when an ssh:// engine is dialled
//   core.js        the lint core shared by the server and the CLI (rules, parsers, yaml,
//                  web-tree-sitter); each module runs on first use. The extension takes yaml
//                  from it too, when it first writes a compose file.
//   server.js      the language server: vscode-languageserver and the LSP wiring; requires core.js
//                  and lsp.js
//   lsp.js         what the extension and the language server both bundle: vscode-jsonrpc, the LSP
//                  protocol and types, the text document (one copy, each module behind a getter)
//   cli.js         the command-line linter (server/src/cliEntry.ts): picks a subcommand first, else
//                  runs the lint (cli.ts, bundled in, initialised only then); requires core.js
//   cli-<name>.js  a CLI subcommand (server/src/cli/commands/<name>.ts, e.g. `boot`), required by
//                  cli.js only when named: the engine code from shared/engine, with dockerode
//                  from engine.js and the lint core from core.js, so a lint run loads none of it
//   cli-engine.js  what two or more subcommands share beyond core.js (the engine layer from
//                  shared/engine): one copy, each module behind a getter as in core.js
//   directives.json.br          the unit-file directive database as compact JSON, brotli
//                               (read on the first unit-file lookup)
//   systemd-releases.json.br    the per-release systemd key tables, the same way
//   syscall-sets.json.br, package-sandbox.json.br, quadlet-keys.json.br   the other data tables
//                               (system call groups, packages' sandboxing, Quadlet keys), the same way
//   *.wasm.br      tree-sitter and its bash grammar (server/src/shell/bashParser.ts decompresses them)
//
// The extension reaches engine.js, ssh.js(.br) and core.js through small shims that require them on
// first use. `--watch` runs the whole build again when a source file changes.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const dist = path.join(root, 'dist');
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
  absWorkingDir: root,
  // Prefer ESM builds: jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot resolve.
  mainFields: ['module', 'main'],
  // web-tree-sitter's ESM build reads import.meta.url; give it the CommonJS equivalent.
  define: { 'import.meta.url': '__importMetaUrl', PACKAGE_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const rel = (p) => path.relative(root, p).split(path.sep).join('/');

/** A module that throws `message` when used (read, called or constructed). */
function throwingModule(message) {
  return `const message = ${JSON.stringify(message)};
const fail = () => { throw new Error(message); };
module.exports = new Proxy(function unsupported() {}, {
  get(_, key) {
    if (typeof key === 'symbol' || ['__esModule', 'default', 'then', 'prototype'].includes(key)) return undefined;
    fail();
  },
  apply: fail,
  construct: fail,
});`;
}

/**
 * Code the extension cannot use, replaced by a module that says so if touched:
 * - dockerode's BuildKit paths (`buildImage({ version: '2' })`'s gRPC session and its own
 *   `followProgress` decoder) load .proto files from its package folder at run time, which a
 *   bundle does not ship, so they cannot work from dist/ whatever is bundled. The extension uses
 *   neither (classic builder, docker-modem's followProgress): @grpc/grpc-js, its proto-loader and
 *   protobufjs (≈ 400 KB, ≈ 40 ms to load) go.
 * - ssh2's SSH server and key generator, which ssh2's index requires next to the client that
 *   docker-modem uses.
 * - ssh2's SFTP client (≈ 50 KB): docker-modem only runs `docker system dial-stdio` over an exec
 *   channel. The client and its utils compare a channel's constructor with the SFTP class, and
 *   the index re-exports its constants, so the stand-in keeps those names; using any throws.
 */
const unused = {
  name: 'unused',
  setup(build) {
    build.onResolve({ filter: /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/ }, (args) => ({
      path: args.path,
      namespace: 'unused',
    }));
    build.onResolve({ filter: /^\.\/(server|keygen)\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ssh2[\\/]lib[\\/]index\.js$/.test(args.importer)
        ? { path: `ssh2/lib/${args.path.slice(2)}`, namespace: 'unused' }
        : undefined,
    );
    build.onResolve({ filter: /^\.\/(protocol\/)?SFTP\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ssh2[\\/]lib[\\/]/.test(args.importer)
        ? { path: 'ssh2/lib/protocol/SFTP.js', namespace: 'unused-sftp' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-sftp' }, (args) => ({
      contents: `${throwingModule(`${args.path} is not bundled: systemd Container Tools does not use SFTP.`)}
const unsupported = module.exports;
class SFTP { constructor() { unsupported(); } }
module.exports = { SFTP, flagsToString: unsupported, stringToFlags: unsupported, OPEN_MODE: unsupported, STATUS_CODE: unsupported };`,
      loader: 'js',
    }));
    build.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: throwingModule(`${args.path} is not bundled: systemd Container Tools does not use it.`),
      loader: 'js',
    }));
  },
};

/**
 * One copy of each package version: npm nests identical copies under different dependents
 * (readable-stream 3.6.2 under bl, tar-stream and docker-modem); every import of name@version
 * goes to the first copy seen. Different versions stay apart.
 */
function dedupe() {
  const canonical = new Map(); // name@version → package dir
  return {
    name: 'dedupe',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.dedupe) return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { ...args.pluginData, dedupe: true },
        });
        if (r.errors.length) return { errors: r.errors };
        if (r.external) return { path: r.path, external: true };
        const dir =
          r.namespace === 'file'
            ? /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(r.path)?.[1]
            : undefined;
        if (!dir) return { path: r.path, namespace: r.namespace, sideEffects: r.sideEffects };
        let id;
        try {
          const p = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
          id = `${p.name}@${p.version}`;
        } catch {
          return { path: r.path, sideEffects: r.sideEffects };
        }
        if (!canonical.has(id)) canonical.set(id, dir);
        const first = canonical.get(id);
        return { path: first === dir ? r.path : first + r.path.slice(dir.length), sideEffects: r.sideEffects };
      });
    },
  };
}

/**
 * Shims that load a module from another file of dist/ on first use. `new Docker(…)`,
 * `tarFs.pack(…)` and `new yaml.Document(…)` are the extension's only run-time uses of these
 * packages (the rest are types); docker-modem calls its ssh transport module only to dial ssh://.
 * An import of a name a shim does not export fails the build.
 */
const CORE_YAML = 'yaml';
const LAZY = {
  dockerode: `let Docker;
module.exports = function LazyDocker(...args) {
  Docker ??= require('./engine.js').dockerode;
  return new Docker(...args);
};`,
  'tar-fs': `let tarFs;
module.exports = new Proxy({}, { get(_, key) { tarFs ??= require('./engine.js')['tar-fs']; return tarFs[key]; } });`,
  yaml: `let yaml;
export function Document(...args) {
  yaml ??= require('./core.js')[${JSON.stringify(CORE_YAML)}];
  return new yaml.Document(...args);
}`,
  // ssh.js ships brotli-compressed (SSH_COMPRESSED): decompressed and compiled on the first ssh:// dial.
  'docker-modem-ssh': `const fs = require('fs'), path = require('path'), vm = require('vm'), zlib = require('zlib');
const { createRequire, wrap } = require('module');
let ssh;
function loadSsh() {
  const file = path.join(__dirname, 'ssh.js');
  const source = zlib.brotliDecompressSync(fs.readFileSync(file + '.br')).toString('utf8');
  const m = { exports: {} };
  const load = new vm.Script(wrap(source), { filename: file }).runInThisContext();
  load.call(m.exports, m.exports, createRequire(file), m, file, __dirname);
  return m.exports;
}
module.exports = function (opt) {
  ssh ??= loadSsh();
  return ssh(opt);
};`,
};
const lazyModules = (names) => ({
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.namespace === 'lazy')
        return /^\.\/(engine|ssh|core)\.js$/.test(args.path) ? { path: args.path, external: true } : undefined;
      if (names.includes(args.path)) return { path: args.path, namespace: 'lazy' };
      if (
        names.includes('docker-modem-ssh') &&
        args.path === './ssh' &&
        /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/.test(args.importer)
      )
        return { path: 'docker-modem-ssh', namespace: 'lazy' };
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: LAZY[args.path],
      loader: 'js',
      resolveDir: dist,
    }));
  },
});

/**
 * One view of the `vscode` module for the whole extension bundle. Otherwise every module that
 * imports it copies the API's few hundred names into a namespace object of its own (esbuild's
 * interop for `import * as vscode`, TypeScript's __importStar in vscode-languageclient): about
 * 30 copies at load. Here the ES modules share one re-export of it, and CommonJS requires get
 * one object marked __esModule (so __importStar takes it as it is). Properties stay live getters.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => {
      if (args.namespace === 'vscode-esm') return { path: 'vscode', external: true };
      if (args.namespace === 'vscode-cjs') return { path: 'vscode', namespace: 'vscode-esm' };
      return { path: 'vscode', namespace: args.kind === 'require-call' ? 'vscode-cjs' : 'vscode-esm' };
    });
    build.onLoad({ filter: /.*/, namespace: 'vscode-esm' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
      resolveDir: root,
    }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-cjs' }, () => ({
      contents: "module.exports = require('vscode');",
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * The generated data files ship as compact JSON, brotli-compressed (a tenth of the size or less),
 * each read and decoded by its bundled module when that module first runs:
 * server/src/kinds/unit/knowledge/directives.json (485 KB of pretty JSON, from the man pages),
 * systemd-releases.json (89 KB, the per-release key tables), the system call groups per release
 * and the packages' sandboxing (server/src/security/data/) and the Quadlet keys per Podman release.
 */
const COMPRESSED_JSON = {
  'server/src/kinds/unit/knowledge/directives.json': 'directives.json.br',
  'server/src/kinds/unit/knowledge/systemd-releases.json': 'systemd-releases.json.br',
  'server/src/security/data/syscallSets.json': 'syscall-sets.json.br',
  'server/src/security/data/packageSandbox.json': 'package-sandbox.json.br',
  'server/src/knowledge/quadletKeys.json': 'quadlet-keys.json.br',
};
const compressedJson = {
  name: 'compressed-json',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => {
      const out = COMPRESSED_JSON[rel(args.path)];
      if (!out) return undefined;
      return {
        contents: `const zlib = require('zlib'), fs = require('fs'), path = require('path');
module.exports = JSON.parse(zlib.brotliDecompressSync(fs.readFileSync(path.join(__dirname, ${JSON.stringify(out)}))).toString('utf8'));`,
        loader: 'js',
      };
    });
  },
};

/**
 * dist/ssh.js (ssh2, 250 KB) is read only when an ssh:// engine is dialled, and then once per
 * process: it ships brotli-compressed as ssh.js.br (65 KB), as the wasm files do, and the shim in
 * engine.js decompresses and compiles it (about 2 ms, against an SSH handshake's hundreds).
 */
function compressSsh() {
  const file = path.join(dist, 'ssh.js');
  fs.writeFileSync(`${file}.br`, brotli(fs.readFileSync(file)));
  fs.rmSync(file);
}

function brotli(data) {
  return zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

function writeData() {
  // The tree-sitter wasm binaries (server/src/shell/bashParser.ts decompresses them).
  for (const [file, spec] of [
    ['web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'],
    ['tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'],
  ]) {
    for (const old of [file, `${file}.gz`]) fs.rmSync(path.join(dist, old), { force: true });
    fs.writeFileSync(path.join(dist, `${file}.br`), brotli(fs.readFileSync(require.resolve(spec))));
  }
  fs.rmSync(path.join(dist, 'directives.json.gz'), { force: true });
  for (const [file, out] of Object.entries(COMPRESSED_JSON)) {
    fs.writeFileSync(
      path.join(dist, out),
      brotli(Buffer.from(JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))))),
    );
  }
}

/** The inputs of a bundle of `entry` (every module it would hold), by esbuild's metafile. */
async function probe(entry, plugins = []) {
  const r = await esbuild.build({
    ...common,
    minify: false,
    sourcemap: false,
    write: false,
    metafile: true,
    entryPoints: [entry],
    outfile: path.join(dist, 'probe.js'),
    plugins: [...plugins, compressedJson],
    logLevel: 'error',
  });
  return r.metafile.inputs;
}

/** The modules of `set` that modules outside it import: what a chunk holding `set` exports. */
function boundaryOf(set, inputs) {
  const boundary = new Set();
  for (const i of inputs) {
    for (const [file, info] of Object.entries(i)) {
      if (set.has(file)) continue;
      for (const imp of info.imports) if (set.has(imp.path)) boundary.add(imp.path);
    }
  }
  return [...boundary].sort();
}

/** A chunk's entry: each module of the boundary behind a getter, so it runs when first used. */
const chunkEntry = (boundary) =>
  [
    'const modules = {};',
    ...boundary.map(
      (f) =>
        `Object.defineProperty(modules, ${JSON.stringify(f)}, { enumerable: true, get: () => ` +
        `require(${JSON.stringify('./' + f)}) });`,
    ),
  ].join('\n');

/**
 * The modules the server and the CLI share (the intersection of what each bundle pulls in; an
 * intersection of import-closed sets is import-closed), and of those the ones imported from
 * outside the set: core.js exports exactly these, each behind a getter, so a module runs when
 * it is first used. The subcommands take the shared modules they use from core.js too: what they
 * import from it is part of its boundary.
 */
async function sharedCore(entries, commandInputs) {
  const inputs = [];
  for (const entry of entries) inputs.push(await probe(entry, [cliCommands]));
  const shared = new Set(Object.keys(inputs[0]).filter((f) => inputs.slice(1).every((i) => f in i)));
  return { shared, boundary: boundaryOf(shared, [...inputs, ...commandInputs]), inputs };
}

/**
 * The packages the extension and the language server both bundle (vscode-jsonrpc, the protocol,
 * its types, the text document): one copy in lsp.js, which client.js requires at load (through
 * the extension's code cache, see client/src/bootstrap.ts) and server.js at start. Packages
 * only: a module of ours there could pull core.js into the extension's activation.
 */
function sharedByClientAndServer(clientInputs, serverInputs, core) {
  const set = new Set(
    Object.keys(clientInputs).filter((f) => f in serverInputs && !core.has(f) && /(^|[\\/])node_modules[\\/]/.test(f)),
  );
  return { set, boundary: boundaryOf(set, [clientInputs, serverInputs]) };
}

/**
 * The modules two or more CLI subcommands share beyond core.js (the engine layer from
 * shared/engine, @balena/dockerignore …): one copy in cli-engine.js instead of one per
 * subcommand. Modules in two closures import only modules in both, so the set is import-closed
 * but for core.js's modules, which it takes from core.js.
 */
function sharedByCommands(commandInputs, core) {
  const count = new Map();
  for (const i of commandInputs)
    for (const f of Object.keys(i)) if (!core.has(f) && !/^[a-z-]+:/.test(f)) count.set(f, (count.get(f) ?? 0) + 1);
  const set = new Set([...count].filter(([, n]) => n >= 2).map(([f]) => f));
  return { set, boundary: boundaryOf(set, commandInputs) };
}

/**
 * An import that resolves into a chunk's set becomes `require('./<chunk>')[module]`: core.js's
 * modules in server.js, cli.js, the subcommands and cli-engine.js; cli-engine.js's in the
 * subcommands.
 */
function useChunks(chunks) {
  return {
    name: 'use-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'chunk-shim')
          return /^\.\/[a-z-]+\.js$/.test(args.path) ? { path: args.path, external: true } : undefined;
        if (args.pluginData?.useChunks || args.kind === 'entry-point') return undefined;
        const r = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { ...args.pluginData, useChunks: true },
        });
        if (r.errors.length || r.external || r.namespace !== 'file') return undefined;
        const key = rel(r.path);
        const chunk = chunks.find((c) => c.set.has(key));
        return chunk
          ? { path: key, namespace: 'chunk-shim', pluginData: { file: chunk.file } }
          : { path: r.path, sideEffects: r.sideEffects };
      });
      build.onLoad({ filter: /.*/, namespace: 'chunk-shim' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify('./' + args.pluginData.file)})[${JSON.stringify(args.path)}];`,
        loader: 'js',
        resolveDir: dist,
      }));
    },
  };
}
const useCore = (shared) => useChunks([{ set: shared, file: 'core.js' }]);

/** The CLI's subcommand modules: server/src/cli/commands/<name>.ts → dist/cli-<name>.js. */
const COMMANDS_DIR = path.join(root, 'server/src/cli/commands');
const commandEntries = () =>
  fs.existsSync(COMMANDS_DIR)
    ? fs
        .readdirSync(COMMANDS_DIR)
        .filter((f) => /^[a-z][a-z-]*\.ts$/.test(f))
        .map((f) => path.join(COMMANDS_DIR, f))
    : [];

/** In cli.js: `require('./commands/<name>')` in cli/subcommands.ts stays a require, of dist/cli-<name>.js. */
const cliCommands = {
  name: 'cli-commands',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[a-z][a-z-]*$/ }, (args) =>
      /[\\/]server[\\/]src[\\/]cli[\\/]subcommands\.ts$/.test(args.importer)
        ? { path: `./cli-${args.path.slice('./commands/'.length)}.js`, external: true }
        : undefined,
    );
  },
};

async function buildAll() {
  fs.mkdirSync(dist, { recursive: true });
  writeData();
  const serverEntry = path.join(root, 'server/src/server.ts');
  // dist/cli.js: cliEntry.ts picks a subcommand before cli.ts (the lint run) is loaded.
  const cliEntry = path.join(root, 'server/src/cliEntry.ts');
  const commands = commandEntries();
  const commandPlugins = [lazyModules(['dockerode', 'tar-fs']), unused];
  if (commands.some((c) => path.basename(c) === 'engine.ts')) throw new Error('cli-engine.js is the shared chunk');
  const commandInputs = [];
  for (const entry of commands) commandInputs.push(await probe(entry, commandPlugins));
  const { shared, boundary, inputs } = await sharedCore([serverEntry, cliEntry], commandInputs);
  const clientEntry = path.join(root, 'client/src/extension.ts');
  const clientPlugins = () => [vscodeOnce, lazyModules(['dockerode', 'tar-fs', 'yaml']), unused];
  const lsp = {
    ...sharedByClientAndServer(await probe(clientEntry, [...clientPlugins(), dedupe()]), inputs[0], shared),
    file: 'lsp.js',
  };
  const cliEngine = sharedByCommands(commandInputs, shared);
  const coreEntry = [
    chunkEntry(boundary),
    // For the extension (the same module instance the compose linter uses).
    `Object.defineProperty(modules, ${JSON.stringify(CORE_YAML)}, { enumerable: true, get: () => require('yaml') });`,
    'module.exports = modules;',
  ].join('\n');
  const core = { set: shared, file: 'core.js' };
  const stdin = (contents, sourcefile) => ({ contents, resolveDir: root, sourcefile, loader: 'js' });
  const results = await Promise.all(
    [
      {
        entryPoints: [clientEntry],
        outfile: path.join(dist, 'client.js'),
        external: ['vscode'],
        plugins: [...clientPlugins(), useChunks([lsp]), dedupe()],
      },
      {
        stdin: stdin(chunkEntry(lsp.boundary) + '\nmodule.exports = modules;', 'lsp-entry.js'),
        outfile: path.join(dist, 'lsp.js'),
      },
      {
        entryPoints: [path.join(root, 'client/src/bootstrap.ts')],
        outfile: path.join(dist, 'extension.js'),
        external: ['vscode'],
      },
      // ssh2 has optional native add-ons (cpu-features, *.node) it loads only if present.
      {
        stdin: stdin(
          "module.exports = { dockerode: require('dockerode'), 'tar-fs': require('tar-fs') };",
          'engine-entry.js',
        ),
        outfile: path.join(dist, 'engine.js'),
        external: ['cpu-features', '*.node'],
        plugins: [lazyModules(['docker-modem-ssh']), unused, dedupe()],
      },
      {
        stdin: stdin("module.exports = require('docker-modem/lib/ssh.js');", 'ssh-entry.js'),
        outfile: path.join(dist, 'ssh.js'),
        external: ['cpu-features', '*.node'],
        plugins: [unused, dedupe()],
      },
      {
        stdin: stdin(coreEntry, 'core-entry.js'),
        outfile: path.join(dist, 'core.js'),
        plugins: [compressedJson],
      },
      { entryPoints: [serverEntry], outfile: path.join(dist, 'server.js'), plugins: [useChunks([core, lsp])] },
      {
        entryPoints: [cliEntry],
        outfile: path.join(dist, 'cli.js'),
        banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
        plugins: [cliCommands, useCore(shared)],
      },
      // No dedupe() here: its resolve and useChunks' would ask each other again without end.
      {
        stdin: stdin(chunkEntry(cliEngine.boundary) + '\nmodule.exports = modules;', 'cli-engine-entry.js'),
        outfile: path.join(dist, 'cli-engine.js'),
        external: ['cpu-features', '*.node'],
        plugins: [lazyModules(['dockerode', 'tar-fs']), useChunks([core]), unused],
      },
      ...commands.map((entry) => ({
        entryPoints: [entry],
        outfile: path.join(dist, `cli-${path.basename(entry, '.ts')}.js`),
        external: ['cpu-features', '*.node'],
        plugins: [
          lazyModules(['dockerode', 'tar-fs']),
          useChunks([core, { ...cliEngine, file: 'cli-engine.js' }]),
          unused,
        ],
      })),
    ].map((b) => esbuild.build({ ...common, ...b, metafile: !!process.env.SCT_METAFILE })),
  );
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
  compressSsh();
  // SCT_METAFILE=<file>: esbuild's metafiles of every bundle, for size analysis (esbuild --analyze, bundle-buddy …).
  if (process.env.SCT_METAFILE)
    fs.writeFileSync(process.env.SCT_METAFILE, JSON.stringify(results.map((r) => r.metafile)));
}

await buildAll();
if (watch) {
  let timer;
  let running = Promise.resolve();
  const rebuild = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() =>
        buildAll().then(
          () => console.log(`[watch] rebuilt ${new Date().toLocaleTimeString()}`),
          (e) => console.error(`[watch] ${e.message}`),
        ),
      );
    }, 100);
  };
  for (const dir of ['client/src', 'server/src']) fs.watch(path.join(root, dir), { recursive: true }, rebuild);
  console.log('[watch] watching client/src and server/src');
}
