/**
 * The run profile: engine facts + image facts + user options → how to run the image with
 * systemd as PID 1, with a reason for every flag. Pure, so the run command, "copy run command"
 * and the compose/Quadlet generators all share one decision, and tests can check it.
 * What each flag prevents is measured in docs/run-profile.md and docs/verified-behaviour.md.
 */
import type Docker from 'dockerode';
import type { EngineFacts } from './facts';
import type { ImageFacts } from './image';
import { oneLine, shellJoin, systemdJoin, systemdQuote } from './quote';
import type { ProfileRunSpec } from '../runSpec';

export const PROFILE_VERSION = 1;

/** Labels every managed container carries, so it can be found again. */
export const LABELS = {
  managed: 'sct.managed',
  profileVersion: 'sct.profile.version',
  profile: 'sct.profile',
  dockerfile: 'sct.dockerfile',
  context: 'sct.context',
} as const;

/** The profile's own decisions; each can be left out on request (to show what it prevents). */
export type ProfileFlagId =
  | 'tmpfs-run'
  | 'tmpfs-run-lock'
  | 'tmpfs-tmp'
  | 'cgroup-mount'
  | 'cgroupns'
  | 'stop-signal'
  | 'container-env'
  | 'init-cmd'
  | 'tty'
  | 'systemd-mode';

export interface RunOptions {
  name?: string;
  /** Never on unless asked: it hands the container the host's devices and capabilities. */
  privileged?: boolean;
  extraTmpfs?: string[];
  /** For boot.ts: keep a container whose boot failed (for inspection). Recorded in the profile. */
  keepOnFailure?: boolean;
  /** Default true: systemd writes its boot messages to the console, which only exists with a TTY. */
  tty?: boolean;
  /** Replaces the image's CMD (no init is added then). */
  command?: string[];
  env?: Record<string, string>;
  publish?: Array<{ containerPort: number; hostPort?: number; protocol?: 'tcp' | 'udp'; hostIp?: string }>;
  volumes?: Array<{ source: string; target: string; readOnly?: boolean }>;
  hostname?: string;
  labels?: Record<string, string>;
  /** Where the image came from (stored as labels). */
  source?: { dockerfile?: string; context?: string };
  /** Leave out some of the profile's own flags. */
  omit?: ProfileFlagId[];
}

export interface ProfileDecision {
  id: ProfileFlagId | 'privileged' | 'label' | 'user';
  /** As a docker run flag, e.g. `--tmpfs /run`. */
  flag: string;
  reason: string;
  /** Measured on a real engine by this project (docs/run-profile.md); false = from documentation. */
  verified: boolean;
}

/**
 * Engine-neutral description every renderer works from. It is the same type the run-configuration
 * linter reduces compose files, devcontainer.json and unit run lines to (server/src/runspec), so
 * "what we would run" and "what you wrote" compare field by field (compareWithProfile).
 */
export type ProfileSpec = ProfileRunSpec;
export type Bind = ProfileRunSpec['binds'][number];

export interface RunProfile {
  version: number;
  /** The engine's cgroup version the profile was built for (undefined: not reported, v1 assumed). */
  cgroupVersion?: 1 | 2;
  /** Which cgroup file system the container gets (chooseCgroupArrangement). */
  cgroupArrangement: CgroupArrangement;
  spec: ProfileSpec;
  create: Docker.ContainerCreateOptions;
  decisions: ProfileDecision[];
  warnings: string[];
  keepOnFailure: boolean;
}

/** Names systemd 252 (and both Docker builders) accept for SIGRTMIN+3. */
const RTMIN3 = new Set(['SIGRTMIN+3', 'RTMIN+3', '37']);

/** True when a stop signal (any case) is SIGRTMIN+3, the one that halts systemd. */
export function isRtmin3(signal: string | undefined): boolean {
  return !!signal && RTMIN3.has(signal.toUpperCase());
}
const INIT_BASENAMES = new Set(['init', 'systemd']);

