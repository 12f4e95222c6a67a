/**
 * "Re-run with the missing flags": a container that died at boot is compared with the run
 * profile for its image on this engine. The diagnosis names the profile flag that prevents each
 * failure (DiagnosisFinding.flag); the flags the profile would set but the container's actual
 * HostConfig/Config lacks are the missing ones. `rerunOptions` turns the dead container back into
 * run options (its own env, labels, volumes, ports, init command; the profile's recorded choices
 * for a managed one) so the new container differs only by what the profile adds. Pure.
 */
import type { Diagnosis, DiagnosisFinding } from './diagnosis';
import { parseEnvList, type ImageFacts } from './image';
import {
  LABELS,
  isInitCommand,
  isRtmin3,
  type ProfileDecision,
  type ProfileFlagId,
  type RunOptions,
  type RunProfile,
} from './runProfile';

/** The parts of `docker inspect <container>` read here. */
export interface ContainerInspectLike {
  Id?: string;
  Name?: string;
  Path?: string;
  Args?: string[] | null;
  Config?: {
    Image?: string;
    Tty?: boolean;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
    Hostname?: string;
  } | null;
  HostConfig?: {
    Tmpfs?: Record<string, string> | null;
    Binds?: string[] | null;
    Mounts?: Array<{ Type?: string; Target?: string; Source?: string; ReadOnly?: boolean }> | null;
    CgroupnsMode?: string;
    Privileged?: boolean;
    PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
  } | null;
}

export const PROFILE_FLAG_IDS: readonly ProfileFlagId[] = [
  'tmpfs-run',
  'tmpfs-run-lock',
  'tmpfs-tmp',
  'cgroup-mount',
  'cgroupns',
  'stop-signal',
  'container-env',
  'init-cmd',
  'tty',
  'systemd-mode',
];

/** Each flag as the docker CLI would spell it, for messages. */
export const PROFILE_FLAG_TEXT: Record<ProfileFlagId, string> = {
  'tmpfs-run': '--tmpfs /run',
  'tmpfs-run-lock': '--tmpfs /run/lock',
  'tmpfs-tmp': '--tmpfs /tmp',
  'cgroup-mount': 'a cgroup file system bind on /sys/fs/cgroup',
  cgroupns: '--cgroupns=host',
  'stop-signal': '--stop-signal SIGRTMIN+3',
  'container-env': '-e container=docker',
  'init-cmd': 'the init command',
  tty: '-t',
  'systemd-mode': '--systemd=always',
};

export function isProfileFlagId(s: unknown): s is ProfileFlagId {
  return typeof s === 'string' && (PROFILE_FLAG_IDS as readonly string[]).includes(s);
}

const PROFILE_TMPFS: Record<string, ProfileFlagId> = {
  '/run': 'tmpfs-run',
  '/run/lock': 'tmpfs-run-lock',
  '/tmp': 'tmpfs-tmp',
};

interface Bind {
  source: string;
  target: string;
  readOnly: boolean;
}

function isCgroupfsTarget(target: string): boolean {
  return target === '/sys/fs/cgroup' || target === '/sys/fs/cgroup/';
}

/** `src:dst[:opts]` (HostConfig.Binds) and `--mount type=bind` (HostConfig.Mounts). */
function binds(c: ContainerInspectLike): Bind[] {
  const out: Bind[] = [];
  for (const b of c.HostConfig?.Binds ?? []) {
    const parts = b.split(':');
    if (parts.length < 2) continue;
    const opts = parts.length > 2 ? parts[2].split(',') : [];
    out.push({ source: parts[0], target: parts[1], readOnly: opts.includes('ro') });
  }
  for (const m of c.HostConfig?.Mounts ?? []) {
    if ((m.Type === 'bind' || m.Type === 'volume') && m.Target)
      out.push({ source: m.Source ?? '', target: m.Target, readOnly: m.ReadOnly === true });
  }
  return out;
}

function tmpfsTargets(c: ContainerInspectLike): Set<string> {
  const t = new Set(Object.keys(c.HostConfig?.Tmpfs ?? {}));
  for (const m of c.HostConfig?.Mounts ?? []) if (m.Type === 'tmpfs' && m.Target) t.add(m.Target);
  return t;
}

