/**
 * One typed model of "how a container is started", whatever wrote it: a `docker`/`podman`
 * `run`/`create` command line (in a unit's Exec line), a compose service, or a devcontainer.json.
 * Every value keeps the document range it came from, so rules can point at it and fixes can edit
 * next to it. `profileView` reduces a spec to the shape of the engine's run profile
 * (shared/engine/runProfile.ts `RunSpec`) so "what we would run" and "what you wrote" compare
 * field by field (`compareWithProfile`).
 */
import type { Range } from './positions';

/** A value and where it was written. `dynamic`: it depends on a variable we could not resolve. */
export interface Located<T> {
  value: T;
  range: Range;
  dynamic?: boolean;
}

export type MountKind = 'bind' | 'volume' | 'tmpfs' | 'other';

export interface MountSpec {
  kind: MountKind;
  /** Host path (bind) or volume name (volume); undefined for tmpfs and anonymous volumes. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** The access mode as written (`ro`/`rw`), or undefined when the default (rw) applies. */
  mode?: 'ro' | 'rw';
  /** Other options (`exec`, `size=64m`, `z`, `rshared` …). */
  options: string[];
  range: Range;
  /**
   * How it was written: `--tmpfs`, `--mount`, `-v`, compose `tmpfs:`, a compose volume in short or long syntax, a
   * devcontainer mount.
   */
  via:
    | 'tmpfs-flag'
    | 'mount-flag'
    | 'volume-flag'
    | 'compose-tmpfs'
    | 'compose-volume-short'
    | 'compose-volume-long'
    | 'devcontainer-mount';
  dynamic?: boolean;
}

export interface EnvSpec {
  name: string;
  /** Undefined: passed through from the caller's environment (`-e NAME`, compose `NAME` without `=`). */
  value?: string;
  range: Range;
  dynamic?: boolean;
}

export type SpecOrigin = 'docker' | 'podman' | 'compose' | 'devcontainer';

export interface BuildSpec {
  /** Build context as written (relative to the compose file / devcontainer.json folder). */
  context: string;
  /** Dockerfile path as written (relative to the context), default `Dockerfile`. */
  dockerfile: string;
  target?: string;
  /** `dockerfile_inline` (compose): the Dockerfile's text itself. */
  inline?: string;
  range: Range;
}

export interface RunSpec {
  origin: SpecOrigin;
  /** The engine the command names; compose and devcontainers leave it to the user (`unknown`). */
  engine: 'docker' | 'podman' | 'unknown';
  image?: Located<string>;
  build?: BuildSpec;
  /** Arguments after the image (or compose `command`). */
  command?: Located<string[]>;
  entrypoint?: Located<string[]>;
  env: EnvSpec[];
  envFiles: Located<string>[];
  /** Every mount: tmpfs (`--tmpfs`, `--mount type=tmpfs`, compose `tmpfs`), binds and volumes. */
  mounts: MountSpec[];
  cgroupns?: Located<string>;
  privileged?: Located<boolean>;
  capAdd: Located<string>[];
  capDrop: Located<string>[];
  securityOpt: Located<string>[];
  stopSignal?: Located<string>;
  restart?: Located<string>;
  tty?: Located<boolean>;
  interactive?: Located<boolean>;
  detach?: Located<boolean>;
  /** `--rm` */
  remove?: Located<boolean>;
  name?: Located<string>;
  hostname?: Located<string>;
  /** `--network`/`--net`, compose `network_mode`. */
  network?: Located<string>;
  /** Podman `--systemd=true|false|always`. */
  systemd?: Located<string>;
  /** Podman `--sdnotify=container|conmon|healthy|ignore`. */
  sdnotify?: Located<string>;
  /** Podman `--replace`. */
  replace?: Located<boolean>;
  /** `--init` (tini/catatonit as PID 1, before the command). */
  init?: Located<boolean>;
  ports: Located<string>[];
  /**
   * Something could hide options we cannot see: an unresolved `$OPTS` word in a command line,
   * compose `extends` from another file, a devcontainer `dockerComposeFile`. Rules that report
   * an absence stay silent then.
   */
  incomplete: boolean;
  /** Where the whole spec is written (the command line, the service's key, the JSON object). */
  range: Range;
}