/** True when argv starts systemd itself (the names Podman's systemd mode also recognises). */
export function isInitCommand(argv: readonly string[]): boolean {
  if (!argv.length) return false;
  const base = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  return INIT_BASENAMES.has(base);
}

/** `["/bin/sh","-c","/lib/systemd/systemd"]` → `/lib/systemd/systemd` (a shell-form init CMD). */
function shellFormInit(argv: readonly string[]): string | undefined {
  if (argv.length !== 3 || !/(^|\/)(ba|da)?sh$/.test(argv[0]) || argv[1] !== '-c') return undefined;
  const inner = argv[2].trim().replace(/^exec\s+/, '');
  return /^\S+$/.test(inner) && isInitCommand([inner]) ? inner : undefined;
}

/** systemd 258 removed cgroup v1 support: PID 1 refuses a legacy hierarchy (measured with 262). */
export const SYSTEMD_REFUSES_LEGACY = 258;
/** systemd 256's NEWS deprecates cgroup v1; 256 and 257 still boot on it (257 measured). */
export const SYSTEMD_DEPRECATES_LEGACY = 256;

/**
 * The cgroup file system the container gets:
 * - `unified-bind`: on a hybrid cgroup v1 host, the host's cgroup2 hierarchy
 *   (/sys/fs/cgroup/unified) bound as the container's /sys/fs/cgroup, host cgroup namespace;
 * - `v1-tree`: the host's cgroup v1 tree bound, host cgroup namespace (pure v1 hosts);
 * - `v2-host`: cgroup v2 host, its /sys/fs/cgroup bound writable, host cgroup namespace;
 * - `podman`: Podman's systemd mode sets the cgroup up itself; `privileged`: nothing added.
 */
export type CgroupArrangement = 'unified-bind' | 'v1-tree' | 'v2-host' | 'podman' | 'privileged';

export interface CgroupChoice {
  arrangement: CgroupArrangement;
  bind?: Bind;
  reason: string;
  cgroupnsReason: string;
  verified: boolean;
  warnings: string[];
  /** Set when no arrangement on this host can boot this systemd: why, and the host change that would. */
  cannotBoot?: { reason: string; fix: string };
}

export const UNIFIED_SOURCE = '/sys/fs/cgroup/unified';
const CGROUPFS = '/sys/fs/cgroup';

/** What the host must change when a systemd ≥ 258 image meets a cgroup v1 host with no cgroup2 mount. */
export const LEGACY_HOST_FIX =
  'boot the host with the kernel parameter systemd.unified_cgroup_hierarchy=1 (cgroup v2), or use an engine on ' +
  'a cgroup v2 host; or base the image on a release with systemd 257 or older';

