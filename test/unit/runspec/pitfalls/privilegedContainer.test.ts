/**
 * Tests of the run-configuration pitfall privileged-container: privileged mode on any container,
 * systemd or not (the systemd judgement of it is privileged.test.ts). Quadlet adapts it as SCT501.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, fixOf, reports, spec } from './runSpecs';

const ofPitfall = (s: Parameters<typeof reports>[0]) => reports(s).filter((r) => r.pitfall === 'privileged-container');

describe('privileged-container: the run model', () => {
  it('reported on privileged mode, at the place it is written, whatever the container runs', () => {
    const systemd = spec((s) => (s.privileged = { value: true, range: at(4) }));
    const [report] = ofPitfall(systemd);
    assert.deepEqual(report.range, at(4));
    assert.match(report.message, /turns off the container's isolation/);
    const nginx = spec((s) => {
      s.image = { value: 'nginx:1.27', range: at(0) };
      s.command = undefined;
      s.privileged = { value: true, range: at(2) };
    });
    assert.equal(ofPitfall(nginx).length, 1, 'a container of every kind');
  });

  it('not reported without privileged mode or with privileged: false', () => {
    assert.deepEqual(ofPitfall(spec(() => {})), []);
    assert.deepEqual(ofPitfall(spec((s) => (s.privileged = { value: false, range: at(4) }))), []);
  });

  it('the fix removes privileged mode and is not preferred (what it needs instead is the author’s call)', () => {
    const fix = fixOf(
      spec((s) => (s.privileged = { value: true, range: at(4) })),
      'privileged-container',
    );
    assert.deepEqual(fix?.edits, [{ op: 'remove-privileged' }]);
    assert.equal(fix?.title, 'Remove privileged: true');
    assert.equal(fix?.preferred, false);
  });
});
