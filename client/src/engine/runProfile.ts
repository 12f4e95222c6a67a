/**
 * The run profile: engine facts + image facts + user options → how to run the image with
 * systemd as PID 1, with a reason for every flag. Pure, so the run command, "copy run command"
 * and the compose/Quadlet generators all share one decision, and tests can check it.
 * What each flag prevents is measured in docs/run-profile.md and docs/verified-behaviour.md.
 */
import type Docker from 'dockerode';
import { Document as YamlDocument } from 'yaml';
import type { EngineFacts } from './facts';
import type { ImageFacts } from './image';
import { oneLine, shellJoin, systemdJoin, systemdQuote } from './quote';
import type { ProfileRunSpec } from '../../../server/src/runspec/types';

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
export type RunSpec = ProfileRunSpec;
export type Bind = ProfileRunSpec['binds'][number];

export interface RunProfile {
  version: number;
  /** The engine's cgroup version the profile was built for (undefined: not reported, v1 assumed). */
  cgroupVersion?: 1 | 2;
  spec: RunSpec;
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

  const spec: RunSpec = {
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
    if (decide({ id: 'systemd-mode', flag: '--systemd=always', reason: "Podman's systemd mode mounts tmpfs on /run, /run/lock, /tmp and /var/log/journal, sets up the cgroup, container=podman and stop signal 37 (SIGRTMIN+3) itself", verified: true })) {
      spec.systemdMode = 'always';
    }
  }

  // A TTY gives systemd a console: without one its boot messages never reach the container log.
  if (options.tty !== false && decide({ id: 'tty', flag: '-t', reason: 'systemd writes its boot messages to /dev/console, which exists only with a TTY; without it the log is empty and a failed boot cannot be diagnosed', verified: true })) {
    spec.tty = true;
  }