export function chooseCgroupArrangement(
  engine: EngineFacts,
  systemdVersion: number | undefined,
  privileged = false,
): CgroupChoice {
  const warnings: string[] = [];
  const refuses = systemdVersion !== undefined && systemdVersion >= SYSTEMD_REFUSES_LEGACY;
  if (engine.engine === 'podman') {
    const v1 = engine.cgroupVersion !== 2;
    const choice: CgroupChoice = {
      arrangement: 'podman',
      reason: "Podman's systemd mode mounts the cgroup file system itself",
      cgroupnsReason: '',
      verified: true,
      warnings,
    };
    if (v1 && refuses && engine.cgroupLayout === 'hybrid') {
      // Measured (Podman 4.3.1, systemd 262, test/engine/sandboxPodman.test.ts): the v1 tree Podman
      // mounts stops PID 1; the host's cgroup2 hierarchy bound over it boots, systemd mode otherwise as usual.
      choice.bind = { source: UNIFIED_SOURCE, target: CGROUPFS, mode: 'rw' };
      choice.reason =
        `Podman's systemd mode mounts the cgroup v1 tree on this hybrid host, which systemd ${systemdVersion} ` +
        `refuses ("Detected unsupported legacy cgroup hierarchy"); the host's cgroup2 hierarchy ` +
        `(${UNIFIED_SOURCE}) bound as /sys/fs/cgroup boots it in unified mode (measured with Podman 4.3.1 and ` +
        'systemd 262). It exposes the cgroup2 tree of the host writable';
    } else if (v1 && refuses) {
      const noUnified = engine.cgroupLayout === 'legacy';
      choice.cannotBoot = {
        reason:
          `systemd ${systemdVersion} refuses the cgroup v1 hierarchy, which Podman's systemd mode gives ` +
          'containers on a cgroup v1 host (measured with Podman 4.3.1 and systemd 262)' +
          (noUnified
            ? ', and this host has no cgroup2 mount (/sys/fs/cgroup/unified) to give it instead'
            : "; the host's cgroup layout was not probed for a cgroup2 hierarchy that would boot it"),
        fix: LEGACY_HOST_FIX.replace('an engine', 'Podman'),
      };
      warnings.push(
        `systemd ${systemdVersion} refuses cgroup v1, and Podman on this cgroup v1 host mounts that hierarchy: ` +
          'the boot is expected to fail.',
      );
    }
    return choice;
  }
  if (privileged) {
    return {
      arrangement: 'privileged',
      reason: 'privileged: the container mounts its own cgroup file system',
      cgroupnsReason: '',
      verified: false,
      warnings,
    };
  }
  if (engine.cgroupVersion === 2) {
    warnings.push(
      'The cgroup v2 arrangement (--cgroupns=host, /sys/fs/cgroup rw) is taken from documentation and was not ' +
        "verified on a cgroup v2 engine by this project. It exposes the host's whole cgroup tree to the " +
        'container writable.',
    );
    if (engine.rootless)
      warnings.push(
        'Rootless Docker on cgroup v2 can only write the cgroups delegated to the user; systemd may fail to ' +
          'create its scopes there.',
      );
    return {
      arrangement: 'v2-host',
      bind: { source: CGROUPFS, target: CGROUPFS, mode: 'rw' },
      reason:
        'cgroup v2: systemd must create init.scope and system.slice below its own cgroup, so the cgroupfs must ' +
        'be writable',
      cgroupnsReason:
        "cgroup v2: with the default private namespace the container's cgroupfs is read-only and systemd fails " +
        'with "Failed to create /init.scope control group: Read-only file system"; the host namespace plus a ' +
        'writable bind lets it create its sub-tree',
      verified: false,
      warnings,
    };
  }
  const hostNs =
    "cgroup v1: with the host namespace systemd stays below the container's own cgroup (/docker/<id>); with a " +
    "private one and the host bind it creates init.scope and system.slice at the host's root";
  if (engine.cgroupLayout === 'hybrid') {
    return {
      arrangement: 'unified-bind',
      bind: { source: UNIFIED_SOURCE, target: CGROUPFS, mode: 'rw' },
      reason:
        `hybrid cgroup v1 host: the host's cgroup2 hierarchy (${UNIFIED_SOURCE}) becomes the container's ` +
        '/sys/fs/cgroup, so systemd runs in unified mode inside its own /docker/<id> cgroup. It boots systemd ' +
        '252, 257 and 262 here; the cgroup v1 tree would make systemd 258 and newer refuse to start ("Detected ' +
        `unsupported legacy cgroup hierarchy, refusing execution"), and it exposes the host's v1 controllers ` +
        '(memory, cpu limits of every container) writable',
      cgroupnsReason: hostNs,
      verified: true,
      warnings,
    };
  }
  const choice: CgroupChoice = {
    arrangement: 'v1-tree',
    bind: { source: CGROUPFS, target: CGROUPFS, mode: 'rw' },
    reason:
      "cgroup v1: systemd needs the host's cgroup hierarchies (name=systemd) to place itself: without the " +
      'bind PID 1 exits 255 with "Failed to create /docker/<id>/init.scope control group: No such file or ' +
      'directory". Writable, with the host cgroup namespace, it boots on v1 and v2 alike; `:ro` protects ' +
      'nothing on v1 (only the top tmpfs is read-only) and fails on v2',
    cgroupnsReason: hostNs,
    verified: true,
    warnings,
  };
  if (engine.cgroupVersion === undefined)
    warnings.push('The engine did not report its cgroup version; the cgroup v1 arrangement was assumed.');
  if (refuses) {
    const noUnified = engine.cgroupLayout === 'legacy';
    choice.cannotBoot = {
      reason:
        `systemd ${systemdVersion} refuses the cgroup v1 hierarchy ("Detected unsupported legacy cgroup ` +
        'hierarchy, refusing ' +
        'execution")' +
        (noUnified ? ', and this host has no cgroup2 mount (/sys/fs/cgroup/unified) to give it instead' : ''),
      fix: LEGACY_HOST_FIX,
    };
    const where = noUnified
      ? 'this host has no cgroup2 hierarchy'
      : "the host's cgroup layout was not probed for a cgroup2 hierarchy";
    warnings.push(
      `systemd ${systemdVersion} refuses cgroup v1 and ${where}: the boot will fail. Fix: ${LEGACY_HOST_FIX}.`,
    );
  } else if (systemdVersion !== undefined && systemdVersion >= SYSTEMD_DEPRECATES_LEGACY) {
    warnings.push(`systemd ${systemdVersion} deprecates cgroup v1 (it boots, but 258 and newer refuse it).`);
  }
  return choice;
}

