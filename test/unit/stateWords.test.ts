/** Progress notifications and the containers view say what is happening in words a user knows (issue 22, point 10). */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  bootProgressWords,
  refusedUnitWords,
  stoppedStatusWords,
  systemdStateWords,
} from '../../client/src/views/stateWords';
import type { BootPhase } from '../../shared/engine/boot';
import type { SystemState } from '../../shared/engine/bootWait';

const STATES: SystemState[] = [
  'initializing',
  'starting',
  'running',
  'degraded',
  'maintenance',
  'stopping',
  'offline',
  'unknown',
  'no-bus',
];
const PHASES: BootPhase[] = ['creating', 'starting', 'waiting', 'settling', 'diagnosing', 'cleaning-up'];
/** What systemctl and the boot code call things, which the user never needs to read. */
const INTERNAL = /no-bus|initializing|settling|cleaning-up|offline|unknown|: systemd:/;

it('every systemd state reads as words, with no internal name', () => {
  for (const s of [...STATES, undefined]) assert.doesNotMatch(systemdStateWords(s), INTERNAL, String(s));
  assert.equal(systemdStateWords('running'), 'running');
  assert.equal(systemdStateWords('no-bus'), 'booting: systemd is starting');
  assert.equal(systemdStateWords('starting'), 'booting: starting services');
  assert.match(systemdStateWords('degraded'), /^degraded: a unit failed$/);
});

it('every boot phase and state gives a progress line that says what is happening, with the time', () => {
  for (const phase of PHASES) {
    for (const s of [...STATES, undefined]) {
      const line = bootProgressWords(phase, s, 2345);
      assert.doesNotMatch(line, INTERNAL, `${phase}/${s}: ${line}`);
      assert.match(line, /^[A-Zs][^]*\(2\.3 s\)$/, line);
    }
  }
  assert.equal(bootProgressWords('waiting', 'no-bus', 1200), 'Waiting for systemd to start (1.2 s)');
  assert.equal(bootProgressWords('waiting', 'starting', 3000), 'Waiting for systemd to start the services (3.0 s)');
  assert.equal(bootProgressWords('starting', undefined, 100, 'machine'), 'Starting the machine (0.1 s)');
});

it("a stopped container's Docker status in the view's lower-case style", () => {
  assert.equal(stoppedStatusWords('Created'), 'created, never started');
  assert.equal(stoppedStatusWords('Exited (255) 3 seconds ago'), 'exited (255) 3 seconds ago');
});

it('a unit systemd refused to load reads as not loaded, with why; a loaded one has no such words', () => {
  assert.equal(refusedUnitWords('bad-setting'), 'not loaded: a bad setting in its file');
  assert.equal(refusedUnitWords('error'), 'not loaded: its file could not be read');
  for (const load of ['loaded', 'masked', 'not-found', 'stub', 'merged', ''])
    assert.equal(refusedUnitWords(load), undefined, load);
});
