// Reusable pieces for driving a real VS Code (code-server) from Node:
//   readManifest()      where .ci/vscode-setup.sh installed Node 24, code-server, chromium
//   startCodeServer()   code-server on a free loopback port, in its own process group
//   openWorkbench()     the workbench in headless chromium (playwright-core), with the
//                       automation hooks VS Code calls when extension tests finish
// Used by ./launch.mjs (the executable @vscode/test-electron's runTests drives) and meant
// for screenshot scripts too. Plain ESM JavaScript: it runs outside the extension bundle.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_CACHE_DIR = '/var/cache/sct-vscode';

export class SetupError extends Error {}

/** Reads $SCT_CACHE_DIR/sct-vscode.json (written by .ci/vscode-setup.sh) and checks the files exist. */
export function readManifest(cacheDir = process.env.SCT_CACHE_DIR || DEFAULT_CACHE_DIR) {
  const file = path.join(cacheDir, 'sct-vscode.json');
  const hint = 'run `bash .ci/vscode-setup.sh` first (it installs Node 24, code-server and chromium)';
  let m;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SetupError(`cannot read ${file} (${e.code || e.message}): ${hint}`);
  }
  const manifest = {
    node: process.env.SCT_CODE_SERVER_NODE || m.node,
    codeServerEntry: process.env.SCT_CODE_SERVER_ENTRY || m.codeServerEntry,
    codeServerVersion: m.codeServerVersion,
    chromium: process.env.SCT_CHROMIUM || m.chromium,
  };
  for (const key of ['node', 'codeServerEntry', 'chromium']) {
    if (!manifest[key] || !fs.existsSync(manifest[key])) {
      throw new SetupError(`${key} from ${file} is missing (${manifest[key]}): ${hint}`);
    }
  }
  return manifest;
}

