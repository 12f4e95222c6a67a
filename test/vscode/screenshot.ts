// Screenshot tests: a real VS Code (code-server in headless chromium, driven by playwright) shows
// each main view, and each picture is asserted on before it is kept: the text that must be
// visible is found in the DOM, and the image (and the view's part of it) is not blank. Pictures
// go to out/screenshots/<name>.png (CI artifacts); SCT_UPDATE_SCREENSHOTS=1 also copies the
// README's picture to docs/images/quick-fix.png.
//
//   lint session (test/fixtures/vscode/lint): quick-fix, walkthrough, settings
//   engine session (test/fixtures/vscode/engine, the test dockerd): run-output, containers-view
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { imageStats, type ImageStats } from './imageStats';

interface Workbench {
  page: Page;
  ready(timeoutMs?: number): Promise<void>;
  screenshot(file: string): Promise<string>;
  close(): Promise<void>;
}
interface CodeServerModule {
  startCodeServer(opts: {
    settings?: Record<string, unknown>;
    extensionsDir?: string;
  }): Promise<{ url: string; stop(): Promise<void> }>;
  openWorkbench(opts: {
    url: string;
    folder: string;
    extensionDevelopmentPaths: string[];
    onLog?: (type: string, text: string) => void;
  }): Promise<Workbench>;
}

export interface ScreenshotOutcome {
  passed: number;
  failed: number;
  note?: string;
  failures?: string[];
}

const EXPECTED_FIX = 'Start /lib/systemd/systemd instead';
/** The test dockerd (.ci/engine-setup.sh); SCT_DOCKER_SOCK overrides it as for the engine suites. */
const DOCKER_SOCK = process.env.SCT_DOCKER_SOCK || '/run/sct-docker.sock';
const LOOK = {
  'workbench.colorTheme': 'Default Light Modern',
  'editor.fontSize': 15,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
};

interface Shot {
  name: string;
  /**
   * Drives the workbench to the view and checks what must be visible; returns the view's element for the image check.
   */
  show(page: Page): Promise<string>;
}

