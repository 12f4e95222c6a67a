// A stand-in for a VS Code executable, for @vscode/test-electron's
// runTests({ vscodeExecutablePath }): it takes the same command line, runs the extension tests
// in a real VS Code (code-server + headless chromium) and exits with the test host's exit code.
// See ../README.md for the environment variables.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError, openWorkbench, readManifest, startCodeServer } from './codeServer.mjs';

const t0 = Date.now();
const env = process.env;
const verbose = env.SCT_VSCODE_VERBOSE === '1';
const say = (msg) => process.stderr.write(`[sct-vscode] ${msg}\n`);
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

// ------------------------------------------------------------------ command line
const VALUE_FLAGS = new Set([
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'extensions-dir',
  'user-data-dir',
  'locale',
  'log',
  'folder-uri',
  'file-uri',
  'extensionDevelopmentKind',
  'profile',
]);
function parseArgs(argv) {
  const out = { extensionDevelopmentPaths: [], positional: [], ignored: [], disableExtensions: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    let [name, value] = a.slice(2).split(/=(.*)/s, 2);
    if (value === undefined && VALUE_FLAGS.has(name) && i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    }
    switch (name) {
      case 'extensionDevelopmentPath':
        out.extensionDevelopmentPaths.push(value);
        break;
      case 'extensionTestsPath':
        out.extensionTestsPath = value;
        break;
      case 'extensions-dir':
        out.extensionsDir = value;
        break;
      case 'user-data-dir':
        out.userDataDir = value;
        break;
      case 'disable-extensions':
        out.disableExtensions = true;
        break;
      case 'folder-uri':
        out.folderUri = value;
        break;
      // Desktop-only switches that runTests always passes; trust is set by SCT_VSCODE_TRUST.
      case 'no-sandbox':
      case 'disable-gpu-sandbox':
      case 'disable-updates':
      case 'skip-welcome':
      case 'skip-release-notes':
      case 'disable-workspace-trust':
      case 'disable-gpu':
      case 'new-window':
      case 'wait':
        break;
      default:
        out.ignored.push(a);
    }
  }
  return out;
}

