/**
 * What a container allows of systemd's unit sandboxing, per run profile: a setting either makes
 * the service fail to start, starts without being applied (systemd ignores a mount or network
 * namespace it is not permitted to set up, "assuming containerized execution"), or is enforced.
 * Pure data over setting keys, so the language server (SCT710/711, SCT116, the hardening action)
 * and the client (units of a running container in the System Containers view) judge alike.
 *
 * Measured on real boots of systemd 252 (bookworm), 257 (trixie) and 262 (sid) on this project's
 * cgroup v1 test host (docs/security.md): Docker (test/engine/sandbox.test.ts: unprivileged,
 * --cap-add SYS_ADMIN, seccomp=unconfined, all capabilities), rootful Podman 4.3 in systemd mode
 * (sandboxPodman.test.ts; Podman 5.4 and 5.8 by hand, the same verdicts) and systemd-nspawn 252
 * (sandboxNspawn.test.ts). Rootless Podman is from its sources and says so.
 */
import type { ContainerProfile } from './containerProfiles';

export const PROFILE_TITLES: Record<ContainerProfile, string> = {
  docker: 'unprivileged Docker, the run profile of Run with systemd',
  'docker-privileged': 'Docker with --privileged or --cap-add ALL',
  'docker-sys-admin': 'Docker with --cap-add SYS_ADMIN',
  'docker-seccomp-unconfined': 'Docker with --security-opt seccomp=unconfined',
  podman: 'Podman rootful with --systemd',
  'podman-rootless': 'Podman rootless with --systemd',
  nspawn: 'systemd-nspawn',
};

/** Whether a profile's verdicts were measured on a real boot here or read from sources. */
export const PROFILE_MEASURED: Record<ContainerProfile, boolean> = {
  docker: true,
  // Measured with every capability but CAP_SYS_RESOURCE (which this host's own bounding set lacks, so runc cannot
  // start --privileged here: "unable to apply caps") and no seccomp, AppArmor or masked paths.
  'docker-privileged': true,
  'docker-sys-admin': true,
  'docker-seccomp-unconfined': true,
  podman: true,
  // Rootless Podman needs a user with subordinate ids and cgroup v2 for systemd mode: not on this host.
  'podman-rootless': false,
  nspawn: true,
};

export type SandboxKind =
  /** Rearranges the file system (systemd's insist_on_sandboxing()): refuses to run without a mount namespace. */
  | 'mount-insist'
  /** A user namespace. */
  | 'user-namespace'
  /** A mount, network, IPC or UTS namespace systemd skips when it may not create it. */
  | 'namespace-optional';

export interface SandboxSetting {
  key: string;
  kind: SandboxKind;
  /** Whether this key's own row is booted in the engine tests (else: same kind, from systemd's source). */
  measured: boolean;
}

/** The settings a container can refuse or ignore, by key. */
export const SANDBOX_SETTINGS: SandboxSetting[] = [
  { key: 'DynamicUser', kind: 'mount-insist', measured: true },
  { key: 'TemporaryFileSystem', kind: 'mount-insist', measured: true },
  { key: 'BindPaths', kind: 'mount-insist', measured: false },
  { key: 'BindReadOnlyPaths', kind: 'mount-insist', measured: true },
  { key: 'RootDirectory', kind: 'mount-insist', measured: false },
  { key: 'RootImage', kind: 'mount-insist', measured: false },
  { key: 'MountImages', kind: 'mount-insist', measured: false },
  { key: 'ExtensionImages', kind: 'mount-insist', measured: false },
  { key: 'ExtensionDirectories', kind: 'mount-insist', measured: false },
  { key: 'LogNamespace', kind: 'mount-insist', measured: false },
  { key: 'PrivateUsers', kind: 'user-namespace', measured: true },
  { key: 'PrivateTmp', kind: 'namespace-optional', measured: true },
  { key: 'ProtectSystem', kind: 'namespace-optional', measured: true },
  { key: 'ProtectHome', kind: 'namespace-optional', measured: true },
  { key: 'PrivateDevices', kind: 'namespace-optional', measured: true },
  { key: 'ProtectKernelTunables', kind: 'namespace-optional', measured: true },
  { key: 'ProtectKernelModules', kind: 'namespace-optional', measured: true },
  { key: 'ProtectKernelLogs', kind: 'namespace-optional', measured: true },
  { key: 'ProtectControlGroups', kind: 'namespace-optional', measured: true },
  { key: 'ProtectProc', kind: 'namespace-optional', measured: true },
  { key: 'ProcSubset', kind: 'namespace-optional', measured: true },
  { key: 'PrivateMounts', kind: 'namespace-optional', measured: true },
  { key: 'PrivateNetwork', kind: 'namespace-optional', measured: true },
  { key: 'PrivateIPC', kind: 'namespace-optional', measured: true },
  { key: 'ProtectHostname', kind: 'namespace-optional', measured: true },
  { key: 'InaccessiblePaths', kind: 'namespace-optional', measured: true },
  { key: 'NoExecPaths', kind: 'namespace-optional', measured: true },
  { key: 'ReadOnlyPaths', kind: 'namespace-optional', measured: false },
  { key: 'ReadWritePaths', kind: 'namespace-optional', measured: false },
  { key: 'ExecPaths', kind: 'namespace-optional', measured: false },
];