/** SCT_SCREENSHOTS=settings,run-output: only these (while working on one view); default all. */
const selected = (name: string): boolean => {
  const only = (process.env.SCT_SCREENSHOTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return only.length === 0 || only.includes(name);
};

export async function runScreenshotTest(root: string): Promise<ScreenshotOutcome> {
  const outcomes: { name: string; error?: string; note?: string }[] = [];
  const lint = lintShots().filter((s) => selected(s.name));
  if (lint.length) await session(root, 'lint', {}, lint, outcomes);
  if (selected('run-output') || selected('containers-view')) await engineSession(root, outcomes);
  const failed = outcomes.filter((o) => o.error);
  return {
    passed: outcomes.length - failed.length,
    failed: failed.length,
    note: outcomes.map((o) => `${o.name}: ${o.error ? 'FAILED' : (o.note ?? 'ok')}`).join('; '),
    failures: failed.map((o) => `${o.name}: ${o.error}`),
  };
}

/** One code-server and workbench on a copy of a fixture; each shot is shown, asserted, saved. */
async function session(
  root: string,
  fixture: string,
  settings: Record<string, unknown>,
  shots: Shot[],
  outcomes: { name: string; error?: string; note?: string }[],
  folderName = `systemd-${fixture}`,
): Promise<string> {
  // The launcher module is ESM; this file compiles to CommonJS (module node16 keeps import()).
  const launcher = (await import(
    pathToFileURL(path.join(root, 'test', 'vscode', 'launcher', 'codeServer.mjs')).href
  )) as CodeServerModule;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-screenshot-'));
  const workspace = path.join(tmp, folderName);
  fs.cpSync(path.join(root, 'test', 'fixtures', 'vscode', fixture), workspace, { recursive: true });
  let kept = false;
  let server: { url: string; stop(): Promise<void> } | undefined;
  let wb: Workbench | undefined;
  try {
    server = await launcher.startCodeServer({ settings: { ...LOOK, ...settings } });
    wb = await launcher.openWorkbench({
      url: server.url,
      folder: workspace,
      extensionDevelopmentPaths: [root],
      onLog: () => {},
    });
    await wb.ready();
    for (const shot of shots) {
      try {
        const selector = await shot.show(wb.page);
        const out = path.join(root, 'out', 'screenshots', `${shot.name}.png`);
        await wb.screenshot(out);
        const whole = await imageStats(wb.page, fs.readFileSync(out));
        const box = await wb.page.locator(selector).first().boundingBox();
        if (!box) throw new Error(`${selector} has no box on the page`);
        const part = await imageStats(wb.page, fs.readFileSync(out), box);
        assertNotBlank(`${shot.name}.png`, whole);
        assertNotBlank(`${shot.name}.png, the view (${selector})`, part);
        if (shot.name === 'quick-fix' && process.env.SCT_UPDATE_SCREENSHOTS === '1') {
          fs.mkdirSync(path.join(root, 'docs', 'images'), { recursive: true });
          fs.copyFileSync(out, path.join(root, 'docs', 'images', 'quick-fix.png'));
        }
        outcomes.push({
          name: shot.name,
          note: `${path.relative(root, out)}, ${whole.colours} colours, view ${Math.round(part.inked * 100)}% inked`,
        });
      } catch (e) {
        const failedShot = path.join(tmp, `${shot.name}-failure.png`);
        await wb.screenshot(failedShot).catch(() => undefined);
        kept = true;
        outcomes.push({ name: shot.name, error: `${(e as Error).message.split('\n')[0]}; see ${failedShot}` });
        await wb.page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } catch (e) {
    kept = true;
    outcomes.push({ name: `${fixture} session`, error: `${(e as Error).message.split('\n')[0]}; kept ${tmp}` });
  } finally {
    await wb?.close();
    await server?.stop();
    if (!kept) fs.rmSync(tmp, { recursive: true, force: true });
  }
  return workspace;
}

/** A blank or nearly blank picture (a white window, a crashed page) fails: a view has text and icons. */
function assertNotBlank(what: string, s: ImageStats): void {
  if (s.colours < 8) throw new Error(`${what} is blank: ${s.colours} colours`);
  if (s.inked < 0.01)
    throw new Error(`${what} is blank: ${(s.inked * 100).toFixed(2)}% of its pixels differ from the background`);
}

function lintShots(): Shot[] {
  return [
    {
      // The linted Dockerfile with its quick fix (the README's picture).
      name: 'quick-fix',
      async show(page) {
        await openFile(page, 'Dockerfile');
        // Squiggles: the error under CMD (SCT103) and the warnings under the FROM image.
        await page.waitForSelector('.squiggly-error', { timeout: 30_000 });
        await page.waitForSelector('.squiggly-warning', { timeout: 30_000 });
        await goToLine(page, 6);
        await openQuickFixMenu(page);
        for (const expected of [
          EXPECTED_FIX,
          'Install systemd-sysv',
          'Ignore sbin-init-without-sysv-pkg for this instruction',
        ]) {
          await visible(page, expected);
        }
        await page.waitForTimeout(300); // let the menu's fade-in finish
        return '.monaco-editor';
      },
    },
    {
      name: 'walkthrough',
      async show(page) {
        await page.keyboard.press('Escape');
        await runCommand(page, 'Welcome: Open Walkthrough...');
        await pickItem(page, 'Get started with systemd Container Tools');
        for (const step of [
          'Open a Dockerfile',
          'Write unit files and Quadlet',
          'Run with systemd',
          'Manage units in the container',
          'Lint in CI and pre-commit',
        ]) {
          await visible(page, step);
        }
        await page.waitForTimeout(500);
        return '.gettingStartedContainer';
      },
    },
    {
      // Settings under their categories: "Args" under Build, never "Systemd Container Tools › Build: Args".
      name: 'settings',
      async show(page) {
        await runCommand(page, 'Preferences: Open Settings (UI)');
        // Browsing the table of contents: a search lists every setting under its full key, which
        // VS Code title-cases ("Systemd Container Tools › Build: Args") for every extension.
        const toc = page.locator('.settings-editor .settings-toc-container');
        await toc.waitFor({ state: 'visible', timeout: 15_000 });
        const tocRow = (label: string) =>
          toc
            .locator('.monaco-list-row')
            .filter({ has: page.getByText(label, { exact: true }) })
            .first();
        await tocRow('Extensions').click();
        // The table of contents is a virtual list: scroll until the extension's entry is rendered.
        const ours = tocRow('systemd Container Tools');
        const tocBox = await toc.boundingBox();
        for (let i = 0; i < 30 && !(await ours.isVisible()); i++) {
          await page.mouse.move((tocBox?.x ?? 400) + 60, (tocBox?.y ?? 200) + 200);
          await page.mouse.wheel(0, 200);
          await page.waitForTimeout(100);
        }
        await ours.click();
        const body = page.locator('.settings-editor .settings-tree-container');
        await body.getByText('Linting', { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
        await body.getByText('Config File', { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
        // The settings list is virtual too: scroll to the Build category.
        const row = page.locator('.settings-editor .setting-item-contents', { hasText: '--build-arg' }).first();
        const bodyBox = await body.boundingBox();
        for (let i = 0; i < 40 && !(await row.isVisible()); i++) {
          await page.mouse.move((bodyBox?.x ?? 600) + 200, (bodyBox?.y ?? 200) + 200);
          await page.mouse.wheel(0, 300);
          await page.waitForTimeout(100);
        }
        await row.waitFor({ state: 'visible', timeout: 15_000 });
        await body.getByText('Build', { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
        const title = (await row.locator('.setting-item-title').innerText()).replace(/\s+/g, ' ').trim();
        if (title !== 'Args') throw new Error(`the build arguments setting is titled "${title}", expected "Args"`);
        const tocText = await toc.innerText();
        if (/Systemd/.test(tocText))
          throw new Error(`the settings' table of contents reads: ${tocText.replace(/\s+/g, ' ')}`);
        const titles = await page.locator('.settings-editor .setting-item-title').allInnerTexts();
        const prefixed = titles.filter((t) => /systemd container tools/i.test(t));
        if (prefixed.length) throw new Error(`setting titles with the extension's name: ${prefixed.join(' | ')}`);
        return '.settings-editor';
      },
    },
  ];
}

/**
 * Run with systemd on the engine fixture through the palette: the report and the run's log in the
 * Output panel, then the container and its units in the System Containers view. The workspace
 * folder's name gives the image tag; the container carries the Dockerfile's path as a label, so
 * both are found and removed after, whatever happened.
 */
async function engineSession(root: string, outcomes: { name: string; error?: string; note?: string }[]): Promise<void> {
  if (!fs.existsSync(DOCKER_SOCK)) {
    outcomes.push({
      name: 'run-output',
      error: `no Docker engine at ${DOCKER_SOCK} (run .ci/engine-setup.sh, or set SCT_DOCKER_SOCK)`,
    });
    outcomes.push({ name: 'containers-view', error: 'no Docker engine (see run-output)' });
    return;
  }
  const DockerCtor = (await import('dockerode')).default as unknown as new (o: { socketPath: string }) => Docker;
  const docker = new DockerCtor({ socketPath: DOCKER_SOCK });
  const folderName = `sct-shot-${process.pid}-${Date.now().toString(36)}`;
  const shots: Shot[] = [
    {
      name: 'run-output',
      async show(page) {
        await openFile(page, 'Dockerfile');
        await runCommand(page, 'systemd: Run with systemd');
        await runCommand(page, 'Output: Show Output Channels...');
        await pickItem(page, 'systemd Container Tools', true);
        const output = page.locator('.part.panel .monaco-editor');
        // The Output panel follows the end of the log: the profile's last line and the report.
        await output
          .getByText('is running in', { exact: false })
          .first()
          .waitFor({ state: 'visible', timeout: 180_000 });
        await output.getByText('Preflight:', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
        // The report, also when its toast has timed out: the notification centre keeps it.
        await runCommand(page, 'Notifications: Show Notifications');
        const report = page
          .locator('.notifications-center, .notification-toast-container')
          .getByText(/is running in [\d.]+ s/);
        await report.first().waitFor({ state: 'visible', timeout: 15_000 });
        return '.part.panel';
      },
    },
    {
      name: 'containers-view',
      async show(page) {
        await runCommand(page, 'System Containers: Focus on System Containers View');
        const view = page
          .locator('.pane', { has: page.locator('.pane-header', { hasText: 'System Containers' }) })
          .first();
        const container = view.locator('.monaco-list-row', { hasText: folderName }).first();
        await container.waitFor({ state: 'visible', timeout: 30_000 });
        await view
          .locator('.monaco-list-row', { hasText: 'running' })
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
        if ((await container.getAttribute('aria-expanded')) !== 'true') await container.click();
        const services = view.locator('.monaco-list-row', { hasText: /^service/ }).first();
        await services.waitFor({ state: 'visible', timeout: 30_000 });
        if ((await services.getAttribute('aria-expanded')) !== 'true') await services.click();
        await view
          .getByText('sct-hello.service', { exact: true })
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
        await view
          .getByText('systemd-journald.service', { exact: true })
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
        // innerText is the text as rendered: VS Code capitalizes every word of side bar titles.
        const header = (await page.locator('.part.sidebar .title-label h2').first().innerText()).trim();
        if (header !== 'System Containers') throw new Error(`the side bar's title reads "${header}"`);
        return '.part.sidebar';
      },
    },
  ];
  try {
    await session(
      root,
      'engine',
      { 'systemdContainerTools.engine.host': `unix://${DOCKER_SOCK}` },
      shots,
      outcomes,
      folderName,
    );
  } finally {
    await removeRunLeftovers(docker, folderName);
  }
}

/** The containers Run with systemd made from the screenshot's workspace, and their image. */
async function removeRunLeftovers(docker: Docker, folderName: string): Promise<void> {
  const ours = (await docker.listContainers({ all: true, filters: { label: ['sct.dockerfile'] } })).filter((c) =>
    (c.Labels['sct.dockerfile'] ?? '').includes(`/${folderName}/`),
  );
  for (const c of ours)
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  for (const image of await docker.listImages({ filters: { reference: [`${folderName}*`] } })) {
    await docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => undefined);
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

async function visible(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
}

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

/** The command palette (F1), the command by its title, Enter. */
async function runCommand(page: Page, title: string): Promise<void> {
  // The palette lists a command only once its enablement holds: just after the window opens, the
  // workspace's trust (our commands' `isWorkspaceTrusted`) can still be unresolved, and a partial
  // match would then pick a neighbour ("Run with systemd-nspawn"). So: the whole title, retried.
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    const row = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.getByText(title, { exact: true }) })
      .first();
    const listed = await row
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (listed) break;
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`the command palette does not list "${title}"`);
    await page.waitForTimeout(500);
  }
  await pickItem(page, title, true);
}

/** Waits for a quick pick row with this label (the whole label when `exact`) and accepts it. */
async function pickItem(page: Page, label: string, exact = false): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const row = (
    exact ? rows.filter({ has: page.getByText(label, { exact: true }) }) : rows.filter({ hasText: label })
  ).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: 15_000 })
    .catch(() => undefined);
}

/** Quick Open (Ctrl+P), type the name, open the first match. */
async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 400 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await first.waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForTimeout(300); // the list settles (file results arrive after the editor history)
  await first.click();
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
}