export function emptySpec(origin: SpecOrigin, engine: RunSpec['engine'], range: Range): RunSpec {
  return {
    origin,
    engine,
    env: [],
    envFiles: [],
    mounts: [],
    capAdd: [],
    capDrop: [],
    securityOpt: [],
    ports: [],
    incomplete: false,
    range,
  };
}

/** The shape of the engine's run profile spec (shared/engine/runProfile.ts `RunSpec`). */
export interface ProfileRunSpec {
  engine: 'docker' | 'podman';
  image: string;
  name?: string;
  hostname?: string;
  tty: boolean;
  privileged: boolean;
  tmpfs: string[];
  binds: Array<{ source: string; target: string; mode: 'ro' | 'rw' }>;
  cgroupns?: 'host' | 'private';
  systemdMode?: 'always';
  env: Array<[string, string]>;
  stopSignal?: string;
  command?: string[];
  labels: Record<string, string>;
  ports: Array<{ containerPort: number; hostPort?: number; protocol: 'tcp' | 'udp'; hostIp?: string }>;
}

/** A written spec reduced to the profile's fields (labels and unparseable ports are left out). */
export function profileView(spec: RunSpec): ProfileRunSpec {
  const view: ProfileRunSpec = {
    engine: spec.engine === 'podman' ? 'podman' : 'docker',
    image: spec.image?.value ?? '',
    tty: spec.tty?.value ?? false,
    privileged: spec.privileged?.value ?? false,
    tmpfs: spec.mounts.filter((m) => m.kind === 'tmpfs').map((m) => m.target),
    binds: spec.mounts
      .filter((m) => m.kind === 'bind' && m.source !== undefined)
      .map((m) => ({ source: m.source!, target: m.target, mode: m.readOnly ? 'ro' : 'rw' })),
    env: spec.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!] as [string, string]),
    labels: {},
    ports: spec.ports.map((p) => parsePort(p.value)).filter((p): p is NonNullable<typeof p> => !!p),
  };
  if (spec.name) view.name = spec.name.value;
  if (spec.hostname) view.hostname = spec.hostname.value;
  if (spec.cgroupns && (spec.cgroupns.value === 'host' || spec.cgroupns.value === 'private'))
    view.cgroupns = spec.cgroupns.value;
  if (spec.systemd?.value === 'always') view.systemdMode = 'always';
  if (spec.stopSignal) view.stopSignal = spec.stopSignal.value;
  if (spec.command) view.command = [...spec.command.value];
  return view;
}

function parsePort(text: string): ProfileRunSpec['ports'][number] | undefined {
  const m = /^(?:(?:(\[[^\]]+\]|[\d.]+):)?(\d+)?:)?(\d+)(?:\/(tcp|udp))?$/.exec(text.trim());
  if (!m) return undefined;
  const port: ProfileRunSpec['ports'][number] = {
    containerPort: Number(m[3]),
    protocol: (m[4] as 'tcp' | 'udp' | undefined) ?? 'tcp',
  };
  if (m[2]) port.hostPort = Number(m[2]);
  if (m[1]) port.hostIp = m[1];
  return port;
}

export interface FieldDifference {
  field: keyof ProfileRunSpec;
  profile: unknown;
  written: unknown;
}

/** Fields where the written spec differs from the profile (labels are not compared). */
export function compareWithProfile(profile: ProfileRunSpec, written: RunSpec): FieldDifference[] {
  const view = profileView(written);
  const out: FieldDifference[] = [];
  const fields: (keyof ProfileRunSpec)[] = [
    'engine',
    'image',
    'name',
    'hostname',
    'tty',
    'privileged',
    'tmpfs',
    'binds',
    'cgroupns',
    'systemdMode',
    'env',
    'stopSignal',
    'command',
    'ports',
  ];
  const unordered = new Set<keyof ProfileRunSpec>(['tmpfs', 'binds', 'env', 'ports']);
  for (const field of fields) {
    const a = normalise(profile[field], unordered.has(field));
    const b = normalise(view[field], unordered.has(field));
    if (a !== b) out.push({ field, profile: profile[field], written: view[field] });
  }
  return out;
}

function normalise(value: unknown, unordered: boolean): string {
  if (Array.isArray(value) && unordered) return JSON.stringify(value.map((v) => JSON.stringify(v)).sort());
  return JSON.stringify(value ?? null);
}
