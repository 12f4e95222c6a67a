/** Timing: warm-up, repetitions, median and spread. Absolute times are noisy here; ratios between
 * measures taken in the same run are the figures that matter. */
import { performance } from 'perf_hooks';

export interface Sample {
  /** Median of the repetitions, milliseconds. */
  median: number;
  /** Interquartile range / median: the spread, as a fraction. */
  spread: number;
  p95: number;
  reps: number;
}

export function summarize(values: number[]): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  const median = at(0.5);
  return { median, spread: median > 0 ? (at(0.75) - at(0.25)) / median : 0, p95: at(0.95), reps: values.length };
}

/** Runs `fn` `warmup` times unmeasured, then `reps` times measured (ms per call). */
export function timeSync(fn: () => void, reps: number, warmup = Math.max(1, Math.round(reps / 5))): Sample {
  for (let i = 0; i < warmup; i++) fn();
  const values: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    values.push(performance.now() - t0);
  }
  return summarize(values);
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}

export function fmtSpread(s: Sample): string {
  return `±${(s.spread * 50).toFixed(0)}%`;
}

/**
 * Like timeSync for several functions at once, interleaved: each round runs every function
 * once (the starting one rotates unless `rotate: false`), so load from other processes on a
 * shared machine hits them alike and their ratio stays meaningful. Returns one Sample per
 * function, in order. `warmupMs`: keep warming up (beyond `warmup` rounds) until that much time
 * has passed, for code that V8 needs many calls to optimize.
 */
export function timeInterleaved(
  fns: (() => void)[],
  reps: number,
  options: { warmup?: number; warmupMs?: number; rotate?: boolean } = {},
): Sample[] {
  const warmupRounds = options.warmup ?? Math.max(1, Math.round(reps / 5));
  const warmupUntil = performance.now() + (options.warmupMs ?? 0);
  const values: number[][] = fns.map(() => []);
  for (let round = 0, measured = 0; measured < reps; round++) {
    const warming = round < warmupRounds || (measured === 0 && performance.now() < warmupUntil);
    for (let k = 0; k < fns.length; k++) {
      const i = options.rotate === false ? k : (round + k) % fns.length;
      const t0 = performance.now();
      fns[i]();
      if (!warming) values[i].push(performance.now() - t0);
    }
    if (!warming) measured++;
  }
  return values.map(summarize);
}
