/**
 * A smoke run of the benchmarks (tiny sizes), so `npm run bench` cannot rot: every measure
 * runs against its peer and yields a number. Speed targets are judged by `npm run bench`, not here.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { formatReport, runBench } from '../../bench/run';

describe('bench smoke', () => {
  it('runs every measure against its baseline and formats the table', async () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const report = await runBench(root, true);
    const measures = report.rows.map((r) => r.measure).join('\n');
    for (const m of [
      'corpus Dockerfiles',
      'unit/Quadlet/.nspawn files',
      'compose files',
      '-line Dockerfile',
      'growth',
      'LSP didChange',
      'service unit',
      'CLI on one',
      'server RSS',
      'dist/ size',
    ]) {
      assert.ok(measures.includes(m), `no "${m}" row`);
    }
    for (const r of report.rows) assert.match(r.ours, /\d/, `${r.measure}: no figure`);
    assert.match(formatReport(report), /^\| measure \| ours \|/m);
  });
});