export function buildRunProfile(engine: EngineFacts, image: ImageFacts, options: RunOptions = {}): RunProfile {
  const omit = new Set(options.omit ?? []);
  const decisions: ProfileDecision[] = [];
  const warnings: string[] = [];
  const podman = engine.engine === 'podman';
  const decide = (d: ProfileDecision): boolean => {
    if (omit.has(d.id as ProfileFlagId)) {
      warnings.push(`Left out on request: ${d.flag} (${d.reason})`);
      return false;
    }
    decisions.push(d);
    return true;
  };

  const spec: ProfileSpec = {
    engine: engine.engine,
    image: image.ref,
    tty: false,
    privileged: false,
    tmpfs: [],
    binds: [],
    env: [],
    labels: {},
    ports: [],
  };
  if (options.name) spec.name = options.name;
  if (options.hostname) spec.hostname = options.hostname;

  if (podman) {
    // Through the compat API (no --systemd field) Podman enters systemd mode when the command is
    // an init or systemd, which the init-cmd decision below guarantees.
    if (
      decide({
        id: 'systemd-mode',
        flag: '--systemd=always',
        reason:
          "Podman's systemd mode mounts tmpfs on /run, /run/lock, /tmp and /var/log/journal, sets up the " +
          'cgroup, container=podman and stop signal 37 (SIGRTMIN+3) itself',
        verified: true,
      })
    ) {
      spec.systemdMode = 'always';
    }
  }

  // A TTY gives systemd a console: without one its boot messages never reach the container log.
  if (
    options.tty !== false &&
    decide({
      id: 'tty',
      flag: '-t',
      reason:
        'systemd writes its boot messages to /dev/console, which exists only with a TTY; without it the log is ' +
        'empty and a failed boot cannot be diagnosed',
      verified: true,
    })
  ) {
    spec.tty = true;
  }

  // systemd mounts /run and /run/lock itself unless they are already mounts; unprivileged it may not.
  const tmpfsReasons: Array<[ProfileFlagId, string, string]> = [
    [
      'tmpfs-run',
      '/run',
      'systemd needs /run to be a tmpfs and cannot mount it unprivileged: without it PID 1 exits 255 with ' +
        '"Failed to mount tmpfs at /run: Operation not permitted"',
    ],
    [
      'tmpfs-run-lock',
      '/run/lock',
      'same for /run/lock: "Failed to mount tmpfs at /run/lock: Operation not permitted", exit 255',
    ],
    [
      'tmpfs-tmp',
      '/tmp',
      'a clean /tmp per boot, as on a host; an image VOLUME /tmp would otherwise become a persistent disk volume',
    ],
  ];
  // Podman's systemd mode mounts them (with better options: nosuid, nodev, tmpcopyup).
  if (!spec.systemdMode) {
    for (const [id, dir, reason] of tmpfsReasons) {
      if (decide({ id, flag: `--tmpfs ${dir}`, reason, verified: true })) spec.tmpfs.push(dir);
    }
  }
  for (const dir of options.extraTmpfs ?? []) {
    if (!spec.tmpfs.includes(dir)) {
      spec.tmpfs.push(dir);
      decisions.push({ id: 'user', flag: `--tmpfs ${dir}`, reason: 'requested', verified: false });
    }
  }

  // The cgroup arrangement depends on the engine and the host's cgroup version.
  if (options.privileged) {
    spec.privileged = true;
    decisions.push({ id: 'privileged', flag: '--privileged', reason: 'requested', verified: false });
    warnings.push(
      "--privileged gives the container every capability and the host's devices (udev and gettys then start " +
        "on the host's hardware). It is not needed for systemd with this profile, and on hosts whose capability " +
        'bounding set lacks CAP_SYS_RESOURCE it cannot start at all ("unable to apply caps: operation not ' +
        'permitted").',
    );
  }
  const cgroup = chooseCgroupArrangement(engine, image.systemd?.version, options.privileged === true);
  warnings.push(...cgroup.warnings);
  if (cgroup.arrangement !== 'podman' && cgroup.arrangement !== 'privileged') {
    const ns =
      engine.supportsCgroupns &&
      decide({ id: 'cgroupns', flag: '--cgroupns=host', reason: cgroup.cgroupnsReason, verified: cgroup.verified });
    if (ns) spec.cgroupns = 'host';
  }
  // The cgroup file system to bind (none when privileged, none for Podman unless its own would be refused).
  const b = cgroup.bind;
  if (
    b &&
    decide({
      id: 'cgroup-mount',
      flag: `-v ${b.source}:${b.target}:${b.mode}`,
      reason: cgroup.reason,
      verified: cgroup.verified,
    })
  ) {
    spec.binds.push({ ...b });
  }

  // Environment: container= tells systemd it runs in a container (Podman sets it itself).
  const userEnv = options.env ?? {};
  if (!podman && !('container' in image.env) && !('container' in userEnv)) {
    if (
      decide({
        id: 'container-env',
        flag: '-e container=docker',
        reason:
          "systemd's container interface; Docker's /.dockerenv already lets systemd 252 detect the container, " +
          'so this matters for engines and tools that look only at the variable',
        verified: true,
      })
    ) {
      spec.env.push(['container', 'docker']);
    }
  }
  for (const [k, v] of Object.entries(userEnv)) spec.env.push([k, v]);

  // Stop signal: SIGTERM makes systemd re-execute instead of shutting down.
  if (!podman || !spec.systemdMode) {
    if (!isRtmin3(image.stopSignal)) {
      const was = image.stopSignal ? `the image says ${image.stopSignal}; ` : '';
      if (
        decide({
          id: 'stop-signal',
          flag: '--stop-signal SIGRTMIN+3',
          reason:
            `${was}systemd halts on SIGRTMIN+3; on SIGTERM it re-executes, so a stop waits for the timeout and ` +
            'ends with SIGKILL (exit 137) without running ExecStop=',
          verified: true,
        })
      ) {
        spec.stopSignal = 'SIGRTMIN+3';
      }
    }
  }

  // The command: systemd must be PID 1, in exec form.
  const probe = image.systemd;
  if (options.command) {
    spec.command = [...options.command];
    if (!isInitCommand(image.entrypoint) && !isInitCommand(options.command))
      warnings.push(`The command ${JSON.stringify(options.command)} does not start systemd; it will not be PID 1.`);
  } else if (isInitCommand(image.entrypoint) || (image.entrypoint.length === 0 && isInitCommand(image.cmd))) {
    // The image already starts systemd.
  } else {
    const fromShell = image.entrypoint.length === 0 ? shellFormInit(image.cmd) : undefined;
    const initPath = fromShell ?? probe?.systemdPath ?? (probe ? undefined : '/lib/systemd/systemd');
    if (probe && !probe.systemdPath) {
      warnings.push(
        `The image has no systemd (looked for ${probe.checked.map((c) => c.path).join(', ')}): install it in ` +
          'the Dockerfile (rule SCT102 init-without-systemd-pkg).',
      );
    } else if (initPath) {
      const why = fromShell
        ? `the image's CMD is shell form (${JSON.stringify(image.cmd)}): /bin/sh stays PID 1 and systemd refuses ` +
          'to run ("Explicit --user argument required to run as user manager.", exit 1); exec form makes systemd ' +
          'PID 1 (rule SCT104 init-via-shell-form)'
        : `the image's command ${JSON.stringify([...image.entrypoint, ...image.cmd])} does not start systemd, so ` +
          'systemd would never be PID 1 (rule SCT101 missing-init-cmd)';
      if (
        decide({
          id: 'init-cmd',
          flag: initPath,
          reason:
            why +
            (probe ? '' : '; the image was not checked for systemd, so the usual Debian/Ubuntu/Fedora path is used'),
          verified: true,
        })
      ) {
        spec.command = [initPath];
      }
      if (image.entrypoint.length)
        warnings.push(
          `The image has ENTRYPOINT ${JSON.stringify(image.entrypoint)}: systemd only becomes PID 1 if it ` +
            'execs its arguments.',
        );
    }
  }
  if (probe && probe.systemdPath === undefined && (isInitCommand(image.cmd) || isInitCommand(image.entrypoint))) {
    // Already warned above when we would have added the command; say it also for an image CMD.
    if (!warnings.some((w) => w.includes('SCT102')))
      warnings.push(
        'The image starts an init but has no systemd: the start fails with "stat …: no such file or directory" ' +
          '(rule SCT102 init-without-systemd-pkg).',
      );
  }

  for (const p of options.publish ?? [])
    spec.ports.push({
      containerPort: p.containerPort,
      protocol: p.protocol ?? 'tcp',
      ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
      ...(p.hostIp ? { hostIp: p.hostIp } : {}),
    });
  for (const v of options.volumes ?? [])
    spec.binds.push({ source: v.source, target: v.target, mode: v.readOnly ? 'ro' : 'rw' });

  // Labels: how managed containers are found again and re-run with the same profile.
  const recorded = {
    v: PROFILE_VERSION,
    flags: decisions.filter((d) => d.id !== 'user').map((d) => d.id),
    cgroup: cgroup.arrangement,
    ...(options.omit?.length ? { omit: options.omit } : {}),
    ...(options.privileged ? { privileged: true } : {}),
    ...(options.extraTmpfs?.length ? { extraTmpfs: options.extraTmpfs } : {}),
    ...(options.command ? { command: options.command } : {}),
    ...(options.keepOnFailure ? { keepOnFailure: true } : {}),
  };
  spec.labels = {
    ...(options.labels ?? {}),
    [LABELS.managed]: 'true',
    [LABELS.profileVersion]: String(PROFILE_VERSION),
    [LABELS.profile]: JSON.stringify(recorded),
    ...(options.source?.dockerfile ? { [LABELS.dockerfile]: options.source.dockerfile } : {}),
    ...(options.source?.context ? { [LABELS.context]: options.source.context } : {}),
  };

  return {
    version: PROFILE_VERSION,
    cgroupVersion: engine.cgroupVersion,
    cgroupArrangement: cgroup.arrangement,
    spec,
    create: toCreateOptions(spec),
    decisions,
    warnings,
    keepOnFailure: options.keepOnFailure === true,
  };
}

