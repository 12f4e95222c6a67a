/**
 * The extension host's entry (dist/extension.js): loads the extension proper (dist/client.js,
 * from extension.ts) with a V8 code cache kept in the extension's global storage, then hands
 * over activate and deactivate. Most of the activation time is V8 compiling that bundle; from
 * the second start on, the cache spares most of it (codeCache.ts).
 */
import * as path from 'path';
import type * as vscode from 'vscode';
import type { ExtensionApi } from './extension';
import { requireWithCodeCache } from './codeCache';

type Extension = typeof import('./extension');

let extension: Extension | undefined;
let saveCache: (() => void) | undefined;

/**
 * How long after activation the cache is written: the functions compiled by then (the language client's start, the
 * views) go into it.
 */
const SAVE_CACHE_AFTER_MS = 5_000;

export function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  // lsp.js: the language protocol's packages, which client.js shares with server.js (scripts/build.mjs).
  const loaded = requireWithCodeCache<Extension>(
    path.join(__dirname, 'client.js'),
    path.join(context.globalStorageUri.fsPath, 'code-cache'),
    ['./lsp.js'],
  );
  extension = loaded.exports;
  if (loaded.cache !== 'used') {
    saveCache = () => {
      saveCache = undefined;
      loaded.saveCache();
    };
    setTimeout(() => saveCache?.(), SAVE_CACHE_AFTER_MS).unref();
  }
  return extension.activate(context);
}

export function deactivate(): Promise<void> | undefined {
  saveCache?.();
  return extension?.deactivate();
}