if (process.argv[2] === '--sct-check') {
  // Used by runTests.ts before it starts: is everything installed?
  try {
    const m = readManifest();
    console.log(`code-server ${m.codeServerVersion} (${m.codeServerEntry}), node ${m.node}, chromium ${m.chromium}`);
    process.exit(0);
  } catch (e) {
    say(`SETUP ERROR: ${e.message}`);
    process.exit(3);
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.ignored.length) say(`ignoring arguments: ${args.ignored.join(' ')}`);
if (!args.extensionTestsPath) {
  say('usage: launch --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER|FILE.code-workspace] ...');
  say('this launcher only runs extension tests (no --extensionTestsPath given)');
  process.exit(2);
}
let folder;
let workspace;
if (args.folderUri) folder = new URL(args.folderUri).pathname;
for (const p of args.positional) {
  const abs = path.resolve(p);
  if (!fs.existsSync(abs)) {
    say(`workspace path does not exist: ${abs}`);
    process.exit(2);
  }
  if (abs.endsWith('.code-workspace')) workspace ??= abs;
  else if (fs.statSync(abs).isDirectory()) folder ??= abs;
  else say(`ignoring file argument ${abs} (files cannot be opened by the launcher)`);
}

const trustMode = (env.SCT_VSCODE_TRUST || 'trusted').toLowerCase();
if (!['trusted', 'untrusted'].includes(trustMode)) {
  say(`SCT_VSCODE_TRUST must be "trusted" or "untrusted", not "${env.SCT_VSCODE_TRUST}"`);
  process.exit(2);
}
const timeoutSec = Number(env.SCT_VSCODE_TIMEOUT || 300);
let settings = {};
if (env.SCT_VSCODE_SETTINGS) {
  try {
    settings = JSON.parse(env.SCT_VSCODE_SETTINGS);
  } catch (e) {
    say(`SCT_VSCODE_SETTINGS is not JSON: ${e.message}`);
    process.exit(2);
  }
}

// ------------------------------------------------------------------ run
let server;
let workbench;
let finishing = false;

async function cleanup() {
  await Promise.all([workbench && workbench.close().catch(() => {}), server && server.stop().catch(() => {})]);
}

function tail(file, lines = 60) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function finish(code, reason) {
  if (finishing) return;
  finishing = true;
  clearTimeout(timer);
  if (reason) say(reason);
  else say(`test host exited with ${code} after ${elapsed()}`);
  if (env.SCT_VSCODE_SCREENSHOT && workbench) {
    try {
      await workbench.screenshot(env.SCT_VSCODE_SCREENSHOT);
      say(`screenshot: ${path.resolve(env.SCT_VSCODE_SCREENSHOT)}`);
    } catch (e) {
      say(`screenshot failed: ${e.message}`);
    }
  }
  if (code !== 0 && server) {
    server.keepTemp(); // keep code-server.log for a look after a failure
    // After a failure the launcher saw itself (timeout, crash, error), show why VS Code may
    // not have reported; a test failure is already explained by the test output.
    if (reason && !verbose) say(`code-server log (last lines of ${server.logFile}):\n${tail(server.logFile, 40)}`);
    say(`code-server log kept: ${server.logFile}`);
  }
  await cleanup();
  say(`stopped code-server and chromium; exit code ${code}, total ${elapsed()}`);
  process.exit(code);
}

const timer = setTimeout(() => {
  finish(124, `TIMEOUT: no exit from the extension test host after ${timeoutSec}s (SCT_VSCODE_TIMEOUT)`);
}, timeoutSec * 1000);

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => finish(sig === 'SIGINT' ? 130 : 143, `received ${sig}, stopping`));
}
// If whoever started us dies (a test runner killed hard), don't run on alone.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) finish(143, 'parent process is gone, stopping');
}, 1000).unref();
process.stdout.on('error', () => {}); // a closed pipe must not crash the cleanup
process.stderr.on('error', () => {});

try {
  const manifest = readManifest();
  server = await startCodeServer({
    manifest,
    userDataDir: args.userDataDir,
    extensionsDir: args.extensionsDir,
    trust: trustMode === 'trusted',
    disableExtensions: args.disableExtensions,
    settings,
    keepTemp: env.SCT_VSCODE_KEEP_TEMP === '1',
    onOutput: verbose ? (t) => process.stderr.write(t) : undefined,
  });
  say(
    `code-server ${manifest.codeServerVersion} at ${server.url} (pid ${server.pid}, ${trustMode}) after ${elapsed()}`,
  );

  workbench = await openWorkbench({
    manifest,
    url: server.url,
    folder,
    workspace,
    extensionDevelopmentPaths: args.extensionDevelopmentPaths,
    extensionTestsPath: args.extensionTestsPath,
    // Once the test host has exited, the workbench only talks about losing its server.
    onLog: (type, text) => {
      if (finishing && !verbose) return;
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(text + '\n');
    },
    onConsole: verbose ? (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`) : undefined,
  });
  say(`workbench opened ${folder || workspace || '(empty window)'} after ${elapsed()}`);

  // If the server dies before the tests report, fail instead of waiting for the timeout.
  const watchServer = setInterval(() => {
    const ex = server.exited();
    if (ex && !finishing) {
      clearInterval(watchServer);
      finish(1, `code-server exited unexpectedly (${ex.code ?? ex.signal})`);
    }
  }, 500);
  watchServer.unref();

  const code = await workbench.exitCode;
  await finish(code);
} catch (e) {
  const setup = e instanceof SetupError;
  await finish(setup ? 3 : 1, `${setup ? 'SETUP ERROR' : 'ERROR'}: ${e.stack || e.message}`);
}
