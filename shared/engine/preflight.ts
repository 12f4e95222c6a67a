/**
 * Will it boot here? A prediction without booting, from the image's files (its systemd, the
 * version its binary links, its init paths and masks), the engine's facts (kind, version,
 * cgroup version and layout, rootless) and the run profile the product would use. The rules
 * are the table in docs/run-profile.md ("Preflight"), each from a real boot on the test host
 * or, where this host cannot show it, from systemd's and Podman's sources and documentation
 * (`basis`). `predictBoot` is pure; `runPreflight` reads the facts from an engine.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import type { EngineFacts } from './facts';
import { withCgroupLayout } from './hostCgroup';
import { inspectImage, type ImageFacts } from './image';
import {
  SYSTEMD_DEPRECATES_LEGACY,
  buildRunProfile,
  chooseCgroupArrangement,
  isInitCommand,
  runArgv,
  type RunOptions,
  type RunProfile,
} from './runProfile';

export type Verdict = 'boots' | 'fails' | 'unknown';

export interface PreflightReason {
  /** Stable id, for tests and docs (`no-systemd`, `legacy-cgroup-refused`, …). */
  id: string;
  text: string;
  fix: string;
  /** `measured`: seen in a real boot on the test host; `documented`: from sources and documentation. */
  basis: 'measured' | 'documented';
}

export interface PreflightResult {
  verdict: Verdict;
  image: string;
  imageId?: string;
  /** systemd's major version in the image (252), when it could be read. */
  systemdVersion?: number;
  systemdVersionSource?: string;
  systemdPath?: string;
  initPaths: string[];
  masked: string[];
  /** The command PID 1 would run. */
  command: string[];
  cgroupVersion?: 1 | 2;
  cgroupLayout?: EngineFacts['cgroupLayout'];
  engine: {
    kind: 'docker' | 'podman';
    version: string;
    apiVersion: string;
    cgroupDriver?: string;
    rootless: boolean;
    selinux: boolean;
  };
  /** The run profile's cgroup arrangement and its `docker run` line. */
  profile: { cgroupArrangement: RunProfile['cgroupArrangement']; argv: string[] };
  /** For `fails`: why, with a fix each. For `unknown`: what is missing. For `boots`: empty. */
  reasons: PreflightReason[];
  /** What does not stop the boot but should be known (deprecations, unverified arrangements). */
  notes: string[];
  /** `measured` when every rule the verdict rests on was seen in a real boot here. */
  basis: 'measured' | 'documented';
}

const SYSV_MISSING = ' (systemd is installed, the package that provides /sbin/init is not)';

/** Versions whose boot with each arrangement was measured on the test host (docs/run-profile.md). */
export const MEASURED_VERSIONS = [252, 257, 262];
/** systemd's cgroup v2 support (unified hierarchy) arrived in 230. */
const UNIFIED_SUPPORT = 230;

