/**
 * Extension activation in a real VS Code (code-server in headless chromium, as the VS Code test
 * suites run it): each round starts a fresh code-server and window on a folder with a
 * Dockerfile, opens the Dockerfile (the onLanguage:dockerfile activation a user triggers), and
 * reads VS Code's own figure from Developer: Show Running Extensions, which is code loading +
 * the synchronous part of activate() ("Activation: N ms"). The built-in extensions activated in
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
  openWorkbench(opts: { url: string; folder: string; extensionDevelopmentPaths: string[]; onLog?: (type: string, text: string) => void }): Promise<Workbench>;
}

export interface ActivationResult {
  ours: Sample;
  values: number[];
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
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor({ state: 'visible', timeout: 15_000 });
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

async function oneWindow(launcher: CodeServerModule, extensionRoot: string): Promise<Map<string, number>> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-bench-activation-'));
  fs.writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n');
  const server = await launcher.startCodeServer({});
  let wb: Workbench | undefined;
  try {
    wb = await launcher.openWorkbench({ url: server.url, folder: workspace, extensionDevelopmentPaths: [extensionRoot], onLog: () => {} });
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
    return await runningExtensions(page);
  } finally {
    await wb?.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * `windows` fresh windows with the extension at `extensionRoot` (package.json and dist/);
 * throws with the reason when code-server cannot run here.
 */
export async function activationTimes(repoRoot: string, extensionRoot: string, windows: number): Promise<ActivationResult> {
  const launcher = (await import(pathToFileURL(path.join(repoRoot, 'test', 'vscode', 'launcher', 'codeServer.mjs')).href)) as CodeServerModule;
  launcher.readManifest(); // SetupError when .ci/vscode-setup.sh has not run
  const values: number[] = [];
  const others = new Map<string, number[]>();
  for (let i = 0; i < windows; i++) {
    const times = await oneWindow(launcher, extensionRoot);
    values.push(times.get(EXTENSION_ID)!);
    for (const [name, ms] of times) if (name !== EXTENSION_ID) others.set(name, [...(others.get(name) ?? []), ms]);
  }
  const builtins = new Map([...others].map(([name, v]) => [name, summarize(v).median] as [string, number]));
  return { ours: summarize(values), values, builtins };
}
