/** The corpus evaluation as a test: it fails below precision 0.9 or recall 0.9 overall. */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter, lintDockerfile } from '../../server/src/lint';
import { formatScore, precision, recall, scoreCorpus } from '../../scripts/corpus';

before(() => initLinter());

it('Dockerfile corpus: precision ≥ 0.9 and recall ≥ 0.9 (unsure excluded)', () => {
  const score = scoreCorpus(['dockerfile'], (text) => new Set(lintDockerfile(text).map((f) => f.ruleName)));
  const report = formatScore('Dockerfiles', score);
  assert.ok(score.tp > 40, `too few labelled positives scored:\n${report}`);
  assert.ok(precision(score) >= 0.9, report);
  assert.ok(recall(score) >= 0.9, report);
});
