// A tiny test runner for code running inside the VS Code extension host (no mocha).
//
//   import { test, run } from '../../harness';
//   test('does a thing', async () => { assert.equal(1, 1); });
//   export { run };          // the extensionTestsPath module must export run()
//
// Tests run one after another in registration order. run() prints one line per test and a
// closing `<suite>: N passed, N failed` line, writes the results to $SCT_VSCODE_RESULTS (JSON,
// read by runTests.ts) and rejects when a test failed, so the test host exits non-zero.
import * as fs from 'fs';
import * as path from 'path';

export type TestFn = () => unknown | Promise<unknown>;

export interface TestOptions {
  /** Per-test timeout; default 30 s (or $SCT_VSCODE_TEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

interface Registered {
  name: string;
  fn: TestFn;
  timeoutMs: number;
}

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface SuiteResults {
  suite: string;
  passed: number;
  failed: number;
  ms: number;
  tests: TestResult[];
}

const registered: Registered[] = [];
const beforeAll: TestFn[] = [];
const afterAll: TestFn[] = [];

function defaultTimeout(): number {
  const v = Number(process.env.SCT_VSCODE_TEST_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 30_000;
}

/** Registers a test. */
export function test(name: string, fn: TestFn, options: TestOptions = {}): void {
  registered.push({ name, fn, timeoutMs: options.timeoutMs ?? defaultTimeout() });
}

/** Runs once before the first test; a failure fails every test. */
export function before(fn: TestFn): void {
  beforeAll.push(fn);
}

/** Runs once after the last test, even when tests failed; a failure counts as a failed test. */
export function after(fn: TestFn): void {
  afterAll.push(fn);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** An error for the log: VS Code's own stack frames are elided (they bury the message and our frames). */
function indented(error: string): string {
  const lines = error.split('\n');
  const kept = lines.filter((l) => !/^\s+at .*\/lib\/vscode\/out\//.test(l));
  if (kept.length < lines.length) kept.push(`    (${lines.length - kept.length} frames inside VS Code elided)`);
  return kept.map((l) => `      ${l}`).join('\n');
}

function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack || `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * Polls `fn` until it returns a truthy value (which is returned) or the time runs out.
 * For things VS Code does asynchronously: diagnostics, activation, views.
 */
export async function waitFor<T>(
  fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string | (() => string) } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? `; last error: ${describeError(lastError)}` : '';
      const what = typeof options.message === 'function' ? options.message() : options.message;
      throw new Error(`${what ?? 'condition'} not met within ${timeoutMs} ms${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Runs the registered tests; the extension host calls this through the suite's run(). */
export async function run(): Promise<void> {
  const suite = process.env.SCT_VSCODE_SUITE || 'vscode';
  const started = Date.now();
  const results: TestResult[] = [];
  const log = (line: string) => console.log(line);

  let setupError: string | undefined;
  for (const fn of beforeAll) {
    try {
      await withTimeout(Promise.resolve().then(fn), defaultTimeout() * 2, 'before()');
    } catch (e) {
      setupError = describeError(e);
      break;
    }
  }

  for (const t of registered) {
    const t0 = Date.now();
    if (setupError) {
      results.push({ name: t.name, ok: false, ms: 0, error: `before() failed: ${setupError}` });
      log(`  ✗ ${t.name} (before() failed)`);
      continue;
    }
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeoutMs, `test "${t.name}"`);
      const ms = Date.now() - t0;
      results.push({ name: t.name, ok: true, ms });
      log(`  ✓ ${t.name} (${ms} ms)`);
    } catch (e) {
      const ms = Date.now() - t0;
      const error = describeError(e);
      results.push({ name: t.name, ok: false, ms, error });
      log(`  ✗ ${t.name} (${ms} ms)`);
      console.log(indented(error));
    }
  }

  for (const fn of afterAll) {
    try {
      await withTimeout(Promise.resolve().then(fn), defaultTimeout(), 'after()');
    } catch (e) {
      const error = describeError(e);
      results.push({ name: 'after()', ok: false, ms: 0, error });
      log('  ✗ after()');
      console.log(indented(error));
    }
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const summary: SuiteResults = { suite, passed, failed, ms: Date.now() - started, tests: results };
  const resultsFile = process.env.SCT_VSCODE_RESULTS;
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
  }
  if (registered.length === 0) {
    log(`${suite}: no tests registered`);
    throw new Error(`suite ${suite} registered no tests`);
  }
  log(`${suite}: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} test(s) failed in suite ${suite}`);
}
