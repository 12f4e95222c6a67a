/**
 * Reads the hand-labelled corpus in place (../shared/corpus, never copied into the project) and
 * scores the linter against it: per rule, true/false positives and false negatives, with
 * "unsure" labels excluded.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface CorpusRecord {
  id: string;
  repo: string;
  path: string;
  kind: string;
  file: string;
  systemd_intent: boolean | null;
  labels: Record<string, boolean | 'unsure'>;
  notes: string;
}

export function corpusDir(): string {
  const candidates = [
    process.env.SCT_CORPUS_DIR,
    path.resolve(__dirname, '../../../shared/corpus'),
    path.resolve(process.cwd(), '../shared/corpus'),
  ];
  for (const c of candidates) if (c && fs.existsSync(path.join(c, 'manifest.json'))) return c;
  throw new Error('corpus not found: expected ../shared/corpus beside the project (or set SCT_CORPUS_DIR)');
}

/** The project's own held-out files (test/heldout), scored apart from the corpus. */
export function heldoutDir(): string {
  return path.resolve(__dirname, '../../test/heldout');
}

export function loadCorpus(dir = corpusDir()): { dir: string; records: CorpusRecord[] } {
  const records = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as CorpusRecord[];
  return { dir, records };
}

/**
 * The corpus as the checkouts it was copied from: every file at `/corpus/<repo>/<path>`, so a
 * compose file's `build: .` finds the Dockerfile of the same repository when the corpus has it
 * (the cross-file pairs of the README). Files the corpus does not hold cannot be read, as in a
 * partial checkout.
 */
export interface CorpusCheckout {
  pathOf(record: CorpusRecord): string;
  readFile(file: string): string | undefined;
}

export function corpusCheckout(dir: string, records: CorpusRecord[]): CorpusCheckout {
  const byPath = new Map(records.map((r) => [path.posix.join('/corpus', r.repo, r.path), path.join(dir, r.file)]));
  return {
    pathOf: (r) => path.posix.join('/corpus', r.repo, r.path),
    readFile: (file) => {
      const real = byPath.get(file.split(path.sep).join('/'));
      return real ? fs.readFileSync(real, 'utf8') : undefined;
    },
  };
}

export interface RuleScore {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
  unsure: number;
  fpFiles: string[];
  fnFiles: string[];
}

export interface Score {
  perRule: Map<string, RuleScore>;
  tp: number;
  fp: number;
  fn: number;
}

export function precision(s: { tp: number; fp: number }): number {
  return s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
}
export function recall(s: { tp: number; fn: number }): number {
  return s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
}

/**
 * Score `lint(record) → set of rule names found` against the labels of the given kinds (of the corpus, or of `corpus`).
 */
export function scoreCorpus(
  kinds: string[],
  lint: (text: string, record: CorpusRecord, file: string, checkout: CorpusCheckout) => Set<string>,
  corpus = corpusDir(),
): Score {
  const { dir, records } = loadCorpus(corpus);
  const checkout = corpusCheckout(dir, records);
  const perRule = new Map<string, RuleScore>();
  const score: Score = { perRule, tp: 0, fp: 0, fn: 0 };
  for (const record of records) {
    if (!kinds.includes(record.kind)) continue;
    const file = path.join(dir, record.file);
    const found = lint(fs.readFileSync(file, 'utf8'), record, file, checkout);
    for (const [label, value] of Object.entries(record.labels)) {
      const rule = label.replace(/_/g, '-');
      const s = perRule.get(rule) ?? { rule, tp: 0, fp: 0, fn: 0, unsure: 0, fpFiles: [], fnFiles: [] };
      perRule.set(rule, s);
      const fired = found.has(rule);
      if (value === 'unsure') s.unsure++;
      else if (value && fired) s.tp++;
      else if (value && !fired) {
        s.fn++;
        s.fnFiles.push(record.id);
      } else if (!value && fired) {
        s.fp++;
        s.fpFiles.push(record.id);
      }
    }
  }
  for (const s of perRule.values()) {
    score.tp += s.tp;
    score.fp += s.fp;
    score.fn += s.fn;
  }
  return score;
}

export function formatScore(title: string, score: Score): string {
  const rows = [...score.perRule.values()].sort((a, b) => a.rule.localeCompare(b.rule));
  const pct = (x: number) => x.toFixed(2);
  const lines = [
    `${title}`,
    `${'rule'.padEnd(40)} ${'TP'.padStart(3)} ${'FP'.padStart(3)} ${'FN'.padStart(3)} ${'unsure'.padStart(6)}  ` +
      'precision recall',
  ];
  for (const r of rows) {
    lines.push(
      `${r.rule.padEnd(40)} ${String(r.tp).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.fn).padStart(3)} ` +
        `${String(r.unsure).padStart(6)} ` +
        ` ${pct(precision(r)).padStart(9)} ` +
        `${pct(recall(r)).padStart(6)}${r.fpFiles.length ? `  FP: ${r.fpFiles.join(', ')}` : ''}${r.fnFiles.length ? `  FN: ${r.fnFiles.join(', ')}` : ''}`,
    );
  }
  lines.push(
    `${'all rules'.padEnd(40)} ${String(score.tp).padStart(3)} ${String(score.fp).padStart(3)} ` +
      `${String(score.fn).padStart(3)} ${''.padStart(6)}  ${pct(precision(score)).padStart(9)} ` +
      `${pct(recall(score)).padStart(6)}`,
  );
  return lines.join('\n');
}
