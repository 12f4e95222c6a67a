#!/usr/bin/env node
// Runs the compiled engine tests (out/test/engine/) in two sets, so the default `npm test` stays
// within its time budget: `default` is every engine test but the long ones, `long` is those
// (booting real Debian services, nspawn machines and Podman, a few minutes each), which CI runs
// as a step of its own (.ci/run). The long ones are named in one place: LONG below.
// Usage: node scripts/engine-tests.mjs default|long
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';

/** Engine tests that take minutes: real services installed and booted, nspawn and Podman boots. */
const LONG = ['hardening.test.js', 'sandboxNspawn.test.js', 'sandboxPodman.test.js'];

const set = process.argv[2];
if (set !== 'default' && set !== 'long') {
  console.error('usage: node scripts/engine-tests.mjs default|long');
  process.exit(2);
}
const dir = path.join(path.dirname(path.dirname(new URL(import.meta.url).pathname)), 'out', 'test', 'engine');
const all = fs.readdirSync(dir).filter((f) => f.endsWith('.test.js'));
const missing = LONG.filter((f) => !all.includes(f));
if (missing.length) {
  console.error(`engine-tests: no such long test: ${missing.join(', ')} (out/test/engine/)`);
  process.exit(2);
}
const files = all.filter((f) => LONG.includes(f) === (set === 'long')).map((f) => path.join(dir, f));
console.log(
  `engine tests (${set}): ${files.length} file(s)${set === 'default' ? `; the long ones (${LONG.join(', ')}) run with npm run test:engine-long` : ''}`,
);
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