function mkTemp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Sends a signal to a whole process group; true if the group existed. */
function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Pids of live processes whose environment has MARKER_VAR=value. Every process that
 * code-server or chromium starts inherits the variable, also those that leave the process
 * group (chromium's crashpad handlers do), so this finds them all. Zombies have no
 * environment and are not listed.
 */
const MARKER_VAR = 'SCT_VSCODE_RUN_MARKER';
export function processesWithMarker(value) {
  const needle = Buffer.from(`\0${MARKER_VAR}=${value}\0`);
  const pids = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const environ = Buffer.concat([Buffer.from('\0'), fs.readFileSync(`/proc/${name}/environ`)]);
      if (environ.includes(needle)) pids.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

function killMarked(value, signal) {
  for (const pid of processesWithMarker(value)) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Waits (up to timeoutMs) until no process carries the marker, then SIGKILLs the rest. */
async function reapMarked(value, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (processesWithMarker(value).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  killMarked(value, 'SIGKILL');
  const deadline2 = Date.now() + 2000;
  while (processesWithMarker(value).length && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Waits (bounded) until the given pids are gone from /proc. Children whose parent died first
 * stay as zombies until PID 1 reaps them (here that takes about a second); waiting for that
 * means nothing of this run shows up in `pgrep` once the caller returns.
 */
async function waitGone(pids, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let left = pids;
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = left.filter((pid) => fs.existsSync(`/proc/${pid}`));
  }
}

// Process groups and markers to SIGKILL if this process exits without stopping them.
const liveGroups = new Set();
const liveMarkers = new Set();
const liveBrowserDirs = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
    for (const marker of liveMarkers) killMarked(marker, 'SIGKILL');
    for (const dir of liveBrowserDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * Writes <userDataDir>/User/settings.json (plain JSON, no comments) as
 * { ...defaults, ...what the file already has, ...overrides }.
 */
export function writeUserSettings(userDataDir, defaults = {}, overrides = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let current = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file} is not plain JSON: ${e.message}`, { cause: e });
    }
  }
  fs.writeFileSync(file, JSON.stringify({ ...defaults, ...current, ...overrides }, null, 2));
  return file;
}

/**
 * Starts code-server (a real VS Code server) on 127.0.0.1 with a free port, as the leader of
 * its own process group, and waits until it listens.
 *
 * opts:
 *   manifest        from readManifest() (default: read it)
 *   userDataDir     VS Code user data dir (default: a fresh temp dir)
 *   extensionsDir   VS Code extensions dir (default: a fresh temp dir)
 *   trust           true (default): --disable-workspace-trust, every folder is trusted.
 *                   false: Workspace Trust stays on and the startup prompt is off, so the
 *                   opened folder is in Restricted Mode (untrusted).
 *   disableExtensions  pass --disable-extensions to the VS Code server
 *   settings        object merged into <userDataDir>/User/settings.json
 *   extraArgs       more code-server arguments
 *   env             extra environment for code-server (and so for the extension host)
 *   logFile         where code-server's output goes (default: <tmp>/code-server.log)
 *   keepTemp        do not delete the temp dir (logs, default dirs) in stop()
 *   onOutput(text)  also called with code-server's output
 *   startTimeoutMs  default 60000
 * Returns { url, port, pid, logFile, userDataDir, extensionsDir, stop() }.
 */
export async function startCodeServer(opts = {}) {
  const manifest = opts.manifest || readManifest();
  const tmp = mkTemp('sct-code-server-');
  const userDataDir = path.resolve(opts.userDataDir || path.join(tmp, 'user-data'));
  const extensionsDir = path.resolve(opts.extensionsDir || path.join(tmp, 'extensions'));
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const trust = opts.trust !== false;

  // Quiet, offline defaults; the user data dir's own settings.json and opts.settings win.
  const defaults = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    // No Copilot/chat views or their log noise; a clean window for screenshots.
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  const trustSettings = trust
    ? {}
    : {
        // Trust stays on (no --disable-workspace-trust) and nobody is asked: a fresh browser
        // profile has no trusted folders, so the workspace opens in Restricted Mode.
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.emptyWindow': false,
      };
  writeUserSettings(userDataDir, defaults, { ...(opts.settings || {}), ...trustSettings });

  const configFile = path.join(tmp, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const args = [
    manifest.codeServerEntry,
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '1',
    '--config',
    configFile,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--ignore-last-opened',
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  if (trust) args.push('--disable-workspace-trust');
  if (opts.disableExtensions) args.push('--vscode-option', 'disable-extensions');
  args.push(...(opts.extraArgs || []));

  const logFile = opts.logFile || path.join(tmp, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  const env = {
    ...process.env,
    // code-server writes its own logs under $XDG_DATA_HOME/code-server; keep them out of $HOME.
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    // No extension gallery: the workbench would otherwise query open-vsx.org (unreachable
    // here, and a test must not depend on it). Set EXTENSIONS_GALLERY yourself to override.
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY || '{}',
    [MARKER_VAR]: tmp,
    ...(opts.env || {}),
  };
  // The machine may point npm/node at other Node headers; irrelevant to a running server.
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;

  installExitHook();
  const child = spawn(manifest.node, args, {
    detached: true, // own process group: stop() kills the server, its extension hosts and pty host
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  const pgid = child.pid;
  liveGroups.add(pgid);
  liveMarkers.add(tmp);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  let keepTemp = !!opts.keepTemp;
  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    const pids = processesWithMarker(tmp);
    if (pgid) {
      killGroup(pgid, 'SIGTERM');
      // Nothing in a test server needs a graceful shutdown; don't wait long for one.
      const deadline = Date.now() + (opts.stopGraceMs ?? 500);
      while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      killGroup(pgid, 'SIGKILL');
      liveGroups.delete(pgid);
    }
    await reapMarked(tmp, 1000); // anything that left the group
    liveMarkers.delete(tmp);
    await waitGone(pids, opts.reapWaitMs ?? 3000);
    await new Promise((r) => logStream.end(r));
    if (!keepTemp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }

  const url = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `code-server did not listen within ${(opts.startTimeoutMs || 60000) / 1000}s:\n${buffered.slice(-4000)}`,
          ),
        ),
      opts.startTimeoutMs || 60000,
    );
    const onData = (chunk) => {
      const text = chunk.toString();
      logStream.write(text);
      if (opts.onOutput) opts.onOutput(text);
      if (buffered.length < 100000) buffered += text;
      const m = /HTTP server listening on (http:\/\/[^\s/]+)\//.exec(buffered);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${buffered.slice(-4000)}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });

  return {
    url,
    port: Number(new URL(url).port),
    pid: pgid,
    logFile,
    tmpDir: tmp,
    userDataDir,
    extensionsDir,
    exited: () => exited,
    /** Leave the temp dir (code-server.log, default user data) in place after stop(). */
    keepTemp: () => {
      keepTemp = true;
    },
    stop,
  };
}

/** vscode-remote URI for a path on the code-server machine (the authority is not used for paths). */
export function remoteUri(p) {
  const abs = path.resolve(p);
  return 'vscode-remote://remote' + abs.split(path.sep).map(encodeURIComponent).join('/');
}

/**
 * Builds the workbench URL: ?folder= / ?workspace= / ?ew=true (empty window), plus the payload
 * with extensionDevelopmentPath(s) and extensionTestsPath.
 */
export function workbenchUrl(
  baseUrl,
  { folder, workspace, extensionDevelopmentPaths = [], extensionTestsPath, payload = [] } = {},
) {
  const u = new URL(baseUrl.replace(/\/?$/, '/'));
  if (workspace) u.searchParams.set('workspace', path.resolve(workspace));
  else if (folder) u.searchParams.set('folder', path.resolve(folder));
  else u.searchParams.set('ew', 'true');
  const entries = [
    ...extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', remoteUri(p)]),
    ...(extensionTestsPath ? [['extensionTestsPath', remoteUri(extensionTestsPath)]] : []),
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
    ...payload,
  ];
  u.searchParams.set('payload', JSON.stringify(entries));
  return u.toString();
}

// First lines of the workbench's own info/warn messages that say nothing about the tests.
// They come through the same automation log as the test host's console output.
export const WORKBENCH_NOISE = [
  /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\b/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^No search provider registered for scheme/,
];

export function isWorkbenchNoise(type, text) {
  return (
    (type === 'info' || type === 'log' || type === 'warn' || type === 'trace' || type === 'debug') &&
    WORKBENCH_NOISE.some((re) => re.test(text))
  );
}

function formatLogArgs(args) {
  const list = Array.isArray(args) ? args : [args];
  return list
    .map((a) => {
      if (typeof a === 'string') return a;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

/**
 * Opens the workbench in headless chromium.
 *
 * opts:
 *   url             code-server base URL (startCodeServer().url)
 *   folder | workspace, extensionDevelopmentPaths, extensionTestsPath, payload: see workbenchUrl
 *   manifest        for the chromium path (default: readManifest())
 *   viewport        default { width: 1280, height: 800 }
 *   onLog(type, text)   VS Code's automation log (test host console); default: stdout/stderr
 *   showWorkbenchNoise  also pass the workbench's own chatter to onLog (default: only
 *                   with SCT_VSCODE_VERBOSE=1)
 *   onExit(code)        called when VS Code asks to exit (the extension test host's exit code)
 *   onConsole(msg)      playwright ConsoleMessage of the page (optional)
 *   headless        default true
 * Returns { browser, context, page, exitCode (a promise of the code from codeAutomationExit),
 *           screenshot(file), close() }.
 */
export async function openWorkbench(opts) {
  const { chromium } = await import('playwright-core');
  const manifest = opts.manifest || readManifest();
  // Chromium's crash handler keeps its database under $XDG_CONFIG_HOME/chromium: a temp dir,
  // which also marks every process of this browser for the cleanup in close().
  const tmp = mkTemp('sct-chromium-');
  installExitHook();
  liveMarkers.add(tmp);
  liveBrowserDirs.add(tmp);
  const dropTmp = () => {
    liveMarkers.delete(tmp);
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    liveBrowserDirs.delete(tmp);
  };
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: manifest.chromium,
      env: { ...process.env, XDG_CONFIG_HOME: tmp, [MARKER_VAR]: tmp },
      headless: opts.headless !== false,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--disable-breakpad',
        '--disable-crash-reporter',
      ],
    });
  } catch (e) {
    killMarked(tmp, 'SIGKILL');
    dropTmp();
    throw e;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    const pids = processesWithMarker(tmp);
    await browser.close().catch(() => {});
    await reapMarked(tmp, 5000);
    await waitGone(pids, opts.reapWaitMs ?? 3000);
    dropTmp();
  };
  try {
    const context = await browser.newContext({ viewport: opts.viewport || { width: 1280, height: 800 } });
    const page = await context.newPage();
    let resolveExit;
    const exitCode = new Promise((r) => (resolveExit = r));
    const onLog =
      opts.onLog ||
      ((type, text) => {
        (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(text + '\n');
      });
    const keepNoise = opts.showWorkbenchNoise ?? process.env.SCT_VSCODE_VERBOSE === '1';
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = formatLogArgs(args);
      if (!keepNoise && isWorkbenchNoise(String(type), text)) return;
      onLog(String(type), text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      const n = Number(code);
      const c = Number.isFinite(n) ? n : 1;
      if (opts.onExit) opts.onExit(c);
      resolveExit(c);
    });
    if (opts.onConsole) page.on('console', opts.onConsole);
    page.on('pageerror', (e) => onLog('error', `[page error] ${e.message}`));
    const target = workbenchUrl(opts.url, opts);
    await page.goto(target, { waitUntil: 'domcontentloaded', timeout: opts.gotoTimeoutMs || 60000 });
    return {
      browser,
      context,
      page,
      url: target,
      exitCode,
      /** Waits until the workbench has rendered (the smoke-test driver is ready). */
      async ready(timeoutMs = 60000) {
        await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
      },
      async screenshot(file, options = {}) {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        await page.screenshot({ path: file, ...options });
        return file;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
