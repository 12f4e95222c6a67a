/**
 * `systemd-container-lint boot`: boot-test an image from CI with the run profile, the wait and
 * the diagnosis of "Run with systemd" (shared/engine): build when given a Dockerfile, create
 * the container with the profile for the engine and host found, wait until systemd answers,
 * print the verdict, remove the container unless --keep. Interrupted, it still removes what it
 * created.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseArgs } from 'util';
import { bootContainer, type BootEvent, type BootResult } from '../../../../shared/engine/boot';
import { buildImage, tagForDockerfile, type BuildResult } from '../../../../shared/engine/build';
import type { Diagnosis } from '../../../../shared/engine/diagnosis';
import { EngineError, describeEndpoint, isEngineError } from '../../../../shared/engine/errors';
import type { EngineConnection } from '../../../../shared/engine/connection';
import { inspectImage, probeSystemd, type SystemdProbe } from '../../../../shared/engine/image';
import { probeRemovals } from '../../../../shared/engine/probeRemovals';
import { withCgroupLayout } from '../../../../shared/engine/hostCgroup';
import { buildRunProfile, runArgv, runCommand, type RunProfile } from '../../../../shared/engine/runProfile';
import { IMAGE_SOURCE_OPTIONS, imageSourceOf, type Subcommand } from '../subcommandArgs';
import { engineFacts, interruptible, openEngine, type EngineAccess } from '../engine';

export const BOOT_USAGE = `Usage: systemd-container-lint boot [options] IMAGE
       systemd-container-lint boot [options] --dockerfile PATH

Boots an image with systemd as PID 1, using the run profile of "Run with systemd" for the
engine and host found (--host, else DOCKER_HOST, the current Docker context, the default
socket, Podman's sockets), waits until systemd says the boot is over, prints the verdict and
removes the container.

Options:
  --dockerfile PATH     build this Dockerfile first (context: its folder, or --context)
  --context DIR         build context for --dockerfile
  --target STAGE        build stage for --dockerfile
  --tag NAME            tag for the built image (default: from the context folder's name)
  --format text|json    output format (default: text)
  --keep                leave the container (running, or failed) instead of removing it
  --timeout SECONDS     deadline for the boot, from create to systemd's answer (default: 90)
  --host URI            engine address, like docker -H (unix://, tcp://, ssh://)
  --label KEY=VALUE     label the containers and images made (repeatable)
  -h, --help            show this help

Exit status: 0 running, 1 degraded or failed (or the build failed), 2 usage or engine error,
128+N when interrupted by signal N (what it created is removed first).`;

export interface BootReport {
  state: 'running' | 'degraded' | 'failed';
  /** From the container's start to systemd's answer. */
  bootSeconds: number | null;
  failedUnits: Array<{ unit: string; active: string; sub: string; description: string; log: string[] }>;
  diagnosis: {
    summary: string;
    findings: Array<{ cause: string; fix: string; rule?: string; flag?: string; evidence: string }>;
    notes: string[];
  } | null;
  image: string;
  engine: { kind: string; version: string; endpoint: string; cgroupVersion: number | null };
  profile: {
    command: string[];
    commandLine: string;
    decisions: Array<{ flag: string; reason: string }>;
    warnings: string[];
  };
  container: { id: string; kept: boolean } | null;
  /** Why a failed state failed: the boot's reason, or `build`. */
  reason?: string;
  build?: { tag: string; seconds: number; error?: string; line?: number };
}

function diagnosisJson(d: Diagnosis): NonNullable<BootReport['diagnosis']> {
  return {
    summary: d.summary,
    findings: d.findings.map((f) => ({
      cause: f.cause,
      fix: f.fix,
      ...(f.rule ? { rule: `${f.rule.id} ${f.rule.name}` } : {}),
      ...(f.flag ? { flag: f.flag } : {}),
      evidence: f.evidence,
    })),
    notes: d.notes,
  };
}

const usage = (err: (s: string) => void, message: string): number => {
  err(`systemd-container-lint boot: ${message}\n\n${BOOT_USAGE}`);
  return 2;
};

