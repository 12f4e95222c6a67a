/**
 * Differential test of the unit-file key checks against the real systemd of each release:
 * every unit Debian's packages ship (the chroot's own and those of scripts/systemd-keys/corpus.ts)
 * and a few thousand mutations of them (keys deleted, renamed to another release's key,
 * moved to another section, misspelt, given a bad value; sections misspelt or invented) are
 * judged by `systemd-analyze verify` of 252, 257 and 262 and by our linter with that
 * --systemd-version. Compared per entry: key unknown (unknown-key / wrong-section), section
 * unknown, key ignored as removed. Any disagreement fails with file, line and both verdicts.
 *
 *   sudo bash .ci/chroots-setup.sh
 *   npx tsc -p tsconfig.test.json && node out/scripts/systemd-keys/differential.js [--mutations N] [--suite S]
 *
 * --judge-as N lints for release N whatever the chroot's (a self-test: it must fail).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintUnitFile } from '../../server/src/kinds/unit/lint';
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';
import { chrootDir, scratch, SUITES, unknownKeyOf, unknownSectionOf, verify, type VerifyMessage } from './chroot';
import { chrootUnits, packageUnits, UNIT_TYPES, type CorpusFile } from './corpus';
import { mutate } from './mutate';

type Verdict = 'unknown-key' | 'unknown-section' | 'ignored';

interface Judged {
  name: string;
  origin: string;
  text: string;
}

/** systemd's verdicts, by the first line of the entry (or the section header) they are about. */
function systemdVerdicts(
  text: string,
  messages: VerifyMessage[],
): { verdicts: Map<number, Verdict>; lastLine: number | undefined } {
  const unit = parseUnitFile(text);
  const verdicts = new Map<number, Verdict>();
  for (const m of messages) {
    const line0 = m.line - 1;
    // systemd counts a continued entry at its last line
    const entry = unit.entries.find((e) => e.firstLine <= line0 && line0 <= e.lastLine);
    const at = entry ? entry.firstLine : line0;
    if (unknownKeyOf(m.text)) verdicts.set(at, 'unknown-key');
    else if (unknownSectionOf(m.text) !== undefined) verdicts.set(at, 'unknown-section');
    else if (/has been removed and it is ignored/.test(m.text)) verdicts.set(at, 'ignored');
  }
  return { verdicts, lastLine: undefined };
}

function ourVerdicts(name: string, text: string, release: number): Map<number, Verdict> {
  const out = new Map<number, Verdict>();
  for (const f of lintUnitFile(`/etc/systemd/system/${name}`, text, { systemdVersion: release })) {
    const line = f.range.start.line;
    if (f.ruleName === 'unknown-key' || f.ruleName === 'wrong-section') out.set(line, 'unknown-key');
    else if (f.ruleName === 'unknown-section') out.set(line, 'unknown-section');
    else if (f.ruleName === 'deprecated-key' && /has no effect in systemd/.test(f.message)) out.set(line, 'ignored');
  }
  return out;
}

interface Tally {
  files: number;
  entries: number;
  systemdSaid: Record<Verdict, number>;
  disagreements: string[];
}

/** Judges files in batches whose names are unique (verify loads units by name). */
function judge(suite: string, release: number, files: Judged[], tally: Tally, ourRelease = release): void {
  const dir = chrootDir(suite);
  const batches: Judged[][] = [];
  for (const f of files) {
    let batch = batches.find((b) => b.length < 200 && !b.some((x) => x.name === f.name));
    if (!batch) batches.push((batch = []));
    batch.push(f);
  }
  batches.forEach((batch, i) => {
    const { inside, outside } = scratch(dir, `diff-${i}`);
    for (const f of batch) fs.writeFileSync(path.join(outside, f.name), f.text);
    const result = verify(
      dir,
      batch.map((f) => `${inside}/${f.name}`),
    );
    for (const f of batch) {
      const messages = result.messages.filter((m) => m.file === `${inside}/${f.name}`);
      const { verdicts } = systemdVerdicts(f.text, messages);
      // a fatal setting stops systemd's parse: lines after it are not judged by systemd
      const fatal = result.other.some((l) => l.startsWith(`${f.name}: Unit configuration has fatal error`));
      const stop = fatal ? Math.max(0, ...messages.map((m) => m.line)) - 1 : Infinity;
      const ours = ourVerdicts(f.name, f.text, ourRelease);
      tally.files++;
      tally.entries += parseUnitFile(f.text).entries.length;
      for (const v of verdicts.values()) tally.systemdSaid[v]++;
      const lines = new Set([...verdicts.keys(), ...ours.keys()]);
      for (const line of [...lines].sort((a, b) => a - b)) {
        if (line > stop) continue;
        const theirs = verdicts.get(line);
        const mine = ours.get(line);
        if (theirs === mine) continue;
        const text = f.text.split('\n')[line] ?? '';
        tally.disagreements.push(
          `${suite}/${release} ${f.origin}:${f.name}:${line + 1}: systemd ${release}: ${theirs ?? 'accepted'}; ` +
            `we: ${mine ?? 'accepted'}   | ${text.trim()}`,
        );
      }
    }
    fs.rmSync(outside, { recursive: true, force: true });
  });
}