/** HostConfig fields newer than the bundled typings. */
type HostConfigX = Docker.HostConfig & { CgroupnsMode?: 'host' | 'private' };

export function toCreateOptions(spec: ProfileSpec): Docker.ContainerCreateOptions {
  const host: HostConfigX = {};
  if (spec.tmpfs.length) host.Tmpfs = Object.fromEntries(spec.tmpfs.map((d) => [d, '']));
  if (spec.binds.length) host.Binds = spec.binds.map((b) => `${b.source}:${b.target}:${b.mode}`);
  if (spec.cgroupns) host.CgroupnsMode = spec.cgroupns;
  if (spec.privileged) host.Privileged = true;
  const opts: Docker.ContainerCreateOptions = {
    Image: spec.image,
    Tty: spec.tty,
    Labels: { ...spec.labels },
    HostConfig: host,
  };
  if (spec.name) opts.name = spec.name;
  if (spec.hostname) opts.Hostname = spec.hostname;
  if (spec.env.length) opts.Env = spec.env.map(([k, v]) => `${k}=${v}`);
  if (spec.stopSignal) opts.StopSignal = spec.stopSignal;
  if (spec.command) opts.Cmd = [...spec.command];
  if (spec.ports.length) {
    opts.ExposedPorts = Object.fromEntries(spec.ports.map((p) => [`${p.containerPort}/${p.protocol}`, {}]));
    host.PortBindings = {};
    for (const p of spec.ports) {
      const key = `${p.containerPort}/${p.protocol}`;
      (host.PortBindings[key] ??= []).push({
        HostPort: p.hostPort !== undefined ? String(p.hostPort) : '',
        ...(p.hostIp ? { HostIp: p.hostIp } : {}),
      });
    }
  }
  return opts;
}