export const run: Subcommand = async (argv, out, err) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...IMAGE_SOURCE_OPTIONS,
        tag: { type: 'string' },
        format: { type: 'string', default: 'text' },
        keep: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        label: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage(err, (e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    out(BOOT_USAGE);
    return 0;
  }
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(err, `unknown format "${format}" (text or json)`);
  const source = imageSourceOf(v, positionals);
  if ('error' in source) return usage(err, source.error);
  if ('image' in source && v.tag) return usage(err, '--tag goes with --dockerfile');
  const timeoutS = v.timeout === undefined ? 90 : Number(v.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0)
    return usage(err, `--timeout takes a number of seconds above 0, not "${v.timeout}"`);
  const labels: Record<string, string> = {};
  for (const l of v.label ?? []) {
    const eq = l.indexOf('=');
    if (eq <= 0) return usage(err, `--label takes KEY=VALUE, not "${l}"`);
    labels[l.slice(0, eq)] = l.slice(eq + 1);
  }
  const dockerfile = 'dockerfile' in source ? source.dockerfile : undefined;
  const contextDir = 'dockerfile' in source ? source.contextDir : undefined;

  let containerId: string | undefined;
  const interruption = interruptible(
    () =>
      containerId
        ? `Container ${containerId.slice(0, 12)} may be left: docker rm -f ${containerId.slice(0, 12)}`
        : undefined,
    err,
  );
  const signal = interruption.signal;
  // Seconds since the process started: what a CI log reader waits for.
  const progress = (line: string): void => err(`[${(performance.now() / 1000).toFixed(1)} s] ${line}`);
  let conn: EngineConnection | undefined;
  let engine: EngineAccess | undefined;
  let fullProbe: Promise<SystemdProbe | undefined> | undefined;
  try {
    conn = await openEngine({ ...(v.host ? { host: v.host } : {}), signal });
    const { docker, endpoint } = conn;
    // The facts are asked alongside the build and the image probe: the profile needs both only at the end.
    const factsAsked = engineFacts(conn, signal);
    factsAsked.catch(() => undefined);
    let image = positionals[0] ?? '';
    let build: BootReport['build'];
    if (dockerfile && contextDir) {
      image = v.tag ?? tagForDockerfile(dockerfile, contextDir);
      progress(`Building ${image} from ${path.relative(process.cwd(), dockerfile) || dockerfile}`);
      const built: BuildResult = await buildImage(docker, {
        contextDir,
        dockerfile: path.relative(contextDir, dockerfile),
        tag: image,
        labels,
        endpoint,
        signal,
        ...(v.target ? { target: v.target } : {}),
      });
      build = { tag: image, seconds: Math.round(built.durationMs / 100) / 10 };
      // A build cut short by the signal is an interruption, not a failed build.
      if (interruption.received) throw new EngineError('aborted', 'Cancelled.');
      if (!built.ok) {
        const line = built.failedStep?.line;
        engine = { ...conn, facts: await factsAsked };
        const report = baseReport(image, engine, undefined);
        report.state = 'failed';
        report.reason = 'build';
        report.build = { ...build, error: built.error, ...(line ? { line } : {}) };
        report.diagnosis = {
          summary: `The build failed${line ? ` at line ${line}` : ''}: ${built.error}`,
          findings: [],
          notes: [],
        };
        print(report, format, out);
        return 1;
      }
    }
    progress(`Checking ${image} for systemd`);
    // The profile's flags need the image's init paths and the host's cgroup layout (hybrid v1: the
    // cgroup2 hierarchy boots systemd ≥ 258, the v1 tree does not): both probes at once, their
    // containers removed in the background. The systemd version only words the profile's
    // warnings: the boot wait reads it in the booted container; only when it could not is it read
    // from the image (copying files out of it, the slow part of a probe, which slowed the start).
    const layoutAsked = factsAsked.then((f) =>
      withCgroupLayout(docker, f, image, { endpoint, labels, deferRemoval: true }),
    );
    const [hostFacts, facts_] = await Promise.all([
      layoutAsked,
      inspectImage(docker, image, {
        probeSystemd: true,
        probeDetail: 'paths',
        deferProbeRemoval: true,
        endpoint,
        signal,
        probeLabels: labels,
      }),
    ]);
    engine = { ...conn, facts: hostFacts };
    const profileOptions = {
      labels,
      keepOnFailure: v.keep === true,
      ...(dockerfile ? { source: { dockerfile, ...(contextDir ? { context: contextDir } : {}) } } : {}),
    };
    const profile = buildRunProfile(hostFacts, facts_, profileOptions);
    let lastState = '';
    const boot = await bootContainer(docker, profile, {
      timeoutMs: timeoutS * 1000,
      signal,
      endpoint,
      ...(facts_.systemd ? { imageHasSystemd: facts_.systemd.systemdPath !== undefined } : {}),
      onProgress: (e: BootEvent) => {
        if (e.containerId) containerId = e.containerId;
        if (e.systemState) {
          if (e.systemState === lastState) return;
          lastState = e.systemState;
        }
        progress(e.message);
      },
    });
    containerId = boot.containerId;
    const kept = boot.status === 'failed' ? boot.kept : v.keep === true;
    // The same flags (the version never changes them), with the warnings the version brings.
    const booted = boot.status === 'failed' ? undefined : boot.systemdVersion;
    if (booted === undefined && facts_.id && facts_.systemd?.systemdPath) {
      const probeOptions = { deferProbeRemoval: true, endpoint, probeLabels: labels };
      fullProbe = probeSystemd(docker, facts_.id, probeOptions).catch(() => undefined);
    }
    const probed =
      booted !== undefined && facts_.systemd
        ? { ...facts_.systemd, version: booted, versionSource: 'systemctl --version in the booted container' }
        : await fullProbe;
    const reported = probed ? buildRunProfile(hostFacts, { ...facts_, systemd: probed }, profileOptions) : profile;
    const report = baseReport(image, engine, reported);
    if (build) report.build = build;
    fillFromBoot(report, boot, kept);
    print(report, format, out);
    if (!kept && boot.status !== 'failed') {
      await docker
        .getContainer(boot.containerId)
        .remove({ force: true, v: true })
        .catch((e: unknown) => {
          err(
            'systemd-container-lint boot: could not remove ' +
              `container ${boot.containerId.slice(0, 12)}: ${(e as Error).message}`,
          );
        });
    }
    if (interruption.received) return interruption.exitCode;
    return boot.status === 'running' ? 0 : 1;
  } catch (e) {
    if (interruption.received || (isEngineError(e) && e.kind === 'aborted')) {
      err(
        'systemd-container-lint boot: interrupted ' +
          `(${interruption.received ?? 'cancelled'}); ` +
          `${containerId ? `container ${containerId.slice(0, 12)} removed` : 'nothing was left'}.`,
      );
      return interruption.exitCode || 130;
    }
    if (isEngineError(e)) {
      const where = conn ? ` (engine ${describeEndpoint(conn.endpoint)})` : '';
      err(
        `systemd-container-lint boot: ${e.message}${e.kind === 'not-found' && !/image/i.test(e.message) ? where : ''}`,
      );
      return 2;
    }
    err(`systemd-container-lint boot: internal error: ${(e as Error).stack ?? e}`);
    return 2;
  } finally {
    // The probes' containers, removed in the background, are gone before the process ends.
    await fullProbe;
    await probeRemovals();
    interruption.dispose();
    // dockerode keeps sockets alive; the process should end when the work is done.
    (conn?.docker.modem as { agent?: { destroy?(): void } } | undefined)?.agent?.destroy?.();
  }
};

