// The packaged extension: `npm run package`'s .vsix, installed into code-server's extensions
// dir (runTests.ts does both), activates from there and lints, with only the files it needs.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { run, test } from '../../harness';
import { EXTENSION_ID, codes, openDocument, waitForCodes, workspaceUri } from '../../editorHelpers';

const ALLOWED_TOP_LEVEL = new Set([
  'package.json',
  'dist',
  'syntaxes',
  'snippets',
  'media',
  'images',
  'docs',
  'readme.md',
  'changelog.md',
  'LICENSE.txt',
  '.vsixmanifest',
]);

function installed(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext;
}

test('the extension comes from the installed .vsix, not the repository', () => {
  const ext = installed();
  const extensionsDir = process.env.SCT_VSCODE_EXTENSIONS_DIR;
  assert.ok(extensionsDir, 'SCT_VSCODE_EXTENSIONS_DIR not set');
  assert.ok(
    fs.realpathSync(ext.extensionPath).startsWith(fs.realpathSync(extensionsDir) + path.sep),
    `extension path ${ext.extensionPath}`,
  );
});

test('the package holds only the bundles, grammar, snippets, media and documents', () => {
  const root = installed().extensionPath;
  const extra = fs.readdirSync(root).filter((n) => !ALLOWED_TOP_LEVEL.has(n));
  assert.deepEqual(extra, [], `unexpected files in the package: ${extra.join(', ')}`);
  for (const f of [
    'dist/extension.js',
    'dist/client.js',
    'dist/lsp.js',
    'dist/engine.js',
    'dist/ssh.js.br',
    'dist/core.js',
    'dist/server.js',
    'dist/cli.js',
    'dist/tree-sitter-bash.wasm.br',
    'dist/web-tree-sitter.wasm.br',
    'dist/directives.json.br',
    'LICENSE.txt',
  ]) {
    assert.ok(fs.existsSync(path.join(root, f)), `${f} missing`);
  }
  assert.ok(!fs.readdirSync(path.join(root, 'dist')).some((f) => f.endsWith('.map')), 'source maps in the package');
  // Every file the manifest points at is in the package.
  const pkg = installed().packageJSON as {
    main: string;
    contributes: {
      snippets?: { path: string }[];
      walkthroughs?: { steps: { media: { markdown?: string; image?: string } }[] }[];
    };
  };
  const referenced = [
    pkg.main.endsWith('.js') ? pkg.main : `${pkg.main}.js`,
    ...(pkg.contributes.snippets ?? []).map((s) => s.path),
  ];
  for (const w of pkg.contributes.walkthroughs ?? [])
    for (const s of w.steps) referenced.push(s.media.markdown ?? s.media.image ?? '');
  for (const ref of referenced) assert.ok(fs.existsSync(path.join(root, ref)), `manifest references missing ${ref}`);
});

test('the extension page is the user README with its pictures in the package, and the extension has an icon', () => {
  const root = installed().extensionPath;
  const page = fs.readFileSync(path.join(root, 'readme.md'), 'utf8');
  assert.match(page, /^# systemd Container Tools\n/);
  assert.doesNotMatch(page, /npm test|\.ci\//, "not the developers' README");
  const images = [...page.matchAll(/\]\(([^)\s]+\.(?:png|jpe?g|gif|svg))\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, 'pictures on the page');
  for (const image of images)
    assert.ok(
      fs.existsSync(path.join(root, image)),
      `${image} is not in the package (the page would fetch it from the network)`,
    );
  const icon = (installed().packageJSON as { icon?: string }).icon;
  assert.ok(icon && fs.existsSync(path.join(root, icon)), `icon ${icon}`);
});

test('it activates and lints a Dockerfile', async () => {
  const ext = installed();
  const uri = workspaceUri('Dockerfile');
  await openDocument(uri);
  await waitForCodes(uri, ['SCT103', 'SCT105', 'SCT106', 'SCT107', 'SCT111', 'SCT114'], 30_000);
  assert.equal(ext.isActive, true);
  assert.ok(codes(uri).length > 0);
});

export { run };