// ------------------------------------------------------------------------------ renderers

/** `docker run` / `podman run` argv (without the program name's path), detached. */
export function runArgv(profile: RunProfile, cli: 'docker' | 'podman' = profile.spec.engine): string[] {
  const s = profile.spec;
  const a: string[] = [cli, 'run', '-d'];
  if (s.name) a.push('--name', s.name);
  if (s.hostname) a.push('--hostname', s.hostname);
  if (s.tty) a.push('-t');
  if (s.privileged) a.push('--privileged');
  if (cli === 'podman' && s.systemdMode) a.push(`--systemd=${s.systemdMode}`);
  for (const d of s.tmpfs) a.push('--tmpfs', d);
  if (s.cgroupns) a.push(`--cgroupns=${s.cgroupns}`);
  for (const b of s.binds) a.push('-v', `${b.source}:${b.target}:${b.mode}`);
  if (s.stopSignal) a.push('--stop-signal', s.stopSignal);
  for (const [k, v] of s.env) a.push('-e', `${k}=${v}`);
  for (const p of s.ports) a.push('-p', portString(p));
  for (const [k, v] of Object.entries(s.labels)) a.push('--label', `${k}=${v}`);
  a.push(s.image);
  if (s.command) a.push(...s.command);
  return a;
}

function portString(p: ProfileSpec['ports'][number]): string {
  const host = p.hostPort !== undefined ? `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort}:` : '';
  return `${host}${p.containerPort}${p.protocol === 'udp' ? '/udp' : ''}`;
}

