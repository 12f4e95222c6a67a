/**
 * Tests of the run-configuration pitfall missing-stop-signal: systemd container stopped with
 * SIGTERM.
 */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { COMPOSE_WORDING } from '../../../../server/src/kinds/compose/rules/wording';
import { initLinter } from '../../../../server/src/lint';
import { type FixWording } from '../../../../server/src/runspec/pitfalls';
import { names } from '../../kinds/compose/composeInputs';
import { lines } from '../../runspecHelpers';
import { at, fixOf, spec } from './runSpecs';

before(() => initLinter());

describe('missing-stop-signal in compose files', () => {
  it('missing-stop-signal: absent, or another signal; RTMIN+3 and 37 accepted', () => {
    assert.ok(
      names(lines(['services:', '  sd:', '    image: x/systemd', '    stop_signal: SIGTERM'])).includes(
        'compose-missing-stop-signal',
      ),
    );
    for (const sig of ['RTMIN+3', '37', 'SIGRTMIN+3'])
      assert.ok(
        !names(lines(['services:', '  sd:', '    image: x/systemd', `    stop_signal: ${sig}`])).includes(
          'compose-missing-stop-signal',
        ),
        sig,
      );
  });
});

describe('missing-stop-signal: the run model', () => {
  it('a wrong stop signal is rewritten where it is written; the title is the format’s', () => {
    const wrong = spec((s) => (s.stopSignal = { value: 'SIGTERM', range: at(5) }));
    const cli: FixWording = { ...COMPOSE_WORDING, stopSignal: (replacing) => (replacing ? 'Use it' : 'Add it') };
    const fix = fixOf(wrong, 'missing-stop-signal', cli);
    assert.deepEqual(fix?.edits, [{ op: 'set-stop-signal', value: 'SIGRTMIN+3', replacing: wrong.stopSignal }]);
    assert.equal(fix?.title, 'Use it');
    assert.equal(
      fixOf(
        spec(() => {}),
        'missing-stop-signal',
        cli,
      )?.title,
      'Add it',
    );
  });
});
