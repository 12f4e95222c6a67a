/**
 * `npm run bench`: every measure against its peer or baseline in the same run, one table of
 * ratios, written to bench/results/<date>.md (and .json). `--smoke` runs each measure at tiny
 * sizes (the unit tests do, so the bench cannot rot) and writes nothing; it leaves out the
 * measures that need code-server or the container engine; `--only lsp,engine` runs only the named
 * measures (bench/run.ts MEASURES). `--profile <mode> [s]` runs one lint
 * measure under the CPU profiler instead (bench/profile.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initLinter } from '../server/src/lint';
import { activationTimes } from './activation';
import { cliStartup, type ContenderTimes } from './cliStartup';
import { loadCorpusFiles } from './corpusFiles';
import { engineBench, engineUnavailable } from './engineBench';
import { bigUnitTimes, FIRST_PASSES, kindSpeed } from './kindSpeed';
import {
  bigFileTimes,
  corpusThroughput,
  syntheticDockerfile,
  syntheticUnitFile,
  type ThroughputRow,
} from './lintSpeed';
import { DOCKERFILE_EDITS, lspLatency, serverMemory, UNIT_EDITS } from './lspLatency';
import { profileLint } from './profile';
import { fmtMs, fmtSpread } from './stats';

export interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

export interface BenchReport {
  date: string;
  machine: string;
  rows: Row[];
  notes: string[];
}

interface Sizes {
  reps: number;
  bigReps: number;
  big: [number, number];
  /** Lines of the big unit file (bench/kindSpeed.ts bigUnitText). */
  bigUnitLines: number;
  edits: number;
  documents: number;
  kindReps: number;
  /** Warm-up of the unit and compose measures, ms (kindSpeed). */
  kindWarmupMs: number;
  /** Fresh code-server windows for the activation time, the first without code cache; 0: not measured. */
  windows: number;
  /** Rounds of "Run with systemd" and of the units refresh; 0: not measured. */
  bootRounds: number;
  unitRounds: number;
  /** Rounds of fresh CLI processes (each round: every contender once). */
  cliRounds: number;
}

const BOOT_CLI_TARGET = 'reported ≤ 1.1 × raw + 0.3 s, wall ≤ 1.1 × raw + 1 s';

const FULL: Sizes = {
  reps: 30,
  bigReps: 10,
  big: [5000, 20000],
  bigUnitLines: 3000,
  edits: 500,
  documents: 50,
  kindReps: 200,
  kindWarmupMs: 3000,
  windows: 6,
  bootRounds: 5,
  unitRounds: 20,
  cliRounds: 20,
};
const SMOKE: Sizes = {
  reps: 2,
  bigReps: 1,
  big: [200, 800],
  bigUnitLines: 300,
  edits: 3,
  documents: 3,
  kindReps: 2,
  kindWarmupMs: 0,
  windows: 0,
  bootRounds: 0,
  unitRounds: 0,
  cliRounds: 1,
};

/**
 * A private copy of the extension as built (package.json, dist/ without source maps, grammar,
 * snippets, media). The server, memory, size and activation measures use it, so a rebuild of
 * dist/ by other work in the same tree during the run cannot mix two builds into one table.
 */