/** The profile as one POSIX shell command line (every argument quoted as needed). */
export function runCommand(profile: RunProfile, cli: 'docker' | 'podman' = profile.spec.engine): string {
  return shellJoin(runArgv(profile, cli));
}

export const dockerRunCommand = (profile: RunProfile): string => runCommand(profile, 'docker');
export const podmanRunCommand = (profile: RunProfile): string => runCommand(profile, 'podman');

/** A compose file with one service (compose spec keys: tmpfs, cgroup, stop_signal, tty). */
export function composeService(profile: RunProfile, serviceName?: string): string {
  const s = profile.spec;
  const name = serviceName ?? s.name ?? serviceNameFromImage(s.image);
  const svc: Record<string, unknown> = { image: s.image };
  if (s.name) svc.container_name = s.name;
  if (s.hostname) svc.hostname = s.hostname;
  if (s.tty) svc.tty = true;
  if (s.privileged) svc.privileged = true;
  if (s.tmpfs.length) svc.tmpfs = [...s.tmpfs];
  if (s.cgroupns) svc.cgroup = s.cgroupns;
  if (s.binds.length) svc.volumes = s.binds.map((b) => `${b.source}:${b.target}:${b.mode}`);
  // The run leaves out what the image already sets; a compose file travels without the image in
  // view (and may meet another build of it), so it says what systemd needs either way.
  svc.stop_signal = s.stopSignal ?? 'SIGRTMIN+3';
  const env = new Map(s.env);
  if (!env.has('container')) env.set('container', s.engine === 'podman' ? 'podman' : 'docker');
  svc.environment = Object.fromEntries(env);
  if (s.ports.length) svc.ports = s.ports.map(portString);
  if (s.command) svc.command = [...s.command];
  if (Object.keys(s.labels).length) svc.labels = { ...s.labels };
  // Required here, not imported: only a generated compose file needs the YAML writer, not a boot.
  const { Document: YamlDocument } = require('yaml') as typeof import('yaml');
  const doc = new YamlDocument({ services: { [name]: svc } });
  return doc.toString({ lineWidth: 0 });
}

