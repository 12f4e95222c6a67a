/**
 * What kind of engine we talk to, from its own /version and /info: the run profile depends on
 * it (Docker or Podman, cgroup v1 or v2, rootless). `factsFromApi` is pure over the two JSON
 * answers so it can be tested with payloads captured from real engines.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { toEngineError } from './errors';

export interface EngineFacts {
  engine: 'docker' | 'podman';
  /** Server version, e.g. `20.10.24+dfsg1`, `4.3.1`. */
  version: string;
  apiVersion: string;
  minApiVersion?: string;
  /** `Debian GNU/Linux 12 (bookworm)`. */
  operatingSystem?: string;
  osType: string;
  /** Go-style architecture of the engine (`amd64`, `arm64`). */
  arch: string;
  kernelVersion?: string;
  cgroupVersion?: 1 | 2;
  cgroupDriver?: string;
  /** The cgroup namespace Docker gives containers by default (host on v1, private on v2). */
  defaultCgroupns?: 'host' | 'private';
  rootless: boolean;
  selinux: boolean;
  apparmor: boolean;
  seccomp: boolean;
  /** Raw `SecurityOptions` (`name=seccomp,profile=default`, `name=rootless`, ...). */
  securityOptions: string[];
  /** The API accepts HostConfig.CgroupnsMode (Docker API ≥ 1.41). */
  supportsCgroupns: boolean;
  /**
   * How the host mounts cgroups, which the API does not say (it reports v1 for hybrid hosts):
   * `unified` (cgroup v2 only), `hybrid` (v1 controllers plus a cgroup2 mount at
   * /sys/fs/cgroup/unified), `legacy` (v1 only). Set by hostCgroup.ts; undefined until probed.
   */
  cgroupLayout?: CgroupLayout;
}

export type CgroupLayout = 'unified' | 'hybrid' | 'legacy';

interface VersionJson {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  Platform?: { Name?: string };
  Components?: Array<{ Name?: string; Version?: string; Details?: Record<string, string> }>;
}

interface InfoJson {
  ServerVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  KernelVersion?: string;
  CgroupVersion?: string;
  CgroupDriver?: string;
  SecurityOptions?: string[];
}

export function factsFromApi(version: unknown, info: unknown): EngineFacts {
  const v = (version ?? {}) as VersionJson;
  const i = (info ?? {}) as InfoJson;
  const components = v.Components ?? [];
  // Podman names its component "Podman Engine"; Docker's is "Engine" (Platform.Name may be empty).
  const isPodman = components.some((c) => /podman/i.test(c.Name ?? '')) || /podman/i.test(v.Platform?.Name ?? '');
  const securityOptions = i.SecurityOptions ?? [];
  const secNames = securityOptions.map((s) => /(?:^|,)name=([^,]+)/.exec(s)?.[1] ?? s);
  const cgroupVersion = i.CgroupVersion === '2' ? 2 : i.CgroupVersion === '1' ? 1 : undefined;
  const apiVersion = v.ApiVersion ?? '';
  const facts: EngineFacts = {
    engine: isPodman ? 'podman' : 'docker',
    version: v.Version ?? i.ServerVersion ?? '',
    apiVersion,
    osType: i.OSType ?? v.Os ?? 'linux',
    arch: v.Arch ?? goArch(i.Architecture),
    rootless: secNames.includes('rootless'),
    selinux: secNames.includes('selinux'),
    apparmor: secNames.includes('apparmor'),
    seccomp: secNames.includes('seccomp'),
    securityOptions,
    supportsCgroupns: !isPodman && compareApi(apiVersion, '1.41') >= 0,
  };
  if (v.MinAPIVersion) facts.minApiVersion = v.MinAPIVersion;
  if (i.OperatingSystem) facts.operatingSystem = i.OperatingSystem;
  const kernel = i.KernelVersion ?? v.KernelVersion;
  if (kernel) facts.kernelVersion = kernel;
  if (cgroupVersion) {
    facts.cgroupVersion = cgroupVersion;
    // Docker ≥ 20.10: private cgroupns on v2, host on v1 (daemon default-cgroupns-mode may differ).
    if (!isPodman) facts.defaultCgroupns = cgroupVersion === 2 ? 'private' : 'host';
  }
  if (i.CgroupDriver) facts.cgroupDriver = i.CgroupDriver;
  return facts;
}

/** `x86_64` → `amd64`, `aarch64` → `arm64` (the /info field is uname, /version is Go). */
function goArch(uname: string | undefined): string {
  switch (uname) {
    case 'x86_64':
      return 'amd64';
    case 'aarch64':
      return 'arm64';
    default:
      return uname ?? '';
  }
}

export function compareApi(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const d = (pa[k] || 0) - (pb[k] || 0);
    if (d) return d;
  }
  return 0;
}

export async function fetchFacts(
  docker: Docker,
  options: { endpoint?: Endpoint; signal?: AbortSignal } = {},
): Promise<EngineFacts> {
  const opts = options.signal ? { abortSignal: options.signal } : {};
  // dockerode accepts options (with abortSignal) here at runtime; its typings only know callbacks.
  type WithOpts = (o: object) => Promise<unknown>;
  try {
    const [version, info] = await Promise.all([
      (docker.version as unknown as WithOpts).call(docker, opts),
      (docker.info as unknown as WithOpts).call(docker, opts),
    ]);
    return factsFromApi(version, info);
  } catch (e) {
    throw toEngineError(e, options.endpoint);
  }
}

/** One line for a status bar or log: `Docker 20.10.24 (API 1.41), cgroup v1 (cgroupfs), rootful`. */
export function describeFacts(f: EngineFacts): string {
  const name = f.engine === 'podman' ? 'Podman' : 'Docker';
  const layout = f.cgroupLayout === 'hybrid' ? ', hybrid' : '';
  const cg = f.cgroupVersion
    ? `cgroup v${f.cgroupVersion}${layout}${f.cgroupDriver ? ` (${f.cgroupDriver})` : ''}`
    : 'cgroup version unknown';
  const extras = [f.rootless ? 'rootless' : 'rootful', ...(f.selinux ? ['SELinux'] : [])];
  return `${name} ${f.version} (API ${f.apiVersion}), ${cg}, ${extras.join(', ')}, ${f.osType}/${f.arch}`;
}
