/** `npm run eval`: precision and recall of the linter on ../shared/corpus, per rule and overall. */
import { initLinter, lintDockerfile } from '../server/src/lint';
import { formatScore, precision, recall, scoreCorpus } from './corpus';

async function main(): Promise<void> {
  await initLinter();
  const score = scoreCorpus(['dockerfile'], (text) => new Set(lintDockerfile(text).map((f) => f.ruleName)));
  console.log(formatScore('Dockerfiles/Containerfiles (labels "unsure" excluded)', score));
  const ok = precision(score) >= 0.9 && recall(score) >= 0.9;
  console.log(ok ? '\nTargets met (precision ≥ 0.9, recall ≥ 0.9).' : '\nBELOW TARGET (precision ≥ 0.9 and recall ≥ 0.9 required).');
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
