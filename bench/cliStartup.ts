/**
 * The CLI as pre-commit hooks and CI run it: a fresh `node dist/cli.js FILE` per file, against a
 * fresh `node` that validates the same Dockerfile with dockerfile-utils (the peer's whole cost:
 * starting Node, loading the library, reading and checking the file). Each round runs every
 * contender once, in rotating order, so the machine's load hits them alike. Wall time is the
 * target's measure; the CPU time of the children (from /proc, Linux only) is shown beside it
 * because it does not depend on what else the machine runs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { summarize, type Sample } from './stats';

export interface Contender {
  name: string;
  args: string[];
  /** Exit statuses that mean it worked (the CLI exits 1 when it finds an error-severity problem). */
  ok: number[];
}

export interface ContenderTimes {
  name: string;
  wall: Sample;
  /** Mean CPU time (user + system) per run, ms; undefined where /proc is not readable. */
  cpu?: number;
}

/** CPU time of this process's waited-for children so far, ms (fields 16 and 17 of /proc/self/stat). */
function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): cutime is field 16, cstime field 17, in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Runs each contender `rounds` times (plus one unmeasured round), interleaved; wall and CPU per contender. */
export function timeProcesses(contenders: Contender[], rounds: number): ContenderTimes[] {
  const wall: number[][] = contenders.map(() => []);
  const cpu: number[] = contenders.map(() => 0);
  let cpuKnown = childrenCpuMs() !== undefined;
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (Math.max(round, 0) + k) % contenders.length;
      const c = contenders[i];
      const cpu0 = childrenCpuMs();
      const t0 = performance.now();
      const r = spawnSync(process.execPath, c.args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
      const elapsed = performance.now() - t0;
      const cpu1 = childrenCpuMs();
      if (r.status === null || !c.ok.includes(r.status)) {
        throw new Error(
          `${c.name}: exit ${r.status ?? r.signal}: ${(r.stderr || String(r.error ?? '')).trim().slice(-300)}`,
        );
      }
      if (round < 0) continue; // warm-up: the file cache, and anything a first run writes
      wall[i].push(elapsed);
      if (cpu0 === undefined || cpu1 === undefined) cpuKnown = false;
      else cpu[i] += cpu1 - cpu0;
    }
  }
  return contenders.map((c, i) => ({
    name: c.name,
    wall: summarize(wall[i]),
    cpu: cpuKnown ? cpu[i] / rounds : undefined,
  }));
}

export interface CliStartupResult {
  dockerfile: ContenderTimes;
  unit: ContenderTimes;
  peer: ContenderTimes;
  node: ContenderTimes;
}

/**
 * The CLI on one 200-line Dockerfile and on one 200-line service unit, dockerfile-utils on the same
 * Dockerfile, and `node -e 0` (Node's own start, the floor for all of them).
 */
export function cliStartup(
  productDir: string,
  dockerfileText: string,
  unitText: string,
  rounds: number,
): CliStartupResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-bench-cli-'));
  try {
    // Apart, so that the unit's neighbour search does not find the Dockerfile; and three folders
    // down, so that the search (up to four folders above the unit) stays inside this folder,
    // whatever else the temporary folder holds (a stray /tmp/*.Dockerfile was read on every run).
    const deep = path.join(dir, 'a', 'b', 'c');
    fs.mkdirSync(path.join(deep, 'image'), { recursive: true });
    fs.mkdirSync(path.join(deep, 'units'));
    const dockerfile = path.join(deep, 'image', 'Dockerfile');
    const unit = path.join(deep, 'units', 'app.service');
    fs.writeFileSync(dockerfile, dockerfileText);
    fs.writeFileSync(unit, unitText);
    const cli = path.join(productDir, 'dist', 'cli.js');
    const utils = require.resolve('dockerfile-utils');
    const peerScript = `const { validate } = require(${JSON.stringify(utils)});
const fs = require('fs');
let n = 0;
for (const f of process.argv.slice(1)) n += validate(fs.readFileSync(f, 'utf8')).length;
process.stdout.write(n + ' problem(s)\\n');`;
    const contenders: Contender[] = [
      { name: 'ours, Dockerfile', args: [cli, dockerfile], ok: [0, 1] },
      { name: 'dockerfile-utils', args: ['-e', peerScript, dockerfile], ok: [0] },
      { name: 'ours, unit', args: [cli, unit], ok: [0, 1] },
      { name: 'node -e 0', args: ['-e', '0'], ok: [0] },
    ];
    const times = timeProcesses(contenders, rounds);
    return { dockerfile: times[0], peer: times[1], unit: times[2], node: times[3] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