function readCorpus(suite: string, log: (s: string) => void): Judged[] {
  const dir = chrootDir(suite);
  const files: CorpusFile[] = [...chrootUnits(dir), ...packageUnits(suite, dir, log)];
  const seen = new Set<string>();
  const out: Judged[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f.file, 'utf8');
    const key = `${f.name}\0${text}`;
    if (seen.has(key)) continue; // the same file from two packages
    seen.add(key);
    out.push({ name: f.name, origin: f.origin, text });
  }
  return out;
}

function main(): number {
  const args = process.argv.slice(2);
  const mutations = Number(args[args.indexOf('--mutations') + 1] || 1000) || 1000;
  const only = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;
  // self-test: judging for another release than the chroot's must produce disagreements
  const judgeAs = args.includes('--judge-as') ? Number(args[args.indexOf('--judge-as') + 1]) : undefined;
  const log = (s: string) => process.stderr.write(`[units-differential] ${s}\n`);
  // every release's shipped units, judged by every release (units of sid against 252 …)
  const corpus: Judged[] = [];
  const seen = new Set<string>();
  for (const { suite } of SUITES) {
    const files = readCorpus(suite, log);
    const byType = UNIT_TYPES.map((t) => `${files.filter((f) => f.name.endsWith(`.${t}`)).length} .${t}`).join(', ');
    log(
      `${suite}: ${files.length} shipped units from ${new Set(files.map((f) => f.origin)).size} packages (${byType})`,
    );
    for (const f of files) {
      const key = `${f.name}\0${f.text}`;
      if (!seen.has(key)) corpus.push({ ...f, origin: `${suite}:${f.origin}` });
      seen.add(key);
    }
  }
  // the same name with different texts (two releases' versions of a unit) in separate batches
  log(`${corpus.length} different unit files in all`);
  let failed = false;
  for (const { suite, release } of SUITES) {
    if (only && only !== suite) continue;
    const shipped: Tally = {
      files: 0,
      entries: 0,
      systemdSaid: { 'unknown-key': 0, 'unknown-section': 0, ignored: 0 },
      disagreements: [],
    };
    judge(suite, release, corpus, shipped, judgeAs);
    const mutants = mutate(corpus, mutations, release);
    const mutated: Tally = {
      files: 0,
      entries: 0,
      systemdSaid: { 'unknown-key': 0, 'unknown-section': 0, ignored: 0 },
      disagreements: [],
    };
    judge(suite, release, mutants, mutated, judgeAs);
    for (const [what, t] of [
      ['shipped', shipped],
      ['mutated', mutated],
    ] as const) {
      const s = t.systemdSaid;
      log(
        `systemd ${release} (${suite}), ${what}: ${t.files} files, ${t.entries} entries; ` +
          `systemd: ${s['unknown-key']} unknown keys, ${s['unknown-section']} unknown sections, ${s.ignored} ` +
          `ignored keys; disagreements: ${t.disagreements.length}`,
      );
      for (const d of t.disagreements.slice(0, 200)) log(`  ${d}`);
      if (t.disagreements.length > 200) log(`  … and ${t.disagreements.length - 200} more`);
      if (t.disagreements.length) failed = true;
    }
  }
  log(failed ? 'FAILED: we and systemd disagree (above)' : 'we and systemd agree on every entry');
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (e) {
    process.stderr.write(`[units-differential] FAILED: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