/** A Podman Quadlet `.container` unit running the image in systemd mode. */
export function quadletContainer(profile: RunProfile, description?: string): string {
  const s = profile.spec;
  const lines: string[] = [
    '[Unit]',
    `Description=${oneLine(description ?? `${s.image} with systemd as PID 1`)}`,
    '',
    '[Container]',
    `Image=${oneLine(s.image)}`,
  ];
  if (s.name) lines.push(`ContainerName=${oneLine(s.name)}`);
  if (s.hostname) lines.push(`HostName=${oneLine(s.hostname)}`);
  // Quadlet has no key for systemd mode; PodmanArgs passes it through.
  lines.push('PodmanArgs=--systemd=always');
  if (s.tty) lines.push('PodmanArgs=--tty');
  // Systemd mode already mounts /run, /run/lock and /tmp; only extra ones are listed.
  for (const d of s.tmpfs) if (!['/run', '/run/lock', '/tmp'].includes(d)) lines.push(`Tmpfs=${d}`);
  // Podman mounts the cgroup file system itself in systemd mode.
  for (const b of s.binds) if (b.target !== CGROUPFS) lines.push(`Volume=${b.source}:${b.target}:${b.mode}`);
  for (const [k, v] of s.env) if (k !== 'container') lines.push(`Environment=${systemdQuote(`${k}=${v}`)}`);
  for (const p of s.ports) lines.push(`PublishPort=${portString(p)}`);
  for (const [k, v] of Object.entries(s.labels)) lines.push(`Label=${systemdQuote(`${k}=${v}`)}`);
  if (s.command) lines.push(`Exec=${systemdJoin(s.command)}`);
  lines.push('', '[Install]', 'WantedBy=multi-user.target default.target', '');
  return lines.join('\n');
}

/** A compose service, container or file name for an image: its repository's last part. */
export function serviceNameFromImage(image: string): string {
  const last = image.split('/').pop() ?? image;
  return (
    last
      .replace(/[:@].*$/, '')
      .replace(/[^a-z0-9_-]/gi, '-')
      .toLowerCase() || 'app'
  );
}