function baseReport(image: string, engine: EngineAccess, profile: RunProfile | undefined): BootReport {
  return {
    state: 'failed',
    bootSeconds: null,
    failedUnits: [],
    diagnosis: null,
    image,
    engine: {
      kind: engine.facts.engine,
      version: engine.facts.version,
      endpoint: engine.endpoint.uri,
      cgroupVersion: engine.facts.cgroupVersion ?? null,
    },
    profile: profile
      ? {
          command: runArgv(profile),
          commandLine: runCommand(profile),
          decisions: profile.decisions.map((d) => ({ flag: d.flag, reason: d.reason })),
          warnings: profile.warnings,
        }
      : { command: [], commandLine: '', decisions: [], warnings: [] },
    container: null,
  };
}

function fillFromBoot(report: BootReport, boot: BootResult, kept: boolean): void {
  report.state = boot.status;
  report.container = { id: boot.containerId, kept };
  if (boot.status === 'failed') {
    report.reason = boot.reason;
    // The boot's own words first ("systemd did not finish booting within 90 s (state: starting; jobs …)"),
    // then the log's: a timeout or a bad state is not in the container's log.
    report.diagnosis = { ...diagnosisJson(boot.diagnosis), summary: boot.message };
    report.bootSeconds = null;
    return;
  }
  report.bootSeconds = boot.bootSeconds;
  if (boot.status === 'degraded') {
    report.failedUnits = boot.failedUnits.map((u) => ({
      unit: u.unit,
      active: u.active,
      sub: u.sub,
      description: u.description,
      log: boot.unitLogs[u.unit] ?? [],
    }));
    report.diagnosis = diagnosisJson(boot.diagnosis);
  }
}

function print(report: BootReport, format: string, out: (s: string) => void): void {
  if (format === 'json') {
    out(JSON.stringify(report, null, 2));
    return;
  }
  const lines: string[] = [];
  const secs = report.bootSeconds !== null ? ` in ${report.bootSeconds} s` : '';
  lines.push(`${report.image}: ${report.state}${secs}`);
  for (const u of report.failedUnits) {
    lines.push(`  failed unit ${u.unit}${u.description ? ` (${u.description})` : ''}`);
    for (const l of u.log.slice(-5)) lines.push(`    ${l}`);
  }
  if (report.diagnosis && report.state === 'failed') {
    if (report.diagnosis.findings.length) {
      for (const f of report.diagnosis.findings) {
        lines.push(`  cause: ${f.cause}`, `  fix: ${f.fix}`);
        if (f.rule) lines.push(`  rule: ${f.rule}`);
      }
    } else {
      lines.push(`  ${report.diagnosis.summary}`);
    }
    for (const n of report.diagnosis.notes) lines.push(`  note: ${n}`);
  } else if (report.diagnosis?.findings.length) {
    for (const f of report.diagnosis.findings) lines.push(`  cause: ${f.cause}`, `  fix: ${f.fix}`);
  }
  lines.push(
    `  engine: ${report.engine.kind} ${report.engine.version} ` +
      `at ${report.engine.endpoint}${report.engine.cgroupVersion ? `, cgroup v${report.engine.cgroupVersion}` : ''}`,
  );
  if (report.profile.commandLine) lines.push(`  profile: ${report.profile.commandLine}`);
  if (report.container)
    lines.push(`  container: ${report.container.id.slice(0, 12)} ${report.container.kept ? 'kept' : 'removed'}`);
  out(lines.join('\n'));
}
