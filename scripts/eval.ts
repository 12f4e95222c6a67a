/** `npm run eval`: precision and recall of the linter on ../shared/corpus, per file kind and rule. */
import { initLinter, lintCompose, lintDockerfile, lintFile, lintUnitRunLines } from '../server/src/lint';
import { formatScore, precision, recall, scoreCorpus, type Score } from './corpus';

/** What each corpus kind is linted with; compose files see their repository's Dockerfiles (corpusCheckout). */
export const EVALUATED: { kind: string; title: string; score: () => Score }[] = [
  { kind: 'dockerfile', title: 'Dockerfiles/Containerfiles', score: () => scoreCorpus(['dockerfile'], (text) => new Set(lintDockerfile(text).map((f) => f.ruleName))) },
  {
    kind: 'compose',
    title: 'compose files',
    score: () => scoreCorpus(['compose'], (text, record, _file, checkout) => new Set(lintCompose(text, { path: checkout.pathOf(record), readFile: checkout.readFile }).map((f) => f.ruleName))),
  },
  { kind: 'unit', title: 'units that drive containers', score: () => scoreCorpus(['unit'], (text) => new Set(lintUnitRunLines(text).map((f) => f.ruleName))) },
  // Quadlet and .nspawn files are linted at their repository path (the path-based rules see a real layout)
  { kind: 'quadlet', title: 'Quadlet .container files', score: () => scoreCorpus(['quadlet'], (text, record, _file, checkout) => new Set(lintFile('quadlet', text, { path: checkout.pathOf(record), readFile: checkout.readFile }).map((f) => f.ruleName))) },
  { kind: 'nspawn', title: '.nspawn files', score: () => scoreCorpus(['nspawn'], (text, record, _file, checkout) => new Set(lintFile('nspawn', text, { path: checkout.pathOf(record), readFile: checkout.readFile }).map((f) => f.ruleName))) },
];

async function main(): Promise<void> {
  await initLinter();
  let ok = true;
  for (const e of EVALUATED) {
    const score = e.score();
    console.log(formatScore(`${e.title} (labels "unsure" excluded)`, score));
    const met = precision(score) >= 0.9 && recall(score) >= 0.9;
    console.log(met ? 'Targets met (precision ≥ 0.9, recall ≥ 0.9).\n' : 'BELOW TARGET (precision ≥ 0.9 and recall ≥ 0.9 required).\n');
    ok &&= met;
  }
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