/** The prediction from facts already read. `profile` must be built from the same facts. */
export function predictBoot(
  engine: EngineFacts,
  image: ImageFacts,
  profile: RunProfile,
  options: RunOptions = {},
): PreflightResult {
  const probe = image.systemd;
  const reasons: PreflightReason[] = [];
  const unknowns: PreflightReason[] = [];
  const notes: string[] = [];
  let documented = false;
  // What PID 1 runs: the image's ENTRYPOINT with the profile's command (which replaces CMD only).
  const command = [...image.entrypoint, ...(profile.spec.command ?? image.cmd)];
  const version = probe?.version;

  // 1. systemd in the image, and an init the command can start.
  if (!probe) {
    unknowns.push({
      id: 'image-not-probed',
      text: 'The image was not looked into for systemd.',
      fix: 'Run preflight against the engine that has the image.',
      basis: 'measured',
    });
  } else if (!probe.systemdPath) {
    reasons.push({
      id: 'no-systemd',
      text:
        `The image has no systemd (looked for ${probe.checked.map((c) => c.path).join(', ')}): the start fails ` +
        'with "exec: …: no such file or directory".',
      fix:
        'Install systemd (and systemd-sysv for /sbin/init) in the Dockerfile (rule SCT102 ' +
        'init-without-systemd-pkg).',
      basis: 'measured',
    });
  } else if (command.length && command[0].startsWith('/') && isInitCommand(command)) {
    const checked = probe.checked.find((c) => c.path === command[0]);
    if (checked && !checked.found) {
      reasons.push({
        id: 'init-missing',
        text:
          `The command ${command[0]} does not exist in the ` +
          `image${/(^|\/)s?bin\/init$/.test(command[0]) ? SYSV_MISSING : ''}: the start fails with ` +
          `"exec: \\"${command[0]}\\": stat ${command[0]}: no such file or directory".`,
        fix: /(^|\/)s?bin\/init$/.test(command[0])
          ? `Use CMD ["${probe.systemdPath}"], or install systemd-sysv (rule SCT103 sbin-init-without-sysv-pkg).`
          : `Use CMD ["${probe.systemdPath}"] (the systemd binary the image has).`,
        basis: 'measured',
      });
    }
  }
  if (command.length && !isInitCommand(command)) {
    if (image.entrypoint.length && command.slice(image.entrypoint.length).some((w) => isInitCommand([w]))) {
      unknowns.push({
        id: 'wrapper-entrypoint',
        text:
          `The ENTRYPOINT ${JSON.stringify(image.entrypoint)} runs first: systemd becomes PID 1 only if it execs ` +
          'its arguments.',
        fix: 'Make sure the entrypoint ends with `exec "$@"`, or start systemd directly as the ENTRYPOINT or CMD.',
        basis: 'measured',
      });
    } else {
      reasons.push({
        id: 'not-systemd',
        text: `PID 1 would be ${JSON.stringify(command)}, not systemd.`,
        fix:
          'Start systemd: CMD ["/lib/systemd/systemd"] (rule SCT101 missing-init-cmd), or leave the command to ' +
          'the run profile.',
        basis: 'measured',
      });
    }
  }

  // 2. Flags the run leaves out on request, each measured to stop the boot (docs/run-profile.md).
  const omitted = new Set(options.omit ?? []);
  const fatalOmissions: Array<[string, string, string]> = [
    [
      'tmpfs-run',
      'Without a tmpfs on /run systemd exits 255 ("Failed to mount tmpfs at /run: Operation not permitted").',
      'Keep --tmpfs /run.',
    ],
    [
      'tmpfs-run-lock',
      'Without a tmpfs on /run/lock systemd exits 255 ("Failed to mount tmpfs at /run/lock").',
      'Keep --tmpfs /run/lock.',
    ],
    [
      'cgroup-mount',
      'Without a cgroup file system systemd exits 255 ("Failed to create /docker/<id>/init.scope control group").',
      'Keep the cgroup bind of the run profile.',
    ],
  ];
  if (engine.engine !== 'podman' && !options.privileged) {
    for (const [flag, text, fix] of fatalOmissions) {
      if (omitted.has(flag as never)) reasons.push({ id: `omitted-${flag}`, text, fix, basis: 'measured' });
    }
  }

  // 3. The cgroup arrangement for this host and this systemd.
  const cgroup = chooseCgroupArrangement(engine, version, options.privileged === true);
  if (cgroup.cannotBoot) {
    reasons.push({
      id: 'legacy-cgroup-refused',
      text: cgroup.cannotBoot.reason + '.',
      fix: `Change the host: ${cgroup.cannotBoot.fix}.`,
      basis: engine.engine === 'podman' ? 'documented' : 'measured',
    });
  } else if (probe?.systemdPath && version === undefined) {
    if (cgroup.arrangement === 'v1-tree') {
      unknowns.push({
        id: 'systemd-version-unknown',
        text:
          `The image's systemd version could not be read (${probe.systemdPath} names no libsystemd-shared-NNN.so ` +
          'and there is no dpkg record); on this cgroup v1 host without a cgroup2 mount, systemd 258 and newer ' +
          'refuse to start.',
        fix: 'Check `systemctl --version` in the image; 257 or older boots here.',
        basis: 'measured',
      });
    } else if (cgroup.arrangement === 'unified-bind') {
      unknowns.push({
        id: 'systemd-version-unknown',
        text:
          `The image's systemd version could not be read (${probe.systemdPath} names no libsystemd-shared-NNN.so ` +
          `and there is no dpkg record); the unified arrangement needs systemd ${UNIFIED_SUPPORT} or newer.`,
        fix: 'Check `systemctl --version` in the image.',
        basis: 'documented',
      });
    }
  } else if (version !== undefined && cgroup.arrangement === 'unified-bind' && version < UNIFIED_SUPPORT) {
    reasons.push({
      id: 'no-unified-support',
      text:
        `systemd ${version} predates cgroup v2 support (${UNIFIED_SUPPORT}), which the unified arrangement of ` +
        'this hybrid host gives it.',
      fix: 'Use an image with a newer systemd.',
      basis: 'documented',
    });
  }
  if (
    version !== undefined &&
    version >= SYSTEMD_DEPRECATES_LEGACY &&
    cgroup.arrangement === 'v1-tree' &&
    !cgroup.cannotBoot
  ) {
    notes.push(
      `systemd ${version} deprecates cgroup v1 (it boots here, measured with 257); systemd 258 and newer refuse it.`,
    );
  }
  if (version !== undefined && !MEASURED_VERSIONS.includes(version)) {
    notes.push(
      `systemd ${version} itself was not booted here (measured: ${MEASURED_VERSIONS.join(', ')}); the ` +
        'prediction follows the rules for its range.',
    );
  }

  // 4. Engines and hosts this project could not measure: documented expectations.
  if (engine.engine === 'docker' && engine.cgroupVersion === 2) {
    documented = true;
    notes.push(
      'cgroup v2 engine: the arrangement (--cgroupns=host, /sys/fs/cgroup rw) comes from documentation; this ' +
        'project measured cgroup v1 hosts only.',
    );
    if (engine.rootless)
      notes.push(
        "Rootless Docker: systemd can only create cgroups in the sub-tree delegated to the user (systemd's " +
          'Delegate=yes on user@.service); without delegation it fails to create init.scope.',
      );
  }
  if (engine.engine === 'podman') {
    if (engine.cgroupVersion === 2) documented = true;
    if (engine.rootless)
      notes.push(
        "Rootless Podman: systemd mode works on cgroup v2 with the user's delegated controllers " +
          '(podman-run(1) --systemd); on cgroup v1 it runs without cgroup management.',
      );
    if (engine.selinux)
      notes.push(
        'SELinux: systemd in a container writes to its cgroup; on SELinux hosts Podman needs `setsebool -P ' +
          'container_manage_cgroup true` (podman-run(1) --systemd).',
      );
  } else if (engine.selinux) {
    notes.push(
      'SELinux: a writable cgroup bind may need `setsebool -P container_manage_cgroup true` or the :z relabel ' +
        'on some hosts (not measured here).',
    );
  }
  if (options.privileged)
    notes.push(
      '--privileged: the profile adds no cgroup bind; on hosts whose capability bounding set lacks ' +
        'CAP_SYS_RESOURCE the start fails ("unable to apply caps").',
    );
  for (const w of profile.warnings) if (!w.startsWith('Left out on request') && !notes.includes(w)) notes.push(w);

  const verdict: Verdict = reasons.length ? 'fails' : unknowns.length ? 'unknown' : 'boots';
  const result: PreflightResult = {
    verdict,
    image: image.ref,
    initPaths: probe?.initPaths ?? [],
    masked: probe?.masked ?? [],
    command,
    engine: {
      kind: engine.engine,
      version: engine.version,
      apiVersion: engine.apiVersion,
      rootless: engine.rootless,
      selinux: engine.selinux,
      ...(engine.cgroupDriver ? { cgroupDriver: engine.cgroupDriver } : {}),
    },
    profile: { cgroupArrangement: profile.cgroupArrangement, argv: runArgv(profile) },
    reasons: verdict === 'fails' ? reasons : verdict === 'unknown' ? unknowns : [],
    notes,
    basis: documented || [...reasons, ...unknowns].some((r) => r.basis === 'documented') ? 'documented' : 'measured',
  };
  if (image.id) result.imageId = image.id;
  if (version !== undefined) result.systemdVersion = version;
  if (probe?.versionSource) result.systemdVersionSource = probe.versionSource;
  if (probe?.systemdPath) result.systemdPath = probe.systemdPath;
  if (engine.cgroupVersion) result.cgroupVersion = engine.cgroupVersion;
  if (engine.cgroupLayout) result.cgroupLayout = engine.cgroupLayout;
  return result;
}

