/** Loading a bundle with a V8 code cache (client/src/codeCache.ts), in this Node, on real files. */
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheFileName, requireWithCodeCache } from '../../client/src/codeCache';

interface Bundle {
  answer: number;
  helper: string;
  filename: string;
  dirname: string;
  isThis: boolean;
}

const BUNDLE = `const helper = require('./helper.js');
const path = require('path');
exports.answer = 6 * 7;
exports.helper = helper.name;
exports.filename = __filename;
exports.dirname = path.basename(__dirname);
exports.isThis = this === module.exports;
`;

describe('requireWithCodeCache', () => {
  let dir: string;
  let cacheDir: string;
  let bundle: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-code-cache-'));
    cacheDir = path.join(dir, 'storage', 'code-cache');
    bundle = path.join(dir, 'client.js');
    fs.writeFileSync(bundle, BUNDLE);
    fs.writeFileSync(path.join(dir, 'helper.js'), "exports.name = 'helper';\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);

  it('loads the module as require would: exports, relative requires, __filename, __dirname, this', () => {
    const loaded = requireWithCodeCache<Bundle>(bundle, cacheDir);
    assert.equal(loaded.cache, 'absent');
    assert.deepEqual(
      { ...loaded.exports },
      { answer: 42, helper: 'helper', filename: bundle, dirname: path.basename(dir), isThis: true },
    );
    assert.deepEqual(cacheFiles(), [], 'nothing is written before saveCache');
  });

  it('writes the cache on saveCache (private to the user) and compiles from it the next time', () => {
    requireWithCodeCache<Bundle>(bundle, cacheDir).saveCache();
    const name = cacheFileName(bundle, fs.readFileSync(bundle, 'utf8'));
    assert.deepEqual(cacheFiles(), [name]);
    assert.equal(fs.statSync(path.join(cacheDir, name)).mode & 0o777, 0o600);
    assert.ok(fs.statSync(path.join(cacheDir, name)).size > 0);
    const again = requireWithCodeCache<Bundle>(bundle, cacheDir);
    assert.equal(again.cache, 'used');
    assert.equal(again.exports.answer, 42);
    again.saveCache(); // a used cache is not rewritten
    assert.deepEqual(cacheFiles(), [name]);
  });

  it('takes a changed bundle as uncached and replaces the old cache file', () => {
    requireWithCodeCache<Bundle>(bundle, cacheDir).saveCache();
    const old = cacheFiles();
    fs.writeFileSync(bundle, BUNDLE.replace('6 * 7', '6 * 7 + 1'));
    const changed = requireWithCodeCache<Bundle>(bundle, cacheDir);
    assert.equal(changed.cache, 'absent');
    assert.equal(changed.exports.answer, 43);
    changed.saveCache();
    const now = cacheFiles();
    assert.equal(now.length, 1);
    assert.notDeepEqual(now, old);
  });

  it('falls back to a normal compile when the cache is garbage, and rewrites it', () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const name = cacheFileName(bundle, fs.readFileSync(bundle, 'utf8'));
    fs.writeFileSync(path.join(cacheDir, name), Buffer.from('not a V8 code cache'.repeat(50)));
    const loaded = requireWithCodeCache<Bundle>(bundle, cacheDir);
    assert.equal(loaded.cache, 'rejected');
    assert.equal(loaded.exports.answer, 42);
    loaded.saveCache();
    assert.equal(requireWithCodeCache<Bundle>(bundle, cacheDir).cache, 'used');
  });

  it('keeps other bundles’ caches in the same folder', () => {
    const other = path.join(dir, 'other.js');
    fs.writeFileSync(other, 'exports.x = 1;\n');
    requireWithCodeCache(other, cacheDir).saveCache();
    requireWithCodeCache<Bundle>(bundle, cacheDir).saveCache();
    assert.deepEqual(
      cacheFiles().map((f) => f.split('-')[0]),
      ['client.js', 'other.js'],
    );
  });

  it('loads named sibling bundles through the cache too, once, and counts them in cache and saveCache', () => {
    fs.writeFileSync(path.join(dir, 'lsp.js'), 'exports.loads = (globalThis.__sctLspLoads ?? 0) + 1;\n');
    fs.writeFileSync(
      bundle,
      "const a = require('./lsp.js'), b = require('./lsp.js');\nexports.same = a === b;\nexports.loads = a.loads;\n" +
        "exports.helper = require('./helper.js').name;\n",
    );
    type WithSibling = { same: boolean; loads: number; helper: string };
    const first = requireWithCodeCache<WithSibling>(bundle, cacheDir, ['./lsp.js']);
    assert.deepEqual({ ...first.exports }, { same: true, loads: 1, helper: 'helper' });
    assert.equal(first.cache, 'absent');
    first.saveCache();
    assert.deepEqual(
      cacheFiles().map((f) => f.split('-')[0]),
      ['client.js', 'lsp.js'],
    );
    assert.equal(requireWithCodeCache(bundle, cacheDir, ['./lsp.js']).cache, 'used');
    // the bundle's cache in place, the sibling's gone: not all used, and saveCache writes the sibling's again
    fs.rmSync(
      path.join(
        cacheDir,
        cacheFiles().find((f) => f.startsWith('lsp.js-'))!,
      ),
    );
    const partly = requireWithCodeCache(bundle, cacheDir, ['./lsp.js']);
    assert.equal(partly.cache, 'absent');
    partly.saveCache();
    assert.equal(cacheFiles().length, 2);
  });

  it('does not throw when the cache cannot be written', () => {
    fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
    fs.writeFileSync(cacheDir, 'a file where the folder should be');
    const loaded = requireWithCodeCache<Bundle>(bundle, cacheDir);
    assert.equal(loaded.cache, 'absent');
    assert.doesNotThrow(() => loaded.saveCache());
    assert.equal(fs.readFileSync(cacheDir, 'utf8'), 'a file where the folder should be');
  });

  it('lets an error thrown while loading reach the caller, as require does', () => {
    fs.writeFileSync(bundle, "throw new Error('broken bundle');\n");
    assert.throws(() => requireWithCodeCache(bundle, cacheDir), /broken bundle/);
  });
});
