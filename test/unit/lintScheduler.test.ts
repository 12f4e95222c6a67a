/** The language server's lint scheduling (server/src/lintScheduler.ts), with real timers. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { performance } from 'perf_hooks';
import { LintScheduler, MAX_DELAY_MS, SLOW_LINT_MS } from '../../server/src/lintScheduler';

const turn = () => new Promise((r) => setImmediate(r));
/** A few turns of the event loop: every immediate the scheduler queues has run (no timer needed). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await turn();
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A scheduler whose lint records the order of uris and reports `cost(uri)` ms. */
function recording(cost: (uri: string) => number = () => 1) {
  const order: string[] = [];
  const times: number[] = [];
  const scheduler = new LintScheduler(async (uri) => {
    order.push(uri);
    times.push(performance.now());
    return cost(uri);
  });
  return { scheduler, order, times };
}

describe('lint scheduler', () => {
  it('lints an edited document on the next turn, with no fixed debounce', async () => {
    const { scheduler, order } = recording();
    scheduler.edit('a');
    // Two turns of the event loop, no timer: a debounce of any length would not have fired yet.
    await turn();
    await turn();
    assert.deepEqual(order, ['a']);
  });

  it('edits that arrive before the turn are linted once, at their latest', async () => {
    const { scheduler, order } = recording();
    scheduler.edit('a');
    scheduler.edit('a');
    scheduler.edit('a');
    await settle();
    assert.deepEqual(order, ['a']);
    assert.equal(scheduler.pending, 0);
  });

  it('background work waits for edited documents, one document per turn', async () => {
    const { scheduler, order } = recording();
    for (const uri of ['x', 'y', 'z']) scheduler.refresh(uri);
    scheduler.edit('a');
    await turn();
    // The first turn took the edited document although it was queued last.
    assert.deepEqual(order, ['a']);
    scheduler.edit('b'); // arrives while x, y, z still wait
    await settle();
    assert.deepEqual(order, ['a', 'b', 'x', 'y', 'z']);
  });

  it('a refresh of a document already waiting as edited does not queue it twice', async () => {
    const { scheduler, order } = recording();
    scheduler.edit('a');
    scheduler.refresh('a');
    await settle();
    assert.deepEqual(order, ['a']);
  });

  it('a document whose lint is slow waits its measured cost after an edit (bounded)', async () => {
    const slow = SLOW_LINT_MS + 30;
    const { scheduler, order, times } = recording((uri) => (uri === 'huge' ? slow : 1));
    scheduler.edit('huge');
    await settle();
    assert.deepEqual(order, ['huge'], 'the first lint of a document is not delayed');
    const t0 = performance.now();
    scheduler.edit('huge');
    scheduler.edit('small');
    await settle();
    assert.deepEqual(order, ['huge', 'small'], 'a small document is linted at once');
    const deadline = performance.now() + MAX_DELAY_MS + 10_000;
    while (order.length < 3 && performance.now() < deadline) await sleep(10);
    assert.deepEqual(order, ['huge', 'small', 'huge']);
    const waited = times[2] - t0;
    assert.ok(waited >= slow - 2, `waited ${waited.toFixed(0)} ms, less than the last lint's ${slow} ms`);
  });

  it('a closed document is forgotten, its waiting lint dropped', async () => {
    const { scheduler, order } = recording();
    scheduler.edit('a');
    scheduler.refresh('b');
    scheduler.forget('a');
    scheduler.forget('b');
    await settle();
    assert.deepEqual(order, []);
    assert.equal(scheduler.pending, 0);
  });

  it('a lint that fails does not stop the queue', async () => {
    const order: string[] = [];
    const scheduler = new LintScheduler(async (uri) => {
      order.push(uri);
      if (uri === 'bad') throw new Error('boom');
      return 1;
    });
    scheduler.edit('bad');
    scheduler.edit('good');
    await settle();
    assert.deepEqual(order, ['bad', 'good']);
  });
});
