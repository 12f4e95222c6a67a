// The graceful stop's report of the exec sessions it ended (engine/gracefulStop.ts): the hang-up
// script prints `hup|kill <pid> <comm>` per process; the real script runs against dockerd in
// test/engine/gracefulStop.test.ts.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHangUpOutput } from '../../client/src/engine/gracefulStop';

describe('parseHangUpOutput', () => {
  it('lists what was hung up and what was killed after ignoring it', () => {
    assert.deepEqual(parseHangUpOutput('hup 57 bash\nhup 80 journalctl\nkill 57 bash\n'), {
      hungUp: ['bash (pid 57)', 'journalctl (pid 80)'],
      killed: ['bash (pid 57)'],
    });
  });

  it('nothing left: empty lists; a process gone before its name was read shows as ?', () => {
    assert.deepEqual(parseHangUpOutput(''), { hungUp: [], killed: [] });
    assert.deepEqual(parseHangUpOutput('hup 12 \nnoise\n'), { hungUp: ['? (pid 12)'], killed: [] });
  });
});
