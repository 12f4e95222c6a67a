/**
 * `npm run eval`: precision and recall of the linter on ../shared/corpus, per file kind and rule,
 * and apart from it on the project's held-out real files (test/heldout).
 */
import { initLinter, lintCompose, lintDockerfile, lintFile, lintUnitRunLines } from '../server/src/lint';
import { corpusDir, formatScore, heldoutDir, precision, recall, scoreCorpus, type Score } from './corpus';

/** The bars every evaluated kind must meet (issue 18), on the corpus and on the held-out files. */
export const PRECISION_BAR = 0.97;
export const RECALL_BAR = 0.95;

/** What each kind is linted with; compose files see their repository's Dockerfiles (corpusCheckout). */
export function evaluated(dir: string): { kind: string; title: string; score: () => Score }[] {
  return [
    {
      kind: 'dockerfile',
      title: 'Dockerfiles/Containerfiles',
      score: () => scoreCorpus(['dockerfile'], (text) => new Set(lintDockerfile(text).map((f) => f.ruleName)), dir),
    },
    {
      kind: 'compose',
      title: 'compose files',
      score: () =>
        scoreCorpus(
          ['compose'],
          (text, record, _file, checkout) =>
            new Set(
              lintCompose(text, { path: checkout.pathOf(record), readFile: checkout.readFile }).map((f) => f.ruleName),
            ),
          dir,
        ),
    },
    {
      kind: 'unit',
      title: 'units that drive containers',
      score: () => scoreCorpus(['unit'], (text) => new Set(lintUnitRunLines(text).map((f) => f.ruleName)), dir),
    },
    // Quadlet and .nspawn files are linted at their repository path (the path-based rules see a real layout)
    {
      kind: 'quadlet',
      title: 'Quadlet .container files',
      score: () =>
        scoreCorpus(
          ['quadlet'],
          (text, record, _file, checkout) =>
            new Set(
              lintFile('quadlet', text, { path: checkout.pathOf(record), readFile: checkout.readFile }).map(
                (f) => f.ruleName,
              ),
            ),
          dir,
        ),
    },
    {
      kind: 'nspawn',
      title: '.nspawn files',
      score: () =>
        scoreCorpus(
          ['nspawn'],
          (text, record, _file, checkout) =>
            new Set(
              lintFile('nspawn', text, { path: checkout.pathOf(record), readFile: checkout.readFile }).map(
                (f) => f.ruleName,
              ),
            ),
          dir,
        ),
    },
  ];
}

export const meetsBars = (score: Score): boolean => precision(score) >= PRECISION_BAR && recall(score) >= RECALL_BAR;

async function main(): Promise<void> {
  await initLinter();
  let ok = true;
  for (const [set, dir] of [
    ['corpus', corpusDir()],
    ['held-out files', heldoutDir()],
  ] as const) {
    console.log(`=== ${set} (${dir})\n`);
    for (const e of evaluated(dir)) {
      const score = e.score();
      if (score.perRule.size === 0) continue; // no file of this kind in the set
      console.log(formatScore(`${e.title} (labels "unsure" excluded)`, score));
      const met = meetsBars(score);
      console.log(
        met
          ? `Targets met (precision ≥ ${PRECISION_BAR}, recall ≥ ${RECALL_BAR}).\n`
          : `BELOW TARGET (precision ≥ ${PRECISION_BAR} and recall ≥ ${RECALL_BAR} required).\n`,
      );
      ok &&= met;
    }
  }
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