  // systemd mounts /run and /run/lock itself unless they are already mounts; unprivileged it may not.
  const tmpfsReasons: Array<[ProfileFlagId, string, string]> = [
    ['tmpfs-run', '/run', 'systemd needs /run to be a tmpfs and cannot mount it unprivileged: without it PID 1 exits 255 with "Failed to mount tmpfs at /run: Operation not permitted"'],
    ['tmpfs-run-lock', '/run/lock', 'same for /run/lock: "Failed to mount tmpfs at /run/lock: Operation not permitted", exit 255'],
    ['tmpfs-tmp', '/tmp', 'a clean /tmp per boot, as on a host; an image VOLUME /tmp would otherwise become a persistent disk volume'],
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
    warnings.push('--privileged gives the container every capability and the host\'s devices (udev and gettys then start on the host\'s hardware). It is not needed for systemd with this profile, and on hosts whose capability bounding set lacks CAP_SYS_RESOURCE it cannot start at all ("unable to apply caps: operation not permitted").');
  }
  if (!podman && !options.privileged) {
    if (engine.cgroupVersion === 2) {
      const ns = engine.supportsCgroupns && decide({ id: 'cgroupns', flag: '--cgroupns=host', reason: "cgroup v2: with the default private namespace the container's cgroupfs is read-only and systemd fails with \"Failed to create /init.scope control group: Read-only file system\"; the host namespace plus a writable bind lets it create its sub-tree", verified: false });
      if (ns) spec.cgroupns = 'host';
      if (decide({ id: 'cgroup-mount', flag: '-v /sys/fs/cgroup:/sys/fs/cgroup:rw', reason: 'cgroup v2: systemd must create init.scope and system.slice below its own cgroup, so the cgroupfs must be writable', verified: false })) {
        spec.binds.push({ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'rw' });
      }
      warnings.push('The cgroup v2 arrangement (--cgroupns=host, /sys/fs/cgroup rw) is taken from documentation and was not verified on a cgroup v2 engine by this project. It exposes the host\'s whole cgroup tree to the container writable.');
      if (engine.rootless) warnings.push('Rootless Docker on cgroup v2 can only write the cgroups delegated to the user; systemd may fail to create its scopes there.');
    } else {
      if (engine.supportsCgroupns && decide({ id: 'cgroupns', flag: '--cgroupns=host', reason: 'cgroup v1: with a private cgroup namespace and the host bind, systemd creates init.scope and system.slice in the host\'s root hierarchy; with the host namespace it stays below /docker/<id>', verified: true })) {
        spec.cgroupns = 'host';
      }
      // Read-write as on cgroup v2: `:ro` would only make the top tmpfs read-only (the hierarchies
      // below stay writable), and a compose file or Quadlet generated from this profile then
      // also works on a cgroup v2 host (rule SCT204 compose-cgroup-ro-mount).
      if (decide({ id: 'cgroup-mount', flag: '-v /sys/fs/cgroup:/sys/fs/cgroup:rw', reason: 'cgroup v1: systemd needs the host\'s cgroup hierarchies (name=systemd) to place itself: without the bind PID 1 exits 255 with "Failed to create /docker/<id>/init.scope control group: No such file or directory". Writable, with the host cgroup namespace, it boots on v1 and v2 alike; `:ro` protects nothing on v1 (only the top tmpfs is read-only) and fails on v2', verified: true })) {
        spec.binds.push({ source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', mode: 'rw' });
      }
      if (engine.cgroupVersion === undefined) warnings.push('The engine did not report its cgroup version; the cgroup v1 arrangement was assumed.');
    }
  }

  // Environment: container= tells systemd it runs in a container (Podman sets it itself).
  const userEnv = options.env ?? {};
  if (!podman && !('container' in image.env) && !('container' in userEnv)) {
    if (decide({ id: 'container-env', flag: '-e container=docker', reason: "systemd's container interface; Docker's /.dockerenv already lets systemd 252 detect the container, so this matters for engines and tools that look only at the variable", verified: true })) {
      spec.env.push(['container', 'docker']);
    }
  }
  for (const [k, v] of Object.entries(userEnv)) spec.env.push([k, v]);

  // Stop signal: SIGTERM makes systemd re-execute instead of shutting down.
  if (!podman || !spec.systemdMode) {
    if (!isRtmin3(image.stopSignal)) {
      const was = image.stopSignal ? `the image says ${image.stopSignal}; ` : '';
      if (decide({ id: 'stop-signal', flag: '--stop-signal SIGRTMIN+3', reason: `${was}systemd halts on SIGRTMIN+3; on SIGTERM it re-executes, so a stop waits for the timeout and ends with SIGKILL (exit 137) without running ExecStop=`, verified: true })) {
        spec.stopSignal = 'SIGRTMIN+3';
      }
    }
  }

  // The command: systemd must be PID 1, in exec form.
  const probe = image.systemd;
  if (options.command) {
    spec.command = [...options.command];
    if (!isInitCommand(image.entrypoint) && !isInitCommand(options.command)) warnings.push(`The command ${JSON.stringify(options.command)} does not start systemd; it will not be PID 1.`);
  } else if (isInitCommand(image.entrypoint) || (image.entrypoint.length === 0 && isInitCommand(image.cmd))) {
    // The image already starts systemd.
  } else {
    const fromShell = image.entrypoint.length === 0 ? shellFormInit(image.cmd) : undefined;
    const initPath = fromShell ?? probe?.systemdPath ?? (probe ? undefined : '/lib/systemd/systemd');
    if (probe && !probe.systemdPath) {
      warnings.push(`The image has no systemd (looked for ${probe.checked.map((c) => c.path).join(', ')}): install it in the Dockerfile (rule SCT102 init-without-systemd-pkg).`);
    } else if (initPath) {
      const why = fromShell
        ? `the image's CMD is shell form (${JSON.stringify(image.cmd)}): /bin/sh stays PID 1 and systemd refuses to run ("Explicit --user argument required to run as user manager.", exit 1); exec form makes systemd PID 1 (rule SCT104 init-via-shell-form)`
        : `the image's command ${JSON.stringify([...image.entrypoint, ...image.cmd])} does not start systemd, so systemd would never be PID 1 (rule SCT101 missing-init-cmd)`;
      if (decide({ id: 'init-cmd', flag: initPath, reason: why + (probe ? '' : '; the image was not checked for systemd, so the usual Debian/Ubuntu/Fedora path is used'), verified: true })) {
        spec.command = [initPath];
      }
      if (image.entrypoint.length) warnings.push(`The image has ENTRYPOINT ${JSON.stringify(image.entrypoint)}: systemd only becomes PID 1 if it execs its arguments.`);
    }
  }
  if (probe && probe.systemdPath === undefined && (isInitCommand(image.cmd) || isInitCommand(image.entrypoint))) {
    // Already warned above when we would have added the command; say it also for an image CMD.
    if (!warnings.some((w) => w.includes('SCT102'))) warnings.push('The image starts an init but has no systemd: the start fails with "stat …: no such file or directory" (rule SCT102 init-without-systemd-pkg).');
  }

  for (const p of options.publish ?? []) spec.ports.push({ containerPort: p.containerPort, protocol: p.protocol ?? 'tcp', ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}), ...(p.hostIp ? { hostIp: p.hostIp } : {}) });
  for (const v of options.volumes ?? []) spec.binds.push({ source: v.source, target: v.target, mode: v.readOnly ? 'ro' : 'rw' });

