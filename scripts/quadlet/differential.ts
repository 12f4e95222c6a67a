/**
 * `node out/scripts/quadlet/differential.js [--release 5.4|5.8] [--fuzz N] [--seed S]`: our
 * Quadlet verdicts against the real `quadlet -dryrun` of each Podman release (chroots made by
 * .ci/chroots-setup.sh): Podman's own test files of the matching tag, then seeded mutations of
 * them. Fails on any false error, on fewer than 90% of refused files given an error on the right
 * line, and on any fuzz disagreement, printing file, line and both verdicts.
 */
import { initLinter } from '../../server/src/lint';
import { chrootProblem, podmanPackageVersion, RealQuadlet } from './realQuadlet';
import { loadSuite, type QuadletCase } from './suite';
import { compareCase, describeDisagreement, type CaseResult } from './compare';
import { mutants } from './fuzz';

const SUITES: Record<string, string> = { '5.4': 'v5.4.2', '5.8': 'v5.8.2' };

async function judgeAll(real: RealQuadlet, cases: QuadletCase[], release: string): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++)
      results[i] = compareCase(cases[i], await real.judge(cases[i].files), release);
  };
  await Promise.all([worker(), worker()]);
  return results;
}

function report(title: string, results: CaseResult[], release: string, strict: boolean): boolean {
  const count = (o: CaseResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const refused = results.length - count('agree-accepted') - count('false-error');
  const caught = count('agree-refused');
  const share = refused ? caught / refused : 1;
  console.log(
    `${title}: ${results.length} files, quadlet ${release} refuses ${refused}; ` +
      `we give an error on the right line for ${caught} (${(share * 100).toFixed(1)}%), ` +
      `wrong line ${count('wrong-line')}, missed ${count('missed')}; false errors ${count('false-error')}`,
  );
  for (const r of results) {
    if (r.outcome.startsWith('agree')) continue;
    console.log(`  ${describeDisagreement(r, release)}`);
    if (strict && r.text !== undefined) console.log(r.text.replace(/^/gm, '      | '));
  }
  return strict ? results.every((r) => r.outcome.startsWith('agree')) : count('false-error') === 0 && share >= 0.9;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const releases = opt('--release') ? [opt('--release')!] : Object.keys(SUITES);
  const fuzzCount = Number(opt('--fuzz') ?? 2000);
  const seed = Number(opt('--seed') ?? 20261206);
  await initLinter();
  let ok = true;
  for (const release of releases) {
    const problem = chrootProblem(release);
    if (problem) throw new Error(problem);
    const real = new RealQuadlet(release);
    console.log(`Podman ${release}: quadlet -dryrun of podman ${podmanPackageVersion(release)}`);
    const suite = loadSuite(SUITES[release]);
    ok = report(`  Podman's ${SUITES[release]} test files`, await judgeAll(real, suite, release), release, false) && ok;
    if (fuzzCount > 0) {
      const fuzzed = mutants(suite, fuzzCount, seed, release);
      ok =
        report(`  fuzz (${fuzzCount} mutants, seed ${seed})`, await judgeAll(real, fuzzed, release), release, true) &&
        ok;
    }
  }
  console.log(ok ? 'Quadlet differential: all targets met.' : 'Quadlet differential: FAILED (see above).');
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  });
}
