/**
 * Extension activation in a real VS Code (code-server in headless chromium, as the VS Code test
 * suites run it): each round starts a fresh code-server and window on a folder with a
 * Dockerfile, opens the Dockerfile (the onLanguage:dockerfile activation a user triggers), and
 * reads VS Code's own figure from Developer: Show Running Extensions, which is code loading +
 * the synchronous part of activate() ("Activation: N ms"). All rounds share one profile, as a
 * user's windows do: the first activation compiles the bundle and leaves a V8 code cache in the
 * extension's global storage, the later ones load with it. The built-in extensions activated in
 * the same windows are the reference. Needs the code-server install of .ci/vscode-setup.sh and
 * the build in dist/ (npm run bench makes a production one).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Page } from 'playwright-core';
import { summarize, type Sample } from './stats';

interface Workbench {
  page: Page;
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
interface CodeServerModule {
  readManifest(): unknown;
  startCodeServer(opts: Record<string, unknown>): Promise<{ url: string; stop(): Promise<void> }>;
  openWorkbench(opts: {
    url: string;
    folder: string;
    extensionDevelopmentPaths: string[];
    onLog?: (type: string, text: string) => void;
  }): Promise<Workbench>;
}

export interface ActivationResult {
  /** The windows after the first: the extension's code cache is in the profile (client/src/codeCache.ts). */
  ours: Sample;
  values: number[];
  /** The first window of a fresh profile: no code cache yet (the first start after an install or update). */
  first: number;
  /** Median over the windows of each built-in extension's activation, by name. */
  builtins: Map<string, number>;
}

const EXTENSION_ID = 'systemd-container-tools.systemd-container-tools';

/** Activation times (ms) of every extension in the Running Extensions editor, by the name shown. */
async function runningExtensions(page: Page): Promise<Map<string, number>> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('>Developer: Show Running Extensions');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  const ours = page.locator('.monaco-list-row', { hasText: EXTENSION_ID }).first();
  await ours.waitFor({ state: 'visible', timeout: 15_000 });
  const times = new Map<string, number>();
  for (let attempt = 0; attempt < 50; attempt++) {
    times.clear();
    for (const row of await page.locator('.monaco-list-row').allInnerTexts()) {
      const m = /Activation: (\d+)ms/.exec(row);
      if (m) times.set(row.split('\n')[0].trim(), Number(m[1]));
    }
    if (times.has(EXTENSION_ID)) return times;
    await page.waitForTimeout(200);
  }
  throw new Error('no activation time for the extension in Running Extensions');
}

/** Waits until the extension has written its code cache under the profile (5 s after activation). */
async function codeCacheWritten(userDataDir: string, timeoutMs = 30_000): Promise<void> {
  const dir = path.join(userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'code-cache');
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.code-cache'))) return;
  }
  throw new Error(`the extension wrote no code cache under ${dir} within ${timeoutMs / 1000} s`);
}

async function oneWindow(
  launcher: CodeServerModule,
  extensionRoot: string,
  userDataDir: string,
  first: boolean,
): Promise<Map<string, number>> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-bench-activation-'));
  fs.writeFileSync(
    path.join(workspace, 'Dockerfile'),
    'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n',
  );
  const server = await launcher.startCodeServer({ userDataDir });
  let wb: Workbench | undefined;
  try {
    wb = await launcher.openWorkbench({
      url: server.url,
      folder: workspace,
      extensionDevelopmentPaths: [extensionRoot],
      onLog: () => {},
    });
    await wb.ready();
    const page = wb.page;
    await page.locator('.monaco-workbench').click({ position: { x: 600, y: 400 } });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('Dockerfile');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    // Diagnostics on screen: activated, and the language server answered.
    await page.waitForSelector('.squiggly-error, .squiggly-warning', { timeout: 30_000 });
    const times = await runningExtensions(page);
    // A user's window stays open longer than the few seconds after which the cache is written.
    if (first) await codeCacheWritten(userDataDir);
    return times;
  } finally {
    await wb?.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * `windows` fresh windows (fresh code-server processes) on one fresh profile, with the
 * extension at `extensionRoot` (package.json and dist/): the first activation has no code cache,
 * the later ones have the cache the first wrote. Throws with the reason when code-server cannot
 * run here.
 */
export async function activationTimes(
  repoRoot: string,
  extensionRoot: string,
  windows: number,
): Promise<ActivationResult> {
  if (windows < 2) throw new Error('activationTimes needs two windows or more: the first one has no code cache');
  const launcher = (await import(
    pathToFileURL(path.join(repoRoot, 'test', 'vscode', 'launcher', 'codeServer.mjs')).href
  )) as CodeServerModule;
  launcher.readManifest(); // SetupError when .ci/vscode-setup.sh has not run
  const values: number[] = [];
  const others = new Map<string, number[]>();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-bench-profile-'));
  try {
    // One window first on a throwaway profile, unmeasured: the first code-server start of a run
    // is slow for every extension (files not in the page cache yet), which is not what the
    // profile's first activation should be charged with.
    const throwaway = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-bench-profile-'));
    await oneWindow(launcher, extensionRoot, throwaway, false).finally(() =>
      fs.rmSync(throwaway, { recursive: true, force: true }),
    );
    for (let i = 0; i < windows; i++) {
      const times = await oneWindow(launcher, extensionRoot, userDataDir, i === 0);
      values.push(times.get(EXTENSION_ID)!);
      for (const [name, ms] of times) if (name !== EXTENSION_ID) others.set(name, [...(others.get(name) ?? []), ms]);
    }
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  const builtins = new Map([...others].map(([name, v]) => [name, summarize(v).median] as [string, number]));
  return { ours: summarize(values.slice(1)), values: values.slice(1), first: values[0], builtins };
}