  // Labels: how managed containers are found again and re-run with the same profile.
  const recorded = {
    v: PROFILE_VERSION,
    flags: decisions.filter((d) => d.id !== 'user').map((d) => d.id),
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

  return { version: PROFILE_VERSION, cgroupVersion: engine.cgroupVersion, spec, create: toCreateOptions(spec), decisions, warnings, keepOnFailure: options.keepOnFailure === true };
}

/** HostConfig fields newer than the bundled typings. */
type HostConfigX = Docker.HostConfig & { CgroupnsMode?: 'host' | 'private' };

export function toCreateOptions(spec: RunSpec): Docker.ContainerCreateOptions {
  const host: HostConfigX = {};
  if (spec.tmpfs.length) host.Tmpfs = Object.fromEntries(spec.tmpfs.map((d) => [d, '']));
  if (spec.binds.length) host.Binds = spec.binds.map((b) => `${b.source}:${b.target}:${b.mode}`);
  if (spec.cgroupns) host.CgroupnsMode = spec.cgroupns;
  if (spec.privileged) host.Privileged = true;
  const opts: Docker.ContainerCreateOptions = { Image: spec.image, Tty: spec.tty, Labels: { ...spec.labels }, HostConfig: host };
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
      (host.PortBindings[key] ??= []).push({ HostPort: p.hostPort !== undefined ? String(p.hostPort) : '', ...(p.hostIp ? { HostIp: p.hostIp } : {}) });
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

function portString(p: RunSpec['ports'][number]): string {
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
  if (s.stopSignal) svc.stop_signal = s.stopSignal;
  if (s.env.length) svc.environment = Object.fromEntries(s.env);
  if (s.ports.length) svc.ports = s.ports.map(portString);
  if (s.command) svc.command = [...s.command];
  if (Object.keys(s.labels).length) svc.labels = { ...s.labels };
  const doc = new YamlDocument({ services: { [name]: svc } });
  return doc.toString({ lineWidth: 0 });
}

/** A Podman Quadlet `.container` unit running the image in systemd mode. */
export function quadletContainer(profile: RunProfile, description?: string): string {
  const s = profile.spec;
  const lines: string[] = ['[Unit]', `Description=${oneLine(description ?? `${s.image} with systemd as PID 1`)}`, '', '[Container]', `Image=${oneLine(s.image)}`];
  if (s.name) lines.push(`ContainerName=${oneLine(s.name)}`);
  if (s.hostname) lines.push(`HostName=${oneLine(s.hostname)}`);
  // Quadlet has no key for systemd mode; PodmanArgs passes it through.
  lines.push('PodmanArgs=--systemd=always');
  if (s.tty) lines.push('PodmanArgs=--tty');
  // Systemd mode already mounts /run, /run/lock and /tmp; only extra ones are listed.
  for (const d of s.tmpfs) if (!['/run', '/run/lock', '/tmp'].includes(d)) lines.push(`Tmpfs=${d}`);
  for (const b of s.binds) if (b.source !== '/sys/fs/cgroup') lines.push(`Volume=${b.source}:${b.target}:${b.mode}`);
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
  return last.replace(/[:@].*$/, '').replace(/[^a-z0-9_-]/gi, '-').toLowerCase() || 'app';
}
