/**
 * Run configurations built by hand, checked against the pitfall table and fixed in compose's
 * words.
 */
import * as assert from 'node:assert/strict';
import type { Range } from '../../../../server/src/core/types';
import { COMPOSE_VOCABULARY, COMPOSE_WORDING } from '../../../../server/src/kinds/compose/rules/wording';
import { checkPitfalls, pitfallFix, type FixWording, type PitfallId } from '../../../../server/src/runspec/pitfalls';
import { imageKnowledge, judgeSystemd } from '../../../../server/src/runspec/systemdIntent';
import { emptySpec, type MountSpec, type RunSpec } from '../../../../shared/runSpec';

export const at = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 1 } });

export function spec(build: (s: RunSpec) => void): RunSpec {
  const s = emptySpec('docker', 'docker', at(0));
  s.image = { value: 'jrei/systemd-debian:12', range: at(0) };
  s.command = { value: ['/sbin/init'], range: at(0) };
  build(s);
  return s;
}

export function bind(source: string, target: string, readOnly = false, line = 1): MountSpec {
  return { kind: 'bind', source, target, readOnly, options: [], range: at(line), via: 'volume-flag' };
}

export function reports(s: RunSpec) {
  return checkPitfalls(s, judgeSystemd(s, imageKnowledge(s)), COMPOSE_VOCABULARY);
}

export function fixOf(s: RunSpec, id: PitfallId, wording: FixWording = COMPOSE_WORDING) {
  const report = reports(s).find((r) => r.pitfall === id);
  assert.ok(report, `${id} is reported`);
  return pitfallFix(report, s, wording);
}
