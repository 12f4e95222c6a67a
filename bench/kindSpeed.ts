/**
 * Unit-file and compose lint speed against parse-only baselines, in the same process and run:
 * our full lint of each corpus file (lintFile with the file's name as its path, so the kind's
 * path rules apply; no file system) against the library alone parsing the same texts: `ini`
 * (npm's INI parser) for unit, Quadlet and .nspawn files, `yaml`'s parseDocument (the parser
 * our compose model uses) for compose files. The ratio is our time over the parse-only time.
 */
import { parseDocument } from 'yaml';
import { lintFile, type LintKind } from '../server/src/lint';
import { timeInterleaved, type Sample } from './stats';
import { loadCorpusFiles, type CorpusFile } from './corpusFiles';

// ini ships no types: parse(text) → object.
const ini = require('ini') as { parse(text: string): unknown };

export interface KindSpeed {
  files: number;
  /** After the warm-up: what a language server that has linted a while sees. */
  ours: Sample;
  parseOnly: Sample;
  /** The first passes, before V8 has optimized much of either (the first lints after a start). */
  oursFirst: Sample;
  parseOnlyFirst: Sample;
  baselineName: string;
}

/** Passes measured before any warm-up. */
export const FIRST_PASSES = 10;

const EXTENSION: Record<string, string> = { unit: 'service', quadlet: 'container', nspawn: 'nspawn' };

function fileName(f: CorpusFile): string {
  return f.kind === 'compose' ? `${f.id}/compose.yaml` : `${f.id}.${EXTENSION[f.kind] ?? 'service'}`;
}

function lintItems(files: CorpusFile[]): { kind: LintKind; text: string; path: string }[] {
  return files.map((f) => ({ kind: f.kind as LintKind, text: f.text, path: `/bench/${fileName(f)}` }));
}

/** The corpus unit, Quadlet and .nspawn files as the units row lints them (also for `--profile units`). */
export function unitItems(root: string): { kind: LintKind; text: string; path: string }[] {
  return lintItems(['unit', 'quadlet', 'nspawn'].flatMap((k) => loadCorpusFiles(root, k)));
}

/**
 * `warmupMs`: time both contenders run unmeasured before the `reps` measured rounds. Our lint
 * runs a hundred functions once per file, the parsers a few; V8 optimizes a function after
 * enough calls, so the two reach their steady speed after different numbers of passes. The
 * first passes are measured too, before the warm-up.
 */
export function kindSpeed(files: CorpusFile[], kind: 'units' | 'compose', reps: number, warmupMs = 0): KindSpeed {
  const items = lintItems(files);
  const ours = (): void => {
    for (const it of items) lintFile(it.kind, it.text, { path: it.path });
  };
  const baseline =
    kind === 'units'
      ? (): void => items.forEach((it) => ini.parse(it.text))
      : (): void => items.forEach((it) => parseDocument(it.text));
  const [oursFirst, parseOnlyFirst] = timeInterleaved([ours, baseline], FIRST_PASSES, { warmup: 0 });
  const [a, b] = timeInterleaved([ours, baseline], reps, { warmupMs });
  return {
    files: items.length,
    ours: a,
    parseOnly: b,
    oursFirst,
    parseOnlyFirst,
    baselineName: kind === 'units' ? 'ini.parse (npm ini)' : 'yaml parseDocument',
  };
}

/**
 * The unit file the editor lints on every keystroke at its largest plausible size: `lines` lines
 * of [Unit] ordering entries and comments, then a [Service] (what the unit tests once timed).
 */
export function bigUnitText(lines: number): string {
  const out = ['[Unit]', 'Description=big'];
  for (let i = 0; out.length < lines - 2; i++) out.push(`After=u${i}.service`, `# comment ${i}`, '');
  out.push('[Service]', 'ExecStart=/bin/true');
  return out.join('\n');
}

/** Full lint of the big unit file against ini.parse of the same text, interleaved. */
export function bigUnitTimes(lines: number, reps: number): { lines: number; ours: Sample; parseOnly: Sample } {
  const text = bigUnitText(lines);
  lintFile('unit', text, { path: '/bench/big.service' }); // first use loads the directive database
  const [ours, parseOnly] = timeInterleaved(
    [() => lintFile('unit', text, { path: '/bench/big.service' }), () => ini.parse(text)],
    reps,
  );
  return { lines: text.split('\n').length, ours, parseOnly };
}
