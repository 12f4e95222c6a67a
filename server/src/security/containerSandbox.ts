/**
 * What a container allows of systemd's unit sandboxing, per run profile: a setting either makes
 * the service fail to start, starts without being applied (systemd ignores a mount or network
 * namespace it is not permitted to set up, "assuming containerized execution"), or is enforced.
 *
 * Docker rows were measured on this project's test dockerd (cgroup v1, runc, default seccomp and
 * capabilities) with the product's run profile, on systemd 252 (bookworm), 257 (trixie) and 262
 * (sid, with the cgroup2 bind): test/engine/sandbox.test.ts boots every row. Rows for Podman and
 * systemd-nspawn come from their sources and documentation, not from a boot here, and say so.
 */
import { parseBoolean, type UnitFile, type UnitEntry } from '../kinds/unit/unitFile';

export { CONTAINER_PROFILES, type ContainerProfile } from '../../../shared/containerProfiles';
import type { ContainerProfile } from '../../../shared/containerProfiles';

export const PROFILE_TITLES: Record<ContainerProfile, string> = {
  docker: 'unprivileged Docker, the run profile of Run with systemd',
  'docker-privileged': 'Docker with --privileged',
  'docker-sys-admin': 'Docker with --cap-add SYS_ADMIN',
  'docker-seccomp-unconfined': 'Docker with --security-opt seccomp=unconfined',
  podman: 'Podman rootful with --systemd',
  'podman-rootless': 'Podman rootless with --systemd',
  nspawn: 'systemd-nspawn',
};

/** Whether a profile's verdicts were measured on a real boot here or read from sources. */
export const PROFILE_MEASURED: Record<ContainerProfile, boolean> = {
  docker: true,
  // --privileged cannot start a container on this host (runc: "unable to apply caps"): from sources.
  'docker-privileged': false,
  'docker-sys-admin': true,
  'docker-seccomp-unconfined': true,
  podman: false,
  'podman-rootless': false,
  nspawn: false,
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
  /** Whether this key's own row was booted in test/engine/sandbox.test.ts (else: same kind, from systemd's source). */
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

/** Whether an entry turns the setting on (a path list, a true boolean, an enumeration other than "no"). */
export function settingOn(entry: UnitEntry): boolean {
  const value = entry.value.trim();
  if (value === '') return false;
  const b = parseBoolean(value);
  if (b !== undefined) return b;
  // BindPaths=/BindReadOnlyPaths= only insist when a source differs from its destination.
  if (entry.key === 'BindPaths' || entry.key === 'BindReadOnlyPaths') {
    return value.split(/\s+/).some((word) => {
      const [source, destination] = word.replace(/^-/, '').split(':');
      return destination !== undefined && destination !== '' && source !== destination;
    });
  }
  return true;
}

/** The last entry of each sandbox key that turns it on (the one that counts). */
export function sandboxEntries(unit: UnitFile): { setting: SandboxSetting; entry: UnitEntry }[] {
  const out: { setting: SandboxSetting; entry: UnitEntry }[] = [];
  for (const setting of SANDBOX_SETTINGS) {
    const entries = unit.list('Service', setting.key);
    if (entries.length === 0) continue;
    const isList = ![
      'DynamicUser',
      'PrivateUsers',
      'PrivateTmp',
      'ProtectSystem',
      'ProtectHome',
      'PrivateDevices',
      'ProtectKernelTunables',
      'ProtectKernelModules',
      'ProtectKernelLogs',
      'ProtectControlGroups',
      'ProtectProc',
      'ProcSubset',
      'PrivateMounts',
      'PrivateNetwork',
      'PrivateIPC',
      'ProtectHostname',
      'RootDirectory',
      'RootImage',
      'LogNamespace',
    ].includes(setting.key);
    const candidates = isList ? entries : [entries[entries.length - 1]];
    const on = candidates.find(settingOn);
    if (
      on &&
      !(setting.key === 'ProtectProc' && on.value.trim() === 'default') &&
      !(setting.key === 'ProcSubset' && on.value.trim() === 'all')
    ) {
      out.push({ setting, entry: on });
    }
  }
  return out;
}

const NAMESPACE_MESSAGE =
  'systemd may not create the namespace in this container and starts the service without it ("assuming ' +
  'containerized execution", a debug message): the unit looks protected but is not';

/** What happens to a setting in a profile, on a systemd release (default: Debian stable's, 257). */
export function verdict(setting: SandboxSetting, profile: ContainerProfile, systemdVersion = 257): SandboxVerdict {
  const kind = setting.kind;
  // Measured: with CAP_SYS_ADMIN under Docker, systemd 257 and 262 give the service its mount namespace but
  // no network namespace; 252 gives it both.
  if (setting.key === 'PrivateNetwork' && profile === 'docker-sys-admin' && systemdVersion >= 257)
    return { outcome: 'ignored', message: NAMESPACE_MESSAGE };
  switch (profile) {
    case 'docker':
    case 'podman':
    case 'podman-rootless':
      if (kind === 'mount-insist')
        return {
          outcome: 'fails',
          status: '226/NAMESPACE',
          message: 'Failed to set up mount namespacing: Operation not supported',
        };
      if (kind === 'user-namespace')
        return {
          outcome: 'fails',
          status: '217/USER',
          message: 'Failed to set up user namespacing: Operation not permitted',
        };
      return { outcome: 'ignored', message: NAMESPACE_MESSAGE };
    case 'docker-seccomp-unconfined':
      if (kind === 'mount-insist')
        return {
          outcome: 'fails',
          status: '226/NAMESPACE',
          message: 'Failed to set up mount namespacing: Operation not supported',
        };
      if (kind === 'user-namespace') return { outcome: 'enforced' };
      return { outcome: 'ignored', message: NAMESPACE_MESSAGE };
    // --privileged: every capability and no seccomp filter, so at least what --cap-add SYS_ADMIN allows (from
    // Docker's and systemd's sources; runc cannot start a privileged container on this host to measure it).
    case 'docker-privileged':
    case 'docker-sys-admin':
    case 'nspawn':
      return { outcome: 'enforced' };
  }
}