/**
 * The profile's flags the container has. `profile` tells the engine's cgroup version: on cgroup v2
 * a read-only /sys/fs/cgroup bind does not count (systemd cannot create its cgroups); on v1 it
 * boots, so it counts although the profile binds it read-write.
 */
export function presentFlags(c: ContainerInspectLike, profile?: RunProfile): Set<ProfileFlagId> {
  const have = new Set<ProfileFlagId>();
  const tmpfs = tmpfsTargets(c);
  for (const [dir, id] of Object.entries(PROFILE_TMPFS)) if (tmpfs.has(dir)) have.add(id);
  const readOnlyFails = profile?.cgroupVersion === 2;
  const cg = binds(c).find((b) => isCgroupfsTarget(b.target));
  // A cgroup bind of another hierarchy than the profile's (the v1 tree where the profile binds
  // the host's cgroup2 one) is not the flag: systemd ≥ 258 refuses the v1 tree.
  const profileSource = profile?.spec.binds.find((b) => isCgroupfsTarget(b.target))?.source;
  const sameSource = !profileSource || !cg || cg.source.replace(/\/+$/, '') === profileSource;
  if (cg && sameSource && (!readOnlyFails || !cg.readOnly)) have.add('cgroup-mount');
  if (c.HostConfig?.CgroupnsMode === 'host') have.add('cgroupns');
  if (isRtmin3(c.Config?.StopSignal)) have.add('stop-signal');
  if (parseEnvList(c.Config?.Env).has('container')) have.add('container-env');
  if (c.Path && isInitCommand([c.Path])) have.add('init-cmd');
  if (c.Config?.Tty === true) have.add('tty');
  // Podman's systemd mode cannot be read back through the compat API; never reported missing.
  have.add('systemd-mode');
  return have;
}

export interface MissingFlag {
  flag: ProfileFlagId;
  /** How the profile adds it (`--tmpfs /run`) and why. */
  decision: ProfileDecision;
  /** The diagnosis finding that names it. */
  finding: DiagnosisFinding;
}

/**
 * Flags the diagnosis names as the fix, that the run profile for this image on this engine sets
 * (`profile`: built without `omit`), and that the container does not have. In finding order,
 * each flag once. A finding about `--privileged` names no missing flag (leaving it out is the fix).
 */
export function missingFlags(
  diagnosis: Pick<Diagnosis, 'findings'>,
  container: ContainerInspectLike,
  profile: RunProfile,
): MissingFlag[] {
  const have = presentFlags(container, profile);
  const out: MissingFlag[] = [];
  for (const finding of diagnosis.findings) {
    const flag = finding.flag;
    if (!flag || flag === 'privileged' || have.has(flag) || out.some((m) => m.flag === flag)) continue;
    const decision = profile.decisions.find((d) => d.id === flag);
    if (decision) out.push({ flag, decision, finding });
  }
  return out;
}

/** For a failed "Run with systemd" that left flags out on request: the left-out flags its diagnosis names. */
export function omittedFlagsNamed(
  diagnosis: Pick<Diagnosis, 'findings'>,
  omit: readonly ProfileFlagId[] | undefined,
): ProfileFlagId[] {
  const out: ProfileFlagId[] = [];
  for (const f of diagnosis.findings) {
    if (f.flag && f.flag !== 'privileged' && omit?.includes(f.flag) && !out.includes(f.flag)) out.push(f.flag);
  }
  return out;
}

/** What Run with systemd recorded in the `sct.profile` label. */
export interface RecordedProfile {
  v?: number;
  flags?: string[];
  omit?: ProfileFlagId[];
  privileged?: boolean;
  extraTmpfs?: string[];
  command?: string[];
  keepOnFailure?: boolean;
}

export function recordedProfile(labels: Record<string, string> | null | undefined): RecordedProfile | undefined {
  const raw = labels?.[LABELS.profile];
  if (!raw) return undefined;
  try {
    const r = JSON.parse(raw) as RecordedProfile;
    return r && typeof r === 'object' ? r : undefined;
  } catch {
    return undefined;
  }
}

const OWN_LABELS = new Set<string>(Object.values(LABELS));

/**
 * Run options that recreate `container` from its image with the run profile: the container's own
 * additions to the image (environment, labels, binds other than the cgroupfs, extra tmpfs, ports,
 * hostname, an init command of its own, --privileged) are kept. A managed container keeps what
 * it recorded, with `missing` taken out of its `omit`; any other container gets the whole profile.
 */
