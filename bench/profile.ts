/**
 * `node out/bench/run.js --profile <mode> [seconds]`: a lint loop under the V8 CPU profiler, for
 * finding where the time goes. Modes: `cold` (corpus, RUN cache cleared each pass), `warm`
 * (corpus, keystroke path), `big<lines>` (one synthetic file, e.g. big5000), `utils`
 * (dockerfile-utils on the corpus, for comparison), `units` (the corpus unit, Quadlet and .nspawn
 * files as kindSpeed lints them). Writes the .cpuprofile (open it in Chrome
 * DevTools or VS Code) and prints self time by file and by function, and inclusive time.
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { validate } from 'dockerfile-utils';
import { initLinter, lintDockerfile, lintFile } from '../server/src/lint';
import { clearRunCache } from '../server/src/kinds/dockerfile/model';
import { loadCorpusFiles } from './corpusFiles';
import { unitItems } from './kindSpeed';
import { syntheticDockerfile } from './lintSpeed';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/** The work one iteration of a mode does. */
function workload(root: string, mode: string): () => void {
  const corpus = loadCorpusFiles(root, 'dockerfile');
  const texts = corpus.map((f) => f.text);
  if (mode === 'cold')
    return () => {
      clearRunCache();
      for (const t of texts) lintDockerfile(t);
    };
  if (mode === 'warm') return () => texts.forEach((t) => lintDockerfile(t));
  if (mode === 'utils') return () => texts.forEach((t) => validate(t));
  if (mode === 'units') {
    const items = unitItems(root);
    return () => items.forEach((it) => lintFile(it.kind, it.text, { path: it.path }));
  }
  const big = /^big(\d+)$/.exec(mode);
  if (big) {
    const text = syntheticDockerfile(corpus, Number(big[1]));
    return () => {
      clearRunCache();
      lintDockerfile(text);
    };
  }
  throw new Error(`unknown profile mode "${mode}" (cold, warm, utils, units, big<lines>)`);
}

/** Self and inclusive time per function and per file/package, as text. */
export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    time.set(id, (time.get(id) ?? 0) + dt);
    total += dt;
  });
  const short = (url: string) => url.replace(/.*node_modules\//, '').replace(/.*\/out\//, '');
  const fnKey = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const fileKey = (n: ProfileNode) => {
    const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(n.callFrame.url);
    return m ? m[1] : n.callFrame.url ? short(n.callFrame.url) : n.callFrame.functionName;
  };
  const selfFn = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of time) {
    const n = byId.get(id)!;
    selfFn.set(fnKey(n), (selfFn.get(fnKey(n)) ?? 0) + t);
    selfFile.set(fileKey(n), (selfFile.get(fileKey(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const k = fnKey(byId.get(x)!);
      if (!seen.has(k)) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
      seen.add(k);
    }
  }
  const table = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(6)}%  ${k}`)
      .join('\n');
  return [
    `${(total / 1000).toFixed(0)} ms sampled`,
    '',
    'self, by file:',
    table(selfFile),
    '',
    'self, by function:',
    table(selfFn),
    '',
    'inclusive:',
    table(inclusive),
  ].join('\n');
}

export async function profileLint(
  root: string,
  mode: string,
  seconds: number,
  out = path.join(os.tmpdir(), `sct-lint-${mode}.cpuprofile`),
): Promise<string> {
  await initLinter();
  const work = workload(root, mode);
  for (let i = 0; i < 3; i++) work(); // warm-up outside the profile
  const session = new inspector.Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
    await post(session, 'Profiler.start');
    const until = Date.now() + seconds * 1000;
    let passes = 0;
    while (Date.now() < until) {
      work();
      passes++;
    }
    const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
    fs.writeFileSync(out, JSON.stringify(profile));
    return `${mode}: ${passes} passes in ${seconds} s; profile written to ${out}\n\n${summarizeProfile(profile)}`;
  } finally {
    session.disconnect();
  }
}
