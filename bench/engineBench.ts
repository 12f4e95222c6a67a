/**
 * Engine overheads against the raw docker CLI on the same dockerd, in the same run, rounds
 * interleaved:
 * - "Run with systemd": what the command does once its build is done (a build-cache hit on an
 *   unchanged Dockerfile, the image probe (the session's answer for that image ID, as on
 *   every run after the first; the image's first probe is timed apart), the run profile, create, start, polling
 *   `systemctl is-system-running`) until systemd says running, against `docker run -d` with the
 *   profile's own flags plus the same poll through `docker exec` every 250 ms. The command reports
 *   at systemd's answer (`is-system-running --wait` and one look for busy units, bootWait.ts).
 * - `systemd-container-lint boot IMAGE` (dist/cli.js in a fresh process: connect, image probe,
 *   profile, create, start, wait, print, remove) against `docker run -d` with the same flags and
 *   `docker exec … systemctl is-system-running --wait` (asked again while systemd's bus is not
 *   up): when its verdict is printed (the first byte on stdout) and when the process exits.
 * - The units tree's refresh of a container (listShownUnits, as the view calls it) against
 *   `docker exec <container> systemctl list-units --all`.
 * Everything created carries the label sct.bench=<run id> and is removed at the end.
 */
import { execFile, spawn } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { promisify } from 'util';
import type Docker from 'dockerode';
import { bootContainer } from '../shared/engine/boot';
import { buildImage } from '../shared/engine/build';
import { connect } from '../shared/engine/connection';
import { nodeResolveInputs, resolveEndpoint } from '../shared/engine/resolveEndpoint';
import { fetchFacts } from '../shared/engine/facts';
import { inspectImage } from '../shared/engine/image';
import { buildRunProfile, runArgv } from '../shared/engine/runProfile';
import { listShownUnits } from '../shared/engine/systemdContainers';
import { containerTarget } from '../shared/engine/exec';
import { summarize, type Sample } from './stats';

const run = promisify(execFile);

export interface EngineBench {
  endpoint: string;
  /**
   * probe: in the measured rounds (the session's answer for the same image ID); firstProbe: the image's first probe,
   * with its container, ms.
   */
  boot: { ours: Sample; oursReported: Sample; build: Sample; probe: Sample; firstProbe: number; raw: Sample };
  units: { ours: Sample; raw: Sample; count: number; rawCount: number };
  /**
   * `boot` in the CLI: reported = verdict printed, wall = process exit; raw = docker run + is-system-running --wait.
   */
  bootCli: { reported: Sample; wall: Sample; bootSeconds: Sample; raw: Sample };
}

export const BENCH_LABEL = 'sct.bench';

/** The engine the bench uses: DOCKER_HOST, else the test dockerd of .ci/engine-setup.sh. */
function engineHost(): string {
  return process.env.DOCKER_HOST || `unix://${process.env.SCT_DOCKER_SOCK ?? '/run/sct-docker.sock'}`;
}

/** Connects, or says why not (the table then says the engine rows were not measured). */
export async function engineUnavailable(): Promise<string | undefined> {
  try {
    await connect(resolveEndpoint(nodeResolveInputs({}), { host: engineHost() }), { timeoutMs: 3000 });
  } catch (e) {
    return `no engine at ${engineHost()} (${(e as Error).message.split('\n')[0]})`;
  }
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], {
      env: { ...process.env, DOCKER_HOST: engineHost() },
      timeout: 10_000,
    });
  } catch (e) {
    return `the docker CLI cannot reach ${engineHost()} (${(e as Error).message.split('\n')[0]})`;
  }
  return undefined;
}

