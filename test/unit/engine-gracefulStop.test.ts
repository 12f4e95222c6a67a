// The graceful stop's report of the exec sessions it hung up (engine/gracefulStop.ts): the script
// prints `hup <pid> <comm>` per process; the real script runs against dockerd in
// test/engine/gracefulStop.test.ts.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHangUpOutput } from '../../shared/engine/gracefulStop';

describe('parseHangUpOutput', () => {
  it('lists the processes hung up', () => {
    assert.deepEqual(parseHangUpOutput('hup 57 bash\nhup 80 journalctl\n'), ['bash (pid 57)', 'journalctl (pid 80)']);
  });

  it('nothing left: empty; a process gone before its name was read shows as ?; other lines are ignored', () => {
    assert.deepEqual(parseHangUpOutput(''), []);
    assert.deepEqual(parseHangUpOutput('hup 12 \nnoise\n'), ['? (pid 12)']);
  });
});
