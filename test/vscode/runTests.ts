// Runs the VS Code integration suites (test/vscode/suites/<name>/index.ts) in a real VS Code
// through @vscode/test-electron's runTests(). By default the "VS Code executable" is
// test/vscode/launcher/code-launcher, which runs code-server in headless chromium (see
// test/vscode/README.md); SCT_VSCODE_EXECUTABLE=/path/to/code uses a desktop VS Code instead.
//
//   npx tsc -p tsconfig.test.json && node out/test/vscode/runTests.js [suite ...]
//
// Each suite gets a fresh copy of test/fixtures/vscode/<name>/ as its workspace folder and
// fresh user-data and extensions dirs. Exits non-zero on any failure, or when the launcher,
// code-server, the compiled suite, its fixture or the built extension is missing.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { runTests } from '@vscode/test-electron';
import type { SuiteResults } from './harness';
import { runScreenshotTest } from './screenshot';

const EXIT_SETUP = 3;
const SCREENSHOT_SUITE = 'screenshot';

interface SuiteConfig {
  /** "trusted" (default) or "untrusted": open the workspace in Restricted Mode. */
  trust?: 'trusted' | 'untrusted';
  /** VS Code user settings for this suite. */
  settings?: Record<string, unknown>;
  /** Overall limit for the suite's VS Code run, seconds (launcher default 300). */
  timeoutSec?: number;
  /** Package the extension (`npm run package`) and install the .vsix instead of loading the repository. */
  installVsix?: boolean;
}

interface Suite {
  name: string;
  testsPath: string;
  fixture: string;
  config: SuiteConfig;
}

class SetupFailure extends Error {}

function log(msg: string): void {
  console.log(`[vscode-tests] ${msg}`);
}

function findRepoRoot(): string {
  // out/test/vscode/runTests.js -> repository root
  const root = path.resolve(__dirname, '..', '..', '..');
  const pkg = path.join(root, 'package.json');
  if (!fs.existsSync(pkg) || !fs.existsSync(path.join(root, 'test', 'vscode'))) {
    throw new SetupFailure(`cannot find the repository root from ${__dirname} (expected out/test/vscode/)`);
  }
  return root;
}

function checkExtensionBuilt(root: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
  if (!pkg.main) throw new SetupFailure('package.json has no "main"');
  const main = path.resolve(root, pkg.main);
  const candidates = [main, `${main}.js`];
  if (!candidates.some((c) => fs.existsSync(c))) {
    throw new SetupFailure(`the extension entry ${pkg.main} does not exist: run \`npm run build\` first`);
  }
}

/** The launcher (default) or a desktop VS Code named by SCT_VSCODE_EXECUTABLE. */
function resolveExecutable(root: string): { path: string; isLauncher: boolean } {
  const desktop = process.env.SCT_VSCODE_EXECUTABLE;
  if (desktop) {
    if (!fs.existsSync(desktop)) throw new SetupFailure(`SCT_VSCODE_EXECUTABLE=${desktop} does not exist`);
    return { path: desktop, isLauncher: false };
  }
  const launcher = path.join(root, 'test', 'vscode', 'launcher', 'code-launcher');
  try {
    fs.accessSync(launcher, fs.constants.X_OK);
  } catch {
    throw new SetupFailure(`the launcher ${launcher} is missing or not executable`);
  }
  // The launcher checks that code-server, Node 24 and chromium are installed.
  const check = spawnSync(launcher, ['--sct-check'], { encoding: 'utf8', timeout: 60_000 });
  if (check.status !== 0) {
    const out = `${check.stdout ?? ''}${check.stderr ?? ''}`.trim() || String(check.error ?? '');
    throw new SetupFailure(`the launcher cannot run VS Code here:\n${out}`);
  }
  log(check.stdout.trim());
  return { path: launcher, isLauncher: true };
}

function discoverSuites(root: string, only: string[]): Suite[] {
  const suitesSrc = path.join(root, 'test', 'vscode', 'suites');
  if (!fs.existsSync(suitesSrc)) throw new SetupFailure(`no suites folder ${suitesSrc}`);
  const names = fs
    .readdirSync(suitesSrc, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const o of only) {
    if (!names.includes(o) && o !== SCREENSHOT_SUITE)
      throw new SetupFailure(`unknown suite "${o}" (suites: ${names.join(', ')})`);
  }
  const selected = only.length ? names.filter((n) => only.includes(n)) : names;
  if (selected.length === 0 && !only.includes(SCREENSHOT_SUITE)) throw new SetupFailure(`no suites under ${suitesSrc}`);
  return selected.map((name) => {
    const testsPath = path.join(__dirname, 'suites', name, 'index.js');
    if (!fs.existsSync(testsPath)) {
      throw new SetupFailure(`suite ${name} is not compiled (${testsPath}): run \`npx tsc -p tsconfig.test.json\``);
    }
    const fixture = path.join(root, 'test', 'fixtures', 'vscode', name);
    if (!fs.existsSync(fixture) || !fs.statSync(fixture).isDirectory()) {
      throw new SetupFailure(`suite ${name} has no fixture workspace ${fixture}`);
    }
    let config: SuiteConfig = {};
    const configFile = path.join(suitesSrc, name, 'suite.json');
    if (fs.existsSync(configFile)) {
      try {
        config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as SuiteConfig;
      } catch (e) {
        throw new SetupFailure(`${configFile}: ${(e as Error).message}`);
      }
    }
    return { name, testsPath, fixture, config };
  });
}

function writeSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** `npm run package` into `tmp`, then code-server --install-extension into `extensionsDir`. */
async function installPackagedExtension(root: string, tmp: string, extensionsDir: string): Promise<void> {
  const vsix = path.join(tmp, 'systemd-container-tools.vsix');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const pack = spawnSync(npm, ['run', '--silent', 'package', '--', '--out', vsix], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (pack.status !== 0 || !fs.existsSync(vsix))
    throw new Error(
      'npm run package ' +
        `exited ${pack.status}: ${(pack.stderr || pack.stdout || String(pack.error)).trim().slice(-2000)}`,
    );
  log(`packaged ${path.basename(vsix)} (${Math.round(fs.statSync(vsix).size / 1024)} KB)`);
  // Packaging left a minified production build in dist/: put the development build back.
  const rebuild = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (rebuild.status !== 0)
    throw new Error(
      'npm run build after packaging ' +
        `exited ${rebuild.status}: ${(rebuild.stderr || rebuild.stdout).trim().slice(-1000)}`,
    );
  const launcher = (await import(
    pathToFileURL(path.join(root, 'test', 'vscode', 'launcher', 'codeServer.mjs')).href
  )) as {
    readManifest(): { node: string; codeServerEntry: string };
  };
  const manifest = launcher.readManifest();
  const install = spawnSync(
    manifest.node,
    [manifest.codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (install.status !== 0)
    throw new Error(
      `code-server --install-extension exited ${install.status}: ${(install.stderr || install.stdout).trim()}`,
    );
  log(install.stdout.trim().split('\n').pop() ?? 'installed');
}

interface Outcome {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
  exitCode: number;
  note?: string;
  /** Failed tests and their errors' first lines, repeated at the end where a log's tail shows them. */
  failures?: string[];
}

async function runSuite(root: string, exe: { path: string; isLauncher: boolean }, suite: Suite): Promise<Outcome> {
  const t0 = Date.now();
  const trust = suite.config.trust ?? (process.env.SCT_VSCODE_TRUST === 'untrusted' ? 'untrusted' : 'trusted');
  const seconds = () => (Date.now() - t0) / 1000;
  if (trust === 'untrusted' && !exe.isLauncher) {
    // @vscode/test-electron always passes --disable-workspace-trust to a desktop VS Code.
    return {
      name: suite.name,
      passed: 0,
      failed: 1,
      seconds: 0,
      exitCode: 1,
      note: 'needs an untrusted workspace, which only the code-server launcher can provide',
    };
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `sct-vscode-${suite.name}-`));
  const workspace = path.join(tmp, suite.name); // folder name = suite name (window title)
  fs.cpSync(suite.fixture, workspace, { recursive: true });
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeSettings(userDataDir, suite.config.settings ?? {});
  const resultsFile = path.join(tmp, 'results.json');
  let developmentPath = root;
  const launchArgs = [
    workspace,
    '--disable-extensions',
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${extensionsDir}`,
  ];
  if (suite.config.installVsix) {
    try {
      await installPackagedExtension(root, tmp, extensionsDir);
    } catch (e) {
      return {
        name: suite.name,
        passed: 0,
        failed: 1,
        seconds: seconds(),
        exitCode: 1,
        note: `packaging/installing failed: ${(e as Error).message}; kept ${tmp}`,
      };
    }
    // An empty development extension: the repository itself would shadow the installed .vsix.
    developmentPath = path.join(root, 'test', 'vscode', 'vsix-host');
    launchArgs.splice(launchArgs.indexOf('--disable-extensions'), 1);
  }

  const env: Record<string, string> = {
    SCT_VSCODE_SUITE: suite.name,
    SCT_VSCODE_RESULTS: resultsFile,
    SCT_VSCODE_WORKSPACE: workspace,
    SCT_VSCODE_FIXTURE: suite.fixture,
    SCT_VSCODE_EXTENSION_PATH: root,
    SCT_VSCODE_TRUST: trust,
    SCT_VSCODE_EXTENSIONS_DIR: extensionsDir,
  };
  if (suite.config.timeoutSec) env.SCT_VSCODE_TIMEOUT = String(suite.config.timeoutSec);

  log(`suite ${suite.name}: ${trust} workspace ${workspace}`);
  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: exe.path,
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: suite.testsPath,
      launchArgs,
      extensionTestsEnv: env,
    });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    exitCode = typeof code === 'number' ? code : 1;
    if (typeof code !== 'number') log(`suite ${suite.name}: ${(e as Error).message}`);
  }

  let results: SuiteResults | undefined;
  try {
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
  } catch {
    results = undefined;
  }
  const outcome: Outcome = results
    ? {
        name: suite.name,
        passed: results.passed,
        failed: results.failed,
        seconds: seconds(),
        exitCode,
        failures: results.tests.filter((t) => !t.ok).map((t) => `${t.name}: ${firstLine(t.error)}`),
      }
    : {
        name: suite.name,
        passed: 0,
        failed: 1,
        seconds: seconds(),
        exitCode,
        note: `reported no results (VS Code exit code ${exitCode}${exitCode === 124 ? ', timeout' : ''})`,
      };
  if (outcome.failed === 0 && exitCode !== 0) {
    outcome.failed = 1;
    outcome.note = `VS Code exited with ${exitCode}`;
  }
  if (outcome.failed === 0 && process.env.SCT_VSCODE_KEEP_TEMP !== '1') {
    fs.rmSync(tmp, { recursive: true, force: true });
  } else {
    outcome.note = [outcome.note, `kept ${tmp}`].filter(Boolean).join('; ');
  }
  return outcome;
}

function firstLine(error: string | undefined): string {
  return (error ?? 'failed').split('\n')[0].slice(0, 400);
}

async function main(): Promise<number> {
  const t0 = Date.now();
  // npm test leaves the screenshots to their own CI step (npm run test:screenshots): it says so below.
  const withoutScreenshots = process.argv.includes('--without-screenshots');
  const only = [
    ...process.argv.slice(2).filter((a) => a !== '--without-screenshots'),
    ...(process.env.SCT_VSCODE_SUITES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
  let root: string;
  let exe: { path: string; isLauncher: boolean };
  let suites: Suite[];
  try {
    root = findRepoRoot();
    checkExtensionBuilt(root);
    suites = discoverSuites(root, only);
    exe = resolveExecutable(root);
  } catch (e) {
    if (e instanceof SetupFailure) {
      console.error(`[vscode-tests] SETUP ERROR: ${e.message}`);
      console.error('[vscode-tests] the VS Code integration tests did not run');
      return EXIT_SETUP;
    }
    throw e;
  }
  log(`VS Code: ${exe.isLauncher ? 'code-server launcher' : 'desktop'} ${exe.path}`);

  // Ctrl-C: @vscode/test-electron stops the running VS Code; start no further suite.
  let interrupted = false;
  process.on('SIGINT', () => {
    interrupted = true;
  });
  const outcomes: Outcome[] = [];
  for (const suite of suites) {
    if (interrupted) {
      outcomes.push({
        name: suite.name,
        passed: 0,
        failed: 1,
        seconds: 0,
        exitCode: 130,
        note: 'not run: interrupted',
      });
      continue;
    }
    outcomes.push(await runSuite(root, exe, suite));
  }

  // The screenshot test drives the workbench itself (playwright), so it needs the launcher.
  const wantsScreenshot = withoutScreenshots ? false : only.length === 0 || only.includes(SCREENSHOT_SUITE);
  if (withoutScreenshots) log(`suite ${SCREENSHOT_SUITE}: not in this run (npm run test:screenshots runs it)`);
  if (wantsScreenshot && !interrupted) {
    if (!exe.isLauncher) {
      outcomes.push({
        name: SCREENSHOT_SUITE,
        passed: 0,
        failed: 1,
        seconds: 0,
        exitCode: 1,
        note: 'needs the code-server launcher (unset SCT_VSCODE_EXECUTABLE)',
      });
    } else {
      const t1 = Date.now();
      log(`suite ${SCREENSHOT_SUITE}: each main view in the workbench, asserted and saved to out/screenshots/`);
      const shot = await runScreenshotTest(root);
      outcomes.push({
        name: SCREENSHOT_SUITE,
        ...shot,
        seconds: (Date.now() - t1) / 1000,
        exitCode: shot.failed ? 1 : 0,
      });
    }
  }

  console.log('');
  for (const o of outcomes) {
    const mark = o.failed === 0 ? 'ok  ' : 'FAIL';
    console.log(
      `[vscode-tests] ${mark} ${o.name}: ${o.passed} passed, ${o.failed} ` +
        `failed, ${o.seconds.toFixed(1)}s${o.note ? ` (${o.note})` : ''}`,
    );
    for (const failure of o.failures ?? []) console.log(`[vscode-tests]        ✗ ${failure}`);
  }
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  log(`${outcomes.length} suite(s) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('[vscode-tests] ERROR:', e);
    process.exit(1);
  },
);
