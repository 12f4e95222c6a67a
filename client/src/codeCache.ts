/**
 * Loading a CommonJS bundle with a V8 code cache, the way Node 22's module.enableCompileCache()
 * and the v8-compile-cache package do (VS Code's extension host runs Node 20, which has neither).
 * Compiling the extension's 0.6 MB bundle is most of its activation time; with the cache V8
 * skips parsing and compiling what it compiled last time, which halves the load.
 *
 * The cache lives in a folder of the caller's (the extension's global storage: per user, not
 * shared), one file per bundle, named after what invalidates it: a hash of the bundle's text
 * (half a millisecond), V8's version and the architecture. V8 checks the data itself too and rejects what does not fit
 * (cachedDataRejected); a missing, stale or unreadable cache only means a normal load.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createRequire, wrap } from 'module';
import * as vm from 'vm';

export interface CachedLoad<T> {
  exports: T;
  /** 'used': compiled from the cache; 'absent': no cache for this bundle yet; 'rejected': V8 refused it. */
  cache: 'used' | 'absent' | 'rejected';
  /**
   * Writes the cache when it was not used (absent or rejected); call it once the code has run a while, so the functions
   * compiled since are in it. Never throws.
   */
  saveCache(): void;
}

/** The cache file's name for a bundle: it changes whenever the bundle or the V8 that compiles it does. */
export function cacheFileName(file: string, source: string): string {
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
  return `${path.basename(file)}-${hash}-${process.versions.v8}-${process.arch}.code-cache`;
}

/**
 * Requires `file` (a CommonJS module) through vm.Script with the cached data in `cacheDir`.
 * `siblings` are bundles of the same folder it requires (`./lsp.js`): they load through the cache
 * too, each with its own cache file, and `cache` and `saveCache()` cover them.
 */
export function requireWithCodeCache<T>(
  file: string,
  cacheDir: string,
  siblings: readonly string[] = [],
): CachedLoad<T> {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = path.join(cacheDir, cacheFileName(file, source));
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const own = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as T, filename: file, id: file, loaded: false };
  // A require that resolves from the bundle's folder, and whose parent is the bundle: VS Code hands
  // out its `vscode` module by the requiring file's path.
  const nodeRequire = createRequire(file);
  const loadedSiblings = new Map<string, CachedLoad<unknown>>();
  const bundleRequire = Object.assign((id: string): unknown => {
    if (!siblings.includes(id)) return nodeRequire(id);
    let sibling = loadedSiblings.get(id);
    if (!sibling) loadedSiblings.set(id, (sibling = requireWithCodeCache(path.join(path.dirname(file), id), cacheDir)));
    return sibling.exports;
  }, nodeRequire);
  const load = script.runInThisContext() as (
    exports: unknown,
    require: NodeRequire,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  load.call(module.exports, module.exports, bundleRequire as NodeRequire, module, file, path.dirname(file));
  module.loaded = true;
  const others = [...loadedSiblings.values()].map((l) => l.cache).filter((c) => c !== 'used');
  return {
    exports: module.exports,
    cache: own !== 'used' ? own : (others[0] ?? 'used'),
    saveCache() {
      for (const sibling of loadedSiblings.values()) sibling.saveCache();
      if (own === 'used') return;
      try {
        writeCache(cacheDir, cacheFile, path.basename(file), script.createCachedData());
      } catch {
        // A read-only or full disk: the next start compiles as usual.
      }
    },
  };
}

/** Writes the cache file whole (a temporary file renamed into place) and removes the bundle's older ones. */
function writeCache(cacheDir: string, cacheFile: string, bundle: string, data: Buffer): void {
  fs.mkdirSync(cacheDir, { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data, { mode: 0o600 });
  fs.renameSync(temporary, cacheFile);
  for (const name of fs.readdirSync(cacheDir)) {
    if (name !== path.basename(cacheFile) && name.startsWith(`${bundle}-`) && name.endsWith('.code-cache'))
      fs.rmSync(path.join(cacheDir, name), { force: true });
  }
}
