// Screenshot test: a real VS Code (code-server in headless chromium, driven by playwright) with
// the lint fixture open, a squiggle under the CMD line and the quick-fix menu open. It asserts
// what the picture must show, then writes it to out/screenshots/quick-fix.png, and to
// docs/images/quick-fix.png (the README's picture) when SCT_UPDATE_SCREENSHOTS=1.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Page } from 'playwright-core';

interface Workbench {
  page: Page;
  ready(timeoutMs?: number): Promise<void>;
  screenshot(file: string): Promise<string>;
  close(): Promise<void>;
}
interface CodeServerModule {
  startCodeServer(opts: { settings?: Record<string, unknown>; extensionsDir?: string }): Promise<{ url: string; stop(): Promise<void> }>;
  openWorkbench(opts: { url: string; folder: string; extensionDevelopmentPaths: string[]; onLog?: (type: string, text: string) => void }): Promise<Workbench>;
}

export interface ScreenshotOutcome {
  passed: number;
  failed: number;
  note?: string;
}

const EXPECTED_FIX = 'Start /lib/systemd/systemd instead';

export async function runScreenshotTest(root: string): Promise<ScreenshotOutcome> {
  // The launcher module is ESM; this file compiles to CommonJS (module node16 keeps import()).
  const launcher = (await import(pathToFileURL(path.join(root, 'test', 'vscode', 'launcher', 'codeServer.mjs')).href)) as CodeServerModule;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-screenshot-'));
  const workspace = path.join(tmp, 'systemd-image');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'vscode', 'lint'), workspace, { recursive: true });
  const server = await launcher.startCodeServer({
    settings: { 'workbench.colorTheme': 'Default Light Modern', 'editor.fontSize': 15, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false },
  });
  let wb: Workbench | undefined;
  try {
    wb = await launcher.openWorkbench({ url: server.url, folder: workspace, extensionDevelopmentPaths: [root], onLog: () => {} });
    await wb.ready();
    const page = wb.page;
    await openFile(page, 'Dockerfile');
    // Squiggles: the error under CMD (SCT103) and the warnings under the FROM image.
    await page.waitForSelector('.squiggly-error', { timeout: 30_000 });
    await page.waitForSelector('.squiggly-warning', { timeout: 30_000 });
    // Cursor on the CMD line, then the quick-fix menu (Ctrl+.).
    await page.keyboard.press('Control+G');
    await page.keyboard.type('6');
    await page.keyboard.press('Enter');
    await openQuickFixMenu(page);
    // The quick-fix menu lists the rule's fixes and the ignore action.
    for (const expected of [EXPECTED_FIX, 'Install systemd-sysv', 'Ignore sbin-init-without-sysv-pkg for this instruction']) {
      await page.getByText(expected, { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    await page.waitForTimeout(300); // let the menu's fade-in finish
    const out = path.join(root, 'out', 'screenshots', 'quick-fix.png');
    await wb.screenshot(out);
    if (process.env.SCT_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(path.join(root, 'docs', 'images'), { recursive: true });
      fs.copyFileSync(out, path.join(root, 'docs', 'images', 'quick-fix.png'));
    }
    const bytes = fs.statSync(out).size;
    if (bytes < 20_000) throw new Error(`screenshot suspiciously small (${bytes} bytes)`);
    fs.rmSync(tmp, { recursive: true, force: true });
    return { passed: 1, failed: 0, note: `wrote ${path.relative(root, out)}` };
  } catch (e) {
    const failed = path.join(tmp, 'failure.png');
    if (wb) await wb.screenshot(failed).catch(() => undefined);
    return { passed: 0, failed: 1, note: `${(e as Error).message}; see ${failed}` };
  } finally {
    await wb?.close();
    await server.stop();
  }
}

/** Ctrl+. until the menu shows our fix: the first press can come before the code actions are computed. */
async function openQuickFixMenu(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+.');
    try {
      await page.getByText(EXPECTED_FIX, { exact: true }).first().waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Quick Open (Ctrl+P), type the name, open the first match. */
async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 400 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
}
