/**
 * The held-out real files (test/heldout: labelled by hand before the linter ran on them, kept
 * apart from ../shared/corpus) at the bars of issue 18: precision ≥ 0.97, recall ≥ 0.95.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initLinter } from '../../server/src/lint';
import { formatScore, heldoutDir, loadCorpus, precision, recall } from '../../scripts/corpus';
import { evaluated, PRECISION_BAR, RECALL_BAR } from '../../scripts/eval';

before(() => initLinter());

it('held-out files: every record is a file of the set, with repository, commit and licence', () => {
  const { dir, records } = loadCorpus(heldoutDir());
  assert.ok(records.filter((r) => r.kind === 'dockerfile').length >= 25, 'at least 25 Dockerfiles');
  assert.ok(records.filter((r) => r.kind === 'compose').length >= 8, 'at least 8 compose files');
  // Real multi-stage builds (issue 18: systemd stages built by --target, not only the last stage).
  const stages = (r: { file: string }) =>
    fs.readFileSync(path.join(dir, r.file), 'utf8').match(/^\s*FROM\s/gim)?.length ?? 0;
  const multiStage = records.filter((r) => r.kind === 'dockerfile' && r.systemd_intent && stages(r) >= 2);
  assert.ok(multiStage.length >= 5, `at least 5 multi-stage systemd Dockerfiles, found ${multiStage.length}`);
  for (const r of records as ((typeof records)[number] & { commit: string; licence: string })[]) {
    assert.ok(fs.existsSync(path.join(dir, r.file)), r.file);
    assert.match(r.commit, /^[0-9a-f]{40}$/, r.id);
    assert.match(r.licence, /^(MIT|ISC|Apache-2\.0)$/, r.id);
  }
});

// Only the kinds the set holds (Dockerfiles and compose files).
const kinds = new Set(loadCorpus(heldoutDir()).records.map((r) => r.kind));
for (const e of evaluated(heldoutDir()).filter((x) => kinds.has(x.kind))) {
  it(`held-out ${e.title}: precision ≥ ${PRECISION_BAR} and recall ≥ ${RECALL_BAR} (unsure excluded)`, () => {
    const score = e.score();
    const report = formatScore(`held-out ${e.title}`, score);
    assert.ok(precision(score) >= PRECISION_BAR, report);
    assert.ok(recall(score) >= RECALL_BAR, report);
    if (e.kind === 'dockerfile') assert.ok(score.tp >= 50, `too few labelled positives scored:\n${report}`);
  });
}