function snapshotProduct(root: string): { dir: string; production: boolean; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-bench-product-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  for (const f of fs.readdirSync(path.join(root, 'dist'))) {
    if (!f.endsWith('.map')) fs.copyFileSync(path.join(root, 'dist', f), path.join(dir, 'dist', f));
  }
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  for (const d of ['syntaxes', 'snippets', 'media'])
    if (fs.existsSync(path.join(root, d))) fs.cpSync(path.join(root, d), path.join(dir, d), { recursive: true });
  const production = !fs.readFileSync(path.join(dir, 'dist', 'extension.js'), 'utf8').includes('//# sourceMappingURL=');
  return { dir, production, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The corpus throughput in a child process with the language server's V8 flag (server.ts). */
function liftoffThroughput(dockerfilesReps: number): ThroughputRow[] | string {
  const r = spawnSync(process.execPath, ['--liftoff-only', __filename, '--throughput-json', String(dockerfilesReps)], {
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0)
    return (
      `the --liftoff-only child failed (${r.status ?? r.signal}): ` +
      `${(r.stderr || String(r.error)).trim().slice(-300)}`
    );
  return JSON.parse(r.stdout) as ThroughputRow[];
}

/** The measures `--only` can pick, in the order they run. */
export const MEASURES = [
  'throughput',
  'kinds',
  'big-unit',
  'big',
  'lsp',
  'cli',
  'memory',
  'size',
  'activation',
  'engine',
] as const;
export type Measure = (typeof MEASURES)[number];

export async function runBench(root: string, smoke: boolean, only?: ReadonlySet<Measure>): Promise<BenchReport> {
  const sizes = smoke ? SMOKE : FULL;
  const want = (m: Measure): boolean => !only || only.has(m);
  const loadBefore = os.loadavg()[0];
  await initLinter();
  const rows: Row[] = [];
  const notes: string[] = [];
  const dockerfiles = loadCorpusFiles(root, 'dockerfile');
  const product = snapshotProduct(root);
  try {
    if (want('throughput')) {
      // 1. Corpus throughput.
      const throughput = corpusThroughput(dockerfiles, sizes.reps);
      const [cold, warm, utils, dfl] = throughput;
      for (const ours of [cold, warm]) {
        const ratio = ours.filesPerSecond / utils.filesPerSecond;
        rows.push({
          measure: `corpus Dockerfiles (${dockerfiles.length}), files/s: ${ours.name}`,
          ours: `${ours.filesPerSecond.toFixed(0)}/s (${fmtMs(ours.sample.median)} ${fmtSpread(ours.sample)} per pass)`,
          baseline:
            `${utils.name}: ${utils.filesPerSecond.toFixed(0)}/s; ${dfl.name}: ` + `${dfl.filesPerSecond.toFixed(0)}/s`,
          ratio:
            `${ratio.toFixed(2)}× dockerfile-utils, ${(ours.filesPerSecond / dfl.filesPerSecond).toFixed(2)}× ` +
            `dockerfilelint`,
          target: '≥ 1.5× dockerfile-utils',
          met: ratio >= 1.5,
        });
      }

      // 1b. The same in a process with the language server's V8 flag: tree-sitter's wasm on Liftoff only.
      if (!smoke) {
        const liftoff = liftoffThroughput(sizes.reps);
        if (typeof liftoff === 'string') notes.push(`Not measured: corpus throughput with --liftoff-only: ${liftoff}`);
        else {
          const [lc, , lu] = liftoff;
          const ratio = lc.filesPerSecond / lu.filesPerSecond;
          rows.push({
            measure:
              `corpus Dockerfiles (${dockerfiles.length}), files/s: ours, RUN cache cleared, as the language ` +
              `server runs it (V8 --liftoff-only, child process)`,
            ours: `${lc.filesPerSecond.toFixed(0)}/s (${fmtMs(lc.sample.median)} ${fmtSpread(lc.sample)} per pass)`,
            baseline: `${lu.name}, same child: ${lu.filesPerSecond.toFixed(0)}/s`,
            ratio:
              `${ratio.toFixed(2)}× dockerfile-utils (${(lc.filesPerSecond / cold.filesPerSecond).toFixed(2)}× ` +
              `our default-tiering figure above)`,
            target: '≥ 1.5× dockerfile-utils',
            met: ratio >= 1.5,
          });
        }
      }
    }

    if (want('kinds')) {
      // 1c. Unit-like and compose files against the parsers alone.
      const unitFiles = ['unit', 'quadlet', 'nspawn'].flatMap((k) => loadCorpusFiles(root, k));
      const composeFiles = loadCorpusFiles(root, 'compose');
      for (const [kind, files, label] of [
        ['units', unitFiles, 'unit/Quadlet/.nspawn files'],
        ['compose', composeFiles, 'compose files'],
      ] as const) {
        const k = kindSpeed(files, kind, sizes.kindReps, sizes.kindWarmupMs);
        const slowdown = k.ours.median / k.parseOnly.median;
        const firstSlowdown = k.oursFirst.median / k.parseOnlyFirst.median;
        rows.push({
          measure:
            `corpus ${label} (${k.files}), full lint vs parse only, after ` +
            `${(sizes.kindWarmupMs / 1000).toFixed(0)} s of warm-up (first ${FIRST_PASSES} passes in brackets)`,
          ours:
            `${((k.files / k.ours.median) * 1000).toFixed(0)} files/s (${fmtMs(k.ours.median)} ` +
            `${fmtSpread(k.ours)} per pass; first passes ${fmtMs(k.oursFirst.median)})`,
          baseline:
            `${k.baselineName}: ${((k.files / k.parseOnly.median) * 1000).toFixed(0)} files/s ` +
            `(${fmtMs(k.parseOnly.median)}; first passes ${fmtMs(k.parseOnlyFirst.median)})`,
          ratio: `${slowdown.toFixed(2)}× the parse-only time (first passes ${firstSlowdown.toFixed(2)}×)`,
          target: 'within 2× of parse-only',
          met: smoke ? null : slowdown <= 2,
        });
      }
    }

    if (want('big-unit')) {
      // 1d. A 3000-line unit file: what the editor lints on each keystroke at its largest.
      const bigUnit = bigUnitTimes(sizes.bigUnitLines, sizes.bigReps * 3);
      rows.push({
        measure: `${bigUnit.lines}-line unit file (ordering entries and comments), full lint`,
        ours: `${fmtMs(bigUnit.ours.median)} ${fmtSpread(bigUnit.ours)}`,
        baseline: `ini.parse (npm ini), parse only: ${fmtMs(bigUnit.parseOnly.median)}`,
        ratio: `${(bigUnit.ours.median / bigUnit.parseOnly.median).toFixed(2)}× the parse-only time`,
        target: '< 100 ms (a keystroke)',
        met: smoke ? null : bigUnit.ours.median < 100,
      });
    }

    if (want('big')) {
      // 2. Big files, and linear growth.
      const [small, large] = bigFileTimes(dockerfiles, sizes.big, sizes.bigReps);
      for (const r of [small, large]) {
        rows.push({
          measure: `${r.lines}-line Dockerfile (corpus lines), full lint`,
          ours: `${fmtMs(r.ours.median)} ${fmtSpread(r.ours)} (RUN cache warm: ${fmtMs(r.oursWarm.median)})`,
          baseline: `dockerfile-utils: ${fmtMs(r.peer.median)}`,
          ratio: `${(r.peer.median / r.ours.median).toFixed(2)}× dockerfile-utils' speed`,
          target: r === small ? '< 50 ms at 5,000 lines' : '—',
          met: r === small && !smoke ? r.ours.median < 50 : null,
        });
      }
      const growth = large.ours.median / small.ours.median;
      const linesRatio = large.lines / small.lines;
      rows.push({
        measure: `growth ${small.lines} → ${large.lines} lines`,
        ours: `${growth.toFixed(2)}×`,
        baseline:
          `dockerfile-utils: ${(large.peer.median / small.peer.median).toFixed(2)}×; lines ` +
          `${linesRatio.toFixed(2)}×`,
        ratio: `${(growth / linesRatio).toFixed(2)} of linear`,
        target: '≤ 4.4× for 4× the lines',
        met: smoke ? null : growth <= 4.4 * (linesRatio / 4),
      });
    }

    const services = loadCorpusFiles(root, 'unit');
    if (want('lsp')) {
      // 3. Keystroke latency through the server process, a Dockerfile and a service unit.
      for (const [label, doc] of [
        ['200-line Dockerfile', DOCKERFILE_EDITS(syntheticDockerfile(dockerfiles, 200))],
        ['200-line service unit', UNIT_EDITS(syntheticUnitFile(services, 200))],
      ] as const) {
        const latency = await lspLatency(product.dir, doc, sizes.edits);
        const above = latency.full.p95 - latency.floor.p95;
        rows.push({
          measure: `LSP didChange → publishDiagnostics, ${label}, ${sizes.edits} edits (p95)`,
          ours: `${fmtMs(latency.full.p95)} (median ${fmtMs(latency.full.median)})`,
          baseline: `same server, linting off: ${fmtMs(latency.floor.p95)} (median ${fmtMs(latency.floor.median)})`,
          ratio: `+${fmtMs(above)} above the floor`,
          target: 'p95 < 30 ms; < 15 ms above the floor',
          met: smoke ? null : latency.full.p95 < 30 && above < 15,
        });
      }
    }

    if (want('cli')) {
      // 3b. The CLI on one file, a fresh process each time, against dockerfile-utils in a fresh process.
      const cli = cliStartup(
        product.dir,
        syntheticDockerfile(dockerfiles, 200),
        syntheticUnitFile(services, 200),
        sizes.cliRounds,
      );
      const cpu = (t: ContenderTimes) => (t.cpu === undefined ? '' : `, CPU ${t.cpu.toFixed(0)} ms`);
      const floor = `node -e 0: ${fmtMs(cli.node.wall.median)}${cpu(cli.node)}`;
      for (const [label, ours] of [
        ['200-line Dockerfile', cli.dockerfile],
        ['200-line service unit', cli.unit],
      ] as const) {
        const ratio = ours.wall.median / cli.peer.wall.median;
        rows.push({
          measure:
            `CLI on one ${label}, fresh process (node dist/cli.js FILE), ${cli.dockerfile.wall.reps} rounds ` +
            `interleaved`,
          ours: `${fmtMs(ours.wall.median)} ${fmtSpread(ours.wall)}${cpu(ours)}`,
          baseline:
            `fresh node validating the 200-line Dockerfile with dockerfile-utils: ` +
            `${fmtMs(cli.peer.wall.median)} ${fmtSpread(cli.peer.wall)}${cpu(cli.peer)}; ${floor}`,
          ratio: `${ratio.toFixed(2)}× dockerfile-utils' wall time`,
          target: '≤ 1.5×',
          met: smoke ? null : ratio <= 1.5,
        });
      }
    }

    if (want('memory')) {
      // 4. Memory.
      const docs = Array.from(
        { length: sizes.documents },
        (_, i) =>
          syntheticDockerfile(dockerfiles.slice(i % dockerfiles.length).concat(dockerfiles), 200) + `# document ${i}\n`,
      );
      const memory = await serverMemory(product.dir, docs);
      rows.push({
        measure: `server RSS with ${sizes.documents} open 200-line documents`,
        ours: `${memory.after.toFixed(0)} MB`,
        baseline: `idle server: ${memory.before.toFixed(0)} MB`,
        ratio: `+${(memory.after - memory.before).toFixed(0)} MB`,
        target: '< 100 MB',
        met: smoke ? null : memory.after < 100,
      });
    }

    if (want('size')) {
      // 5. Bundle sizes (of the build the run started with: `npm run bench` makes a production one).
      const dist = path.join(product.dir, 'dist');
      const files = fs.readdirSync(dist).filter((f) => !f.endsWith('.map'));
      const total = files.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
      const wasm = files
        .filter((f) => /\.wasm(\.gz|\.br)?$/.test(f))
        .reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
      rows.push({
        measure: `dist/ size (without source maps), ${product.production ? 'production' : '**development**'} build`,
        ours:
          `${(total / 1024 / 1024).toFixed(2)} MB ` +
          `(${files.map((f) => `${f} ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KB`).join(', ')})`,
        baseline: `of which wasm ${(wasm / 1024 / 1024).toFixed(2)} MB`,
        ratio: '—',
        target: '< 2 MB',
        met: smoke ? null : total < 2 * 1024 * 1024,
      });
    }

    if (want('activation')) {
      // 6. Extension activation in code-server.
      if (sizes.windows > 0) {
        try {
          const a = await activationTimes(root, product.dir, sizes.windows);
          const builtins = [...a.builtins].sort((x, y) => x[1] - y[1]);
          const median = builtins.length ? builtins[Math.floor(builtins.length / 2)][1] : NaN;
          rows.push({
            measure:
              `extension activation in code-server (VS Code's figure: code loading + activate() until its ` +
              `first await), opening a Dockerfile, ${a.values.length} fresh windows after the profile's first (code ` +
              `cache in place; the first window in brackets)`,
            ours:
              `${a.ours.median.toFixed(0)} ms median (${a.values.join(', ')} ms; first window, no code cache ` +
              `yet: ${a.first} ms)`,
            baseline:
              `built-in extensions activated in the same windows: median ${median.toFixed(0)} ms ` +
              `(${builtins.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')})`,
            ratio: `${(a.ours.median / median).toFixed(2)}× the built-ins' median`,
            target: '< 50 ms',
            met: a.ours.median < 50,
          });
        } catch (e) {
          notes.push(`Not measured: extension activation in code-server: ${(e as Error).message.split('\n')[0]}`);
        }
      }
    }

    if (want('engine')) {
      // 7. Engine overheads against the raw docker CLI (only when the engine is reachable).
      if (sizes.bootRounds > 0) {
        const why = await engineUnavailable();
        let e: Awaited<ReturnType<typeof engineBench>> | undefined;
        let failure = why;
        if (!why) {
          try {
            e = await engineBench(root, sizes.bootRounds, sizes.unitRounds);
          } catch (error) {
            // The rows measured so far still count: the failure is reported, not the whole run lost.
            failure = `failed: ${(error as Error).message.split('\n')[0]}`;
          }
        }
        if (!e) {
          const targets: Record<string, string> = {
            '"Run with systemd" to running vs docker run + poll': 'overhead < 10%',
            'units tree refresh vs docker exec systemctl list-units': 'overhead < 20%',
            '`boot` in the CLI vs docker run + is-system-running --wait': BOOT_CLI_TARGET,
          };
          for (const [measure, target] of Object.entries(targets))
            rows.push({ measure, ours: `not measured: ${failure}`, baseline: '—', ratio: '—', target, met: null });
        } else {
          const overhead = e.boot.ours.median / e.boot.raw.median - 1;
          rows.push({
            measure:
              `"Run with systemd" to systemd running (build-cache hit, probe, profile, create, start, poll) ` +
              `on dockerd ${e.endpoint}, ${e.boot.ours.reps} rounds`,
            ours:
              `${(e.boot.ours.median / 1000).toFixed(2)} s ${fmtSpread(e.boot.ours)} (build ` +
              `${fmtMs(e.boot.build.median)}, image probe ${fmtMs(e.boot.probe.median)}: the session's answer for ` +
              `the image ID; its first probe took ${fmtMs(e.boot.firstProbe)}); reported at systemd's answer`,
            baseline:
              `docker run -d with the profile's flags + docker exec systemctl is-system-running every 250 ` +
              `ms: ${(e.boot.raw.median / 1000).toFixed(2)} s ${fmtSpread(e.boot.raw)}`,
            ratio: `${overhead >= 0 ? '+' : ''}${(overhead * 100).toFixed(0)}% to running`,
            target: 'overhead < 10%',
            met: overhead < 0.1,
          });
          const c = e.bootCli;
          const raw = c.raw.median / 1000;
          const reportedMax = 1.1 * raw + 0.3;
          const wallMax = 1.1 * raw + 1;
          rows.push({
            measure:
              `\`systemd-container-lint boot\` on the fixture's healthy stage (fresh process: connect, image ` +
              `probe, profile, create, start, wait, print, remove), ${c.reported.reps} rounds interleaved`,
            ours:
              `verdict printed after ${(c.reported.median / 1000).toFixed(2)} s ${fmtSpread(c.reported)}, ` +
              `process exit ${(c.wall.median / 1000).toFixed(2)} s ${fmtSpread(c.wall)}; bootSeconds ` +
              `${(c.bootSeconds.median / 1000).toFixed(2)} s`,
            baseline:
              `docker run -d with the same flags + docker exec systemctl is-system-running --wait: ` +
              `${raw.toFixed(2)} s ${fmtSpread(c.raw)}`,
            ratio:
              `reported ${(c.reported.median / 1000 / raw).toFixed(2)}×, wall ` +
              `${(c.wall.median / 1000 / raw).toFixed(2)}×`,
            target: `${BOOT_CLI_TARGET} (here ≤ ${reportedMax.toFixed(2)} s and ≤ ${wallMax.toFixed(2)} s)`,
            met: c.reported.median / 1000 <= reportedMax && c.wall.median / 1000 <= wallMax,
          });
          const unitsOverhead = e.units.ours.median / e.units.raw.median - 1;
          rows.push({
            measure:
              `units tree refresh of a container with ${e.units.count} units (unpruned image; list-units ` +
              `--all shows ${e.units.rawCount}), ${e.units.ours.reps} rounds`,
            ours:
              `${fmtMs(e.units.ours.median)} ${fmtSpread(e.units.ours)} (list-units --output=json over the API, ` +
              `parsed, filtered)`,
            baseline:
              `docker exec … systemctl list-units --all: ${fmtMs(e.units.raw.median)} ` + `${fmtSpread(e.units.raw)}`,
            ratio: `${unitsOverhead >= 0 ? '+' : ''}${(unitsOverhead * 100).toFixed(0)}%`,
            target: 'overhead < 20%',
            met: unitsOverhead < 0.2,
          });
        }
      }
    }
  } finally {
    product.dispose();
  }

  notes.push(
    `Load average (1 min) ${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end, on ` +
      `${os.cpus().length} cores shared with other work: absolute times are noisy; the lint measures run their ` +
      `contenders interleaved round by round, so ratios are fairer than the times.`,
  );
  notes.push(
    "The language server runs tree-sitter's wasm on V8's baseline compiler only (server.ts sets --liftoff-only: the " +
      "optimizing tier-up kept 25–45 MB of compiler memory for good); the CLI and the in-process lint rows use V8's " +
      "default tiering, the --liftoff-only row measures the server's setting.",
  );
  const cpus = os.cpus();
  const machine =
    `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} ` +
    `GB, Node ${process.version}, ${os.type()} ${os.release()}`;
  return { date: new Date().toISOString().slice(0, 10), machine, rows, notes };
}

export function formatReport(r: BenchReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `# Benchmarks ${r.date}`,
    '',
    `Machine: ${r.machine}. Medians of repeated runs after warm-up (± is half the interquartile range); every ratio ` +
      `compares figures measured in the same run.`,
    '',
    '| measure | ours | peer / baseline (same run) | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${esc(x.measure)} | ${esc(x.ours)} | ${esc(x.baseline)} | ${esc(x.ratio)} | ${esc(x.target)} | ` +
        `${x.met === null ? '—' : x.met ? 'yes' : '**no**'} |`,
    ),
    '',
    ...r.notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const profileAt = process.argv.indexOf('--profile');
  if (profileAt >= 0) {
    console.log(
      await profileLint(root, process.argv[profileAt + 1] ?? 'cold', Number(process.argv[profileAt + 2] ?? 5)),
    );
    return;
  }
  const json = process.argv.indexOf('--throughput-json');
  if (json >= 0) {
    await initLinter();
    console.log(
      JSON.stringify(corpusThroughput(loadCorpusFiles(root, 'dockerfile'), Number(process.argv[json + 1] ?? 30))),
    );
    return;
  }
  const smoke = process.argv.includes('--smoke');
  // `--only lsp,engine`: those measures alone (each still against its peers of the same run).
  const onlyAt = process.argv.indexOf('--only');
  let only: Set<Measure> | undefined;
  if (onlyAt >= 0) {
    only = new Set((process.argv[onlyAt + 1] ?? '').split(',') as Measure[]);
    const unknown = [...only].filter((m) => !MEASURES.includes(m));
    if (unknown.length) throw new Error(`--only takes some of ${MEASURES.join(', ')}; not ${unknown.join(', ')}`);
  }
  const report = await runBench(root, smoke, only);
  if (only) report.notes.unshift(`Only these measures were run (--only): ${[...only].join(', ')}.`);
  const text = formatReport(report);
  console.log(text);
  if (!smoke) {
    const dir = path.join(root, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    // Never overwrite an earlier run: the second run of a day is <date>-2, and so on.
    let name = report.date;
    for (let n = 2; fs.existsSync(path.join(dir, `${name}.md`)); n++) name = `${report.date}-${n}`;
    fs.writeFileSync(path.join(dir, `${name}.md`), text);
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
    console.log(`wrote bench/results/${name}.md`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