export type SandboxVerdict =
  | { outcome: 'fails'; status: string; message: string }
  | { outcome: 'ignored'; message: string }
  | { outcome: 'enforced' };

/** The run flag that allows a kind, and what it costs in isolation (Docker; Podman takes the same flags). */
export interface RunFlagFix {
  flag: string;
  cost: string;
}

const SYS_ADMIN: RunFlagFix = {
  flag: '--cap-add SYS_ADMIN',
  cost:
    'CAP_SYS_ADMIN lets every root process in the container mount file systems, create namespaces and use many ' +
    'administrative system calls: much of the isolation between the container and the host kernel is gone',
};
const SECCOMP_UNCONFINED: RunFlagFix = {
  flag: '--security-opt seccomp=unconfined',
  cost:
    "the container loses the engine's system call filter: its root may then call keyctl, bpf, mount, kexec_load " +
    'and the other calls the filter blocks',
};

/** Flags that make a failing kind work, best (least isolation lost) first. */
export function runFlagFixes(kind: SandboxKind): RunFlagFix[] {
  if (kind === 'user-namespace') return [SECCOMP_UNCONFINED, SYS_ADMIN];
  return [SYS_ADMIN];
}

const NAMESPACE_MESSAGE =
  'systemd may not create the namespace in this container and starts the service without it ("assuming ' +
  'containerized execution", a debug message): the unit looks protected but is not';

const NETWORK_MESSAGE =
  'systemd creates no network namespace without CAP_NET_ADMIN (from systemd 257 on it must bring up the loopback ' +
  'device in it) and starts the service in the container\'s network ("proceeding without"): --cap-add NET_ADMIN, ' +
  'or a private network for systemd-nspawn, would enforce it';

const MOUNT_FAILS: SandboxVerdict = {
  outcome: 'fails',
  status: '226/NAMESPACE',
  message: 'Failed to set up mount namespacing: Operation not supported',
};
const USER_FAILS: SandboxVerdict = {
  outcome: 'fails',
  status: '217/USER',
  message: 'Failed to set up user namespacing: Operation not permitted',
};

/** What happens to a setting in a profile, on a systemd release (default: Debian stable's, 257). */
export function verdict(setting: SandboxSetting, profile: ContainerProfile, systemdVersion = 257): SandboxVerdict {
  const kind = setting.kind;
  switch (profile) {
    case 'docker':
      if (kind === 'mount-insist') return MOUNT_FAILS;
      if (kind === 'user-namespace') return USER_FAILS;
      return { outcome: 'ignored', message: NAMESPACE_MESSAGE };
    // Podman's seccomp profile (containers-common seccomp.json) allows unshare() and clone() without a capability,
    // so a user namespace works; a mount namespace still needs CAP_SYS_ADMIN, which Podman's defaults do not give.
    // Measured rootful (4.3, 5.4, 5.8); rootless gives the same capabilities inside its user namespace (sources).
    case 'podman':
    case 'podman-rootless':
    case 'docker-seccomp-unconfined':
      if (kind === 'mount-insist') return MOUNT_FAILS;
      if (kind === 'user-namespace') return { outcome: 'enforced' };
      return { outcome: 'ignored', message: NAMESPACE_MESSAGE };
    // CAP_SYS_ADMIN without CAP_NET_ADMIN: every namespace but the network one from 257 on (measured; systemd-nspawn
    // without a private network gives the machine CAP_SYS_ADMIN and not CAP_NET_ADMIN).
    case 'docker-sys-admin':
    case 'nspawn':
      if (setting.key === 'PrivateNetwork' && systemdVersion >= 257)
        return { outcome: 'ignored', message: NETWORK_MESSAGE };
      return { outcome: 'enforced' };
    // Every capability (CAP_NET_ADMIN included) and no seccomp filter.
    case 'docker-privileged':
      return { outcome: 'enforced' };
  }
}
