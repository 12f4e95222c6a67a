/**
 * The run profile units are judged for (containerSandbox.ts), worked out from what the engine and,
 * when there is one, the container say about themselves instead of assumed: Docker or Podman,
 * rootless, a daemon-wide user namespace, and the container's privileges (privileged, added
 * capabilities, seccomp). Pure over the engine's /info answer and the container's HostConfig so the
 * extension (on connect), the CLI and tests share it.
 */
import type { ContainerProfile } from './containerProfiles';

/** What the engine's /version and /info say (shared/engine/facts.ts EngineFacts has these fields). */
export interface EngineProfileFacts {
  engine: 'docker' | 'podman';
  rootless: boolean;
  /** `name=seccomp,profile=default`, `name=userns`, `name=rootless` … */
  securityOptions: string[];
  cgroupVersion?: 1 | 2;
  cgroupLayout?: 'unified' | 'hybrid' | 'legacy';
}

/** The parts of a container's HostConfig (inspect) or of a create request that decide the profile. */
export interface ContainerPrivileges {
  Privileged?: boolean;
  CapAdd?: string[] | null;
  SecurityOpt?: string[] | null;
  UsernsMode?: string;
  /** `host` or `private` (Docker), for the basis only: measured, it does not change what sandboxing works. */
  CgroupnsMode?: string;
}

/** Client → server: the connected engine's profile (an EngineProfile), or null when none is connected. */
export const ENGINE_PROFILE_NOTIFICATION = 'systemdContainerTools/engineProfile';

export interface EngineProfile {
  profile: ContainerProfile;
  /** What it was worked out from, for messages ("Docker, unprivileged, cgroup v1 (hybrid)"). */
  basis: string;
}

function capAdds(c: ContainerPrivileges | undefined, cap: string): boolean {
  return (c?.CapAdd ?? []).some((x) => ['ALL', cap, `CAP_${cap}`].includes(x.toUpperCase()));
}

function seccompUnconfined(c: ContainerPrivileges | undefined): boolean {
  return (c?.SecurityOpt ?? []).some((o) => /^seccomp[=:]unconfined$/i.test(o.trim()));
}

function cgroupText(f: EngineProfileFacts): string {
  if (!f.cgroupVersion) return 'cgroup version unknown';
  const plain = f.cgroupVersion === 2 ? 'unified' : 'legacy';
  const layout = f.cgroupLayout && f.cgroupLayout !== plain ? ` (${f.cgroupLayout})` : '';
  return `cgroup v${f.cgroupVersion}${layout}`;
}

/**
 * The profile for containers this engine runs: `container` is the HostConfig of a known container,
 * or of what Run with systemd will create (its options); without it the engine's default is meant.
 */
export function profileFromEngine(facts: EngineProfileFacts, container?: ContainerPrivileges): EngineProfile {
  const names = facts.securityOptions.map((s) => /(?:^|,)name=([^,]+)/.exec(s)?.[1] ?? s);
  const userns = facts.rootless
    ? 'rootless'
    : names.includes('userns') || (container?.UsernsMode ?? '').startsWith('private')
      ? 'user namespace'
      : '';
  // --cap-add ALL gives what --privileged gives systemd's sandboxing: every capability (CAP_NET_ADMIN too).
  const privileged = container?.Privileged === true || (container?.CapAdd ?? []).some((c) => /^all$/i.test(c));
  const sysAdmin = capAdds(container, 'SYS_ADMIN');
  const unconfined = seccompUnconfined(container);
  const flags = privileged
    ? container?.Privileged
      ? 'privileged'
      : 'every capability'
    : [sysAdmin ? '--cap-add SYS_ADMIN' : '', unconfined ? 'seccomp=unconfined' : ''].filter(Boolean).join(', ') ||
      'unprivileged';
  const cgroupns = container?.CgroupnsMode === 'private' ? 'private cgroup namespace' : '';
  const basis = [facts.engine === 'podman' ? 'Podman' : 'Docker', flags, userns, cgroupText(facts), cgroupns]
    .filter(Boolean)
    .join(', ');
  let profile: ContainerProfile;
  if (facts.engine === 'podman') {
    // Podman's defaults deny CAP_SYS_ADMIN as Docker's do; its seccomp filter allows user namespaces (measured).
    if (privileged) profile = 'docker-privileged';
    else if (sysAdmin) profile = 'docker-sys-admin';
    else if (unconfined) profile = 'docker-seccomp-unconfined';
    else profile = facts.rootless ? 'podman-rootless' : 'podman';
  } else if (privileged) profile = 'docker-privileged';
  else if (sysAdmin) profile = 'docker-sys-admin';
  else if (unconfined) profile = 'docker-seccomp-unconfined';
  // Rootless Docker and userns-remap still give the container Docker's default capabilities and filter.
  else profile = 'docker';
  return { profile, basis };
}

/** What the extension sends: the connected engine's profile with Run with systemd's privileged setting, or null. */
export function connectedEngineProfile(
  facts: EngineProfileFacts | undefined,
  runPrivileged: boolean,
): EngineProfile | null {
  return facts ? profileFromEngine(facts, { Privileged: runPrivileged }) : null;
}