export interface PreflightOptions {
  endpoint?: Endpoint;
  /** Labels for the throwaway probe containers (tests tag everything they create). */
  labels?: Record<string, string>;
  runOptions?: RunOptions;
  signal?: AbortSignal;
}

/** Reads the facts from the engine (two containers that never start, removed at once) and predicts. */
export async function runPreflight(
  docker: Docker,
  engine: EngineFacts,
  ref: string,
  options: PreflightOptions = {},
): Promise<PreflightResult & { facts: EngineFacts }> {
  const image = await inspectImage(docker, ref, {
    probeSystemd: true,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.labels ? { probeLabels: options.labels } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const facts = await withCgroupLayout(docker, engine, image.id ?? ref, {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
  });
  const runOptions = options.runOptions ?? {};
  const profile = buildRunProfile(facts, image, runOptions);
  return { ...predictBoot(facts, image, profile, runOptions), facts };
}

/** Text for a terminal or an output channel. */
export function formatPreflight(r: PreflightResult): string {
  const lines: string[] = [];
  const sd =
    r.systemdVersion !== undefined
      ? `systemd ${r.systemdVersion}`
      : r.systemdPath
        ? 'systemd (version unknown)'
        : 'no systemd';
  const cg = r.cgroupVersion
    ? `cgroup v${r.cgroupVersion}${r.cgroupLayout === 'hybrid' ? ' (hybrid)' : ''}`
    : 'cgroup version unknown';
  lines.push(
    `${r.image}: ${r.verdict} ` +
      `(${sd}; ${r.engine.kind} ${r.engine.version}, ${cg}${r.engine.rootless ? ', rootless' : ''}; cgroup ` +
      `arrangement ${r.profile.cgroupArrangement})`,
  );
  for (const reason of r.reasons) {
    lines.push(`  ${r.verdict === 'unknown' ? 'missing' : 'reason'}: ${reason.text}`);
    lines.push(`    fix: ${reason.fix}`);
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