export function rerunOptions(
  container: ContainerInspectLike,
  image: ImageFacts,
  missing: readonly ProfileFlagId[],
): RunOptions {
  const cfg = container.Config ?? {};
  const host = container.HostConfig ?? {};
  const labelsIn = cfg.Labels ?? {};
  const recorded = labelsIn[LABELS.managed] === 'true' ? recordedProfile(labelsIn) : undefined;
  const options: RunOptions = {};

  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(labelsIn)) {
    if (OWN_LABELS.has(k) || image.labels[k] === v) continue;
    labels[k] = v;
  }
  if (Object.keys(labels).length) options.labels = labels;
  const dockerfile = labelsIn[LABELS.dockerfile];
  const context = labelsIn[LABELS.context];
  if (dockerfile || context)
    options.source = { ...(dockerfile ? { dockerfile } : {}), ...(context ? { context } : {}) };

  const env: Record<string, string> = {};
  for (const [k, v] of parseEnvList(cfg.Env)) {
    if (image.env[k] === v) continue;
    // What the profile adds itself; kept as the user's it would suppress that decision.
    if (k === 'container' && v === 'docker') continue;
    env[k] = v;
  }
  if (Object.keys(env).length) options.env = env;

  const volumes = binds(container)
    .filter((b) => !isCgroupfsTarget(b.target) && b.source)
    .map((b) => ({ source: b.source, target: b.target, ...(b.readOnly ? { readOnly: true } : {}) }));
  if (volumes.length) options.volumes = volumes;
  const extraTmpfs = [...tmpfsTargets(container)].filter((d) => !(d in PROFILE_TMPFS));
  if (extraTmpfs.length) options.extraTmpfs = extraTmpfs;

  const publish: NonNullable<RunOptions['publish']> = [];
  for (const [key, list] of Object.entries(host.PortBindings ?? {})) {
    const m = /^(\d+)(?:\/(tcp|udp))?$/.exec(key);
    if (!m) continue;
    for (const b of list ?? [{}]) {
      publish.push({
        containerPort: Number(m[1]),
        protocol: (m[2] as 'tcp' | 'udp' | undefined) ?? 'tcp',
        ...(b.HostPort ? { hostPort: Number(b.HostPort) } : {}),
        ...(b.HostIp ? { hostIp: b.HostIp } : {}),
      });
    }
  }
  if (publish.length) options.publish = publish;

  // Docker sets the hostname to the short id unless one was given.
  if (cfg.Hostname && container.Id && !container.Id.startsWith(cfg.Hostname)) options.hostname = cfg.Hostname;
  if (host.Privileged || recorded?.privileged) options.privileged = true;

  if (recorded?.command) {
    options.command = [...recorded.command];
  } else if (!image.entrypoint.length && container.Path) {
    const argv = [container.Path, ...(container.Args ?? [])];
    // The container's own init (e.g. /sbin/init where the profile would pick /lib/systemd/systemd).
    const profileInit = image.systemd ? image.systemd.systemdPath : '/lib/systemd/systemd';
    const same = JSON.stringify(argv) === JSON.stringify(image.cmd) || (argv.length === 1 && argv[0] === profileInit);
    if (isInitCommand(argv) && !same) options.command = argv;
  }

  if (recorded) {
    const omit = (recorded.omit ?? []).filter((f) => !missing.includes(f));
    if (omit.length) options.omit = omit;
    if (recorded.extraTmpfs?.length)
      options.extraTmpfs = [...new Set([...(options.extraTmpfs ?? []), ...recorded.extraTmpfs])];
    if (recorded.keepOnFailure) options.keepOnFailure = true;
    // `tty: false` was asked for when the profile neither set -t nor was told to leave it out.
    if (
      recorded.flags &&
      !recorded.flags.includes('tty') &&
      !(recorded.omit ?? []).includes('tty') &&
      !missing.includes('tty')
    )
      options.tty = false;
  }
  return options;
}

/** `<name>-rerun`, or `-rerun-2`, `-rerun-3`… when taken. */
export function rerunName(name: string, taken: ReadonlySet<string>): string {
  const base = `${name.replace(/^\//, '')}-rerun`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