export async function engineBench(root: string, bootRounds: number, unitRounds: number): Promise<EngineBench> {
  const host = engineHost();
  const endpoint = resolveEndpoint(nodeResolveInputs({}), { host });
  const { docker } = await connect(endpoint, { timeoutMs: 5000 });
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const labels = { [BENCH_LABEL]: runId };
  const env = { ...process.env, DOCKER_HOST: host };
  const cli = async (args: string[], timeoutMs = 60_000): Promise<string> =>
    (await run('docker', args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 })).stdout;
  await removeOrphans(docker);
  // Interrupted (Ctrl-C, a CI timeout's SIGTERM), the run still removes what it made.
  const onSignal = (signal: NodeJS.Signals): void => {
    void cleanUp(docker, runId).finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const facts = await fetchFacts(docker);
    const systemdDir = path.join(root, 'test/fixtures/engine/systemd');
    const bootTag = `sct-bench/systemd:${runId}`;
    // The fixture's healthy stage: its last stage adds a unit in a restart loop (degraded in the end).
    const first = await buildImage(docker, { contextDir: systemdDir, target: 'base', tag: bootTag, labels });
    if (!first.ok) throw new Error(`building ${systemdDir} failed: ${first.error}`);

    // 1. Run with systemd vs docker run + poll.
    const ours: number[] = [];
    const reported: number[] = [];
    const builds: number[] = [];
    const probes: number[] = [];
    const raw: number[] = [];
    const runOurs = async (i: number): Promise<void> => {
      const t0 = performance.now();
      const build = await buildImage(docker, { contextDir: systemdDir, target: 'base', tag: bootTag, labels });
      if (!build.ok) throw new Error(`rebuilding ${systemdDir} failed: ${build.error}`);
      const t1 = performance.now();
      const image = await inspectImage(docker, bootTag, { probeSystemd: true, probeLabels: labels });
      const t2 = performance.now();
      const profile = buildRunProfile(facts, image, { name: `sct-bench-ours-${i}-${runId}`, labels });
      const boot = await bootContainer(docker, profile);
      const t3 = performance.now();
      if ('containerId' in boot && boot.containerId)
        await docker
          .getContainer(boot.containerId)
          .remove({ force: true, v: true })
          .catch(() => undefined);
      if (boot.status !== 'running' && boot.status !== 'degraded')
        throw new Error(`Run with systemd did not boot: ${boot.status}`);
      ours.push(t3 - t0);
      reported.push(t3 - t0);
      builds.push(t1 - t0);
      probes.push(t2 - t1);
    };
    // The image's first probe (a probe container); the rounds after it get the session's answer.
    const probeStart = performance.now();
    const image = await inspectImage(docker, bootTag, { probeSystemd: true, probeLabels: labels });
    const firstProbe = performance.now() - probeStart;
    const runRaw = async (i: number): Promise<void> => {
      const profile = buildRunProfile(facts, image, { name: `sct-bench-raw-${i}-${runId}`, labels });
      const argv = runArgv(profile, 'docker');
      const t0 = performance.now();
      const id = (await cli(argv.slice(1))).trim();
      try {
        for (;;) {
          const state = await run('docker', ['exec', id, 'systemctl', 'is-system-running'], {
            env,
            timeout: 10_000,
          }).then(
            (r) => r.stdout.trim(),
            (e: { stdout?: string }) => (e.stdout ?? '').trim(), // non-zero exit while starting
          );
          if (state === 'running' || state === 'degraded') break;
          if (performance.now() - t0 > 90_000)
            throw new Error(`docker run: systemd did not boot (last state ${state || 'none'})`);
          await new Promise((r) => setTimeout(r, 250));
        }
        raw.push(performance.now() - t0);
      } finally {
        await cli(['rm', '-f', '-v', id]).catch(() => undefined);
      }
    };
    for (let i = 0; i < bootRounds; i++) {
      if (i % 2 === 0) {
        await runOurs(i);
        await runRaw(i);
      } else {
        await runRaw(i);
        await runOurs(i);
      }
    }

    // 2. `boot` in the CLI vs docker run + is-system-running --wait, same flags, interleaved.
    const cliPath = path.join(root, 'dist/cli.js');
    const cliReported: number[] = [];
    const cliWall: number[] = [];
    const cliBoot: number[] = [];
    const rawWait: number[] = [];
    const runCli = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const t0 = performance.now();
        let reportedAt: number | undefined;
        let out = '';
        let errText = '';
        const child = spawn(
          process.execPath,
          [cliPath, 'boot', '--format', 'json', '--label', `${BENCH_LABEL}=${runId}`, bootTag],
          { env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout.on('data', (b: Buffer) => {
          reportedAt ??= performance.now();
          out += b.toString();
        });
        child.stderr.on('data', (b: Buffer) => void (errText += b.toString()));
        child.on('error', reject);
        child.on('exit', (code) => {
          const t1 = performance.now();
          try {
            const report = JSON.parse(out) as { state: string; bootSeconds: number | null };
            if (code !== 0 || report.state !== 'running' || report.bootSeconds === null)
              throw new Error(`exit ${code}, state ${report.state}`);
            cliReported.push(reportedAt! - t0);
            cliWall.push(t1 - t0);
            cliBoot.push(report.bootSeconds * 1000);
            resolve();
          } catch (e) {
            reject(new Error(`systemd-container-lint boot ${bootTag}: ${(e as Error).message}\n${out}\n${errText}`));
          }
        });
      });
    const runRawWait = async (i: number): Promise<void> => {
      const profile = buildRunProfile(facts, image, { name: `sct-bench-rawwait-${i}-${runId}`, labels });
      const t0 = performance.now();
      const id = (await cli(runArgv(profile, 'docker').slice(1))).trim();
      try {
        for (;;) {
          const state = await run('docker', ['exec', id, 'systemctl', 'is-system-running', '--wait'], {
            env,
            timeout: 90_000,
          }).then(
            (r) => r.stdout.trim(),
            (e: { stdout?: string }) => (e.stdout ?? '').trim(), // degraded exits non-zero; no bus yet: empty
          );
          if (state === 'running' || state === 'degraded') break;
          if (performance.now() - t0 > 90_000)
            throw new Error(`docker run: systemd did not boot (last state ${state || 'none'})`);
        }
        rawWait.push(performance.now() - t0);
      } finally {
        await cli(['rm', '-f', '-v', id]).catch(() => undefined);
      }
    };
    for (let i = 0; i < bootRounds; i++) {
      if (i % 2 === 0) {
        await runCli();
        await runRawWait(i);
      } else {
        await runRawWait(i);
        await runCli();
      }
    }

    // 3. Units tree refresh of a container with many units.
    const unitsTag = `sct-bench/unpruned:${runId}`;
    const imagesDir = path.join(root, 'test/engine/images');
    const built = await buildImage(docker, {
      contextDir: imagesDir,
      dockerfile: 'unpruned.Dockerfile',
      tag: unitsTag,
      labels,
    });
    if (!built.ok) throw new Error(`building unpruned.Dockerfile failed: ${built.error}`);
    const unitsImage = await inspectImage(docker, unitsTag, { probeSystemd: true, probeLabels: labels });
    const boot = await bootContainer(
      docker,
      buildRunProfile(facts, unitsImage, { name: `sct-bench-units-${runId}`, labels }),
      {},
    );
    if (!('containerId' in boot) || !boot.containerId)
      throw new Error(`the unpruned image did not boot: ${boot.status}`);
    const id = boot.containerId;
    const oursUnits: number[] = [];
    const rawUnits: number[] = [];
    let count = 0;
    let rawCount = 0;
    try {
      // The view's refresh: every unit, less the not-found inactive ones (engine/systemdContainers.ts).
      const tree = async (): Promise<void> => {
        const t0 = performance.now();
        const units = await listShownUnits(containerTarget(docker as Docker, id, endpoint));
        oursUnits.push(performance.now() - t0);
        count = units.length;
      };
      const plain = async (): Promise<void> => {
        const t0 = performance.now();
        const out = await cli(['exec', id, 'systemctl', 'list-units', '--all', '--no-pager', '--plain', '--no-legend']);
        rawUnits.push(performance.now() - t0);
        rawCount = out.trim().split('\n').length;
      };
      await tree(); // warm-up: the first exec of a container is slower for both
      await plain();
      oursUnits.length = 0;
      rawUnits.length = 0;
      for (let i = 0; i < unitRounds; i++) {
        if (i % 2 === 0) {
          await tree();
          await plain();
        } else {
          await plain();
          await tree();
        }
      }
    } finally {
      await docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    }
    return {
      endpoint: host,
      boot: {
        ours: summarize(ours),
        oursReported: summarize(reported),
        build: summarize(builds),
        probe: summarize(probes),
        firstProbe,
        raw: summarize(raw),
      },
      units: { ours: summarize(oursUnits), raw: summarize(rawUnits), count, rawCount },
      bootCli: {
        reported: summarize(cliReported),
        wall: summarize(cliWall),
        bootSeconds: summarize(cliBoot),
        raw: summarize(rawWait),
      },
    };
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await cleanUp(docker, runId);
  }
}

/** Removes what earlier bench runs left when they were killed: their run id starts with their pid. */
async function removeOrphans(docker: Docker): Promise<void> {
  const labelled = await docker.listContainers({ all: true, filters: { label: [BENCH_LABEL] } }).catch(() => []);
  const images = await docker.listImages({ filters: { label: [BENCH_LABEL] } }).catch(() => []);
  const runIds = new Set([...labelled, ...images].map((x) => x.Labels?.[BENCH_LABEL]).filter((r) => r !== undefined));
  for (const runId of runIds) if (!isAlive(Number(runId.split('-')[0]))) await cleanUp(docker, runId);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function cleanUp(docker: Docker, runId: string): Promise<void> {
  const filters = { label: [`${BENCH_LABEL}=${runId}`] };
  for (const c of await docker.listContainers({ all: true, filters }).catch(() => []))
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  for (const i of await docker.listImages({ filters }).catch(() => []))
    await docker
      .getImage(i.Id)
      .remove({ force: true })
      .catch(() => undefined);
}
