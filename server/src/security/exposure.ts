/**
 * A service's exposure as `systemd-analyze security --offline=yes` computes it: one check per
 * setting, each with a weight and a range; a check's badness (0 … range, or n/a) adds
 * ceil(badness × weight / range) to the sum, and the exposure is ceil(sum × 100 / Σweight) tenths
 * (src/analyze/analyze-security.c of systemd 252 and 257, the same checks and weights in 262).
 */
import type { UnitFile } from '../kinds/unit/unitFile';
import { capabilityMask, serviceSettings, type SandboxSettings } from './sandbox';
import { syscallSets } from './syscalls';

export interface ExposureCheck {
  /** e.g. "PrivateTmp=" or "CapabilityBoundingSet=~CAP_SYS_ADMIN", as systemd names the row. */
  name: string;
  /** The key of the row in systemd's JSON output and --security-policy files. */
  jsonField: string;
  description: string;
  /** true: fully good, false: bad (even partly), null: does not apply. */
  set: boolean | null;
  weight: number;
  /** 0 … range, or null when the check does not apply. */
  badness: number | null;
  range: number;
  /** This row's share of the overall exposure, in tenths (0.1 = 1), or null when nothing. */
  exposure: number | null;
}

export type Rating = 'PERFECT' | 'SAFE' | 'OK' | 'MEDIUM' | 'EXPOSED' | 'UNSAFE' | 'DANGEROUS';

export interface ExposureResult {
  unit: string;
  /** Overall exposure in tenths, 0 … 100 (shown as 0.0 … 10.0). */
  exposure: number;
  rating: Rating;
  checks: ExposureCheck[];
}

interface Verdict {
  badness: number | null;
  description?: string;
}

interface Assessor {
  name: string;
  jsonField: string;
  good?: string;
  bad?: string;
  na?: string;
  weight: number;
  range: number;
  /** Not judged for units with DefaultDependencies=no (early boot). */
  defaultDependenciesOnly?: boolean;
  assess(s: SandboxSettings, syscalls: Record<string, string[]>): Verdict;
}

/** Good when on; an unset tristate (undefined) counts as on, as the analyzer's bool cast of -1 does. */
const flag = (b: boolean | undefined): Verdict => ({ badness: b === false ? 1 : 0 });
const notFlag = (b: boolean): Verdict => ({ badness: b ? 1 : 0 });

function runsPrivileged(s: SandboxSettings): boolean {
  if (s.user === '0' || s.user === 'root') return true;
  if (s.dynamicUser) return false;
  return !s.user;
}

function bool(
  name: string,
  good: string,
  bad: string,
  weight: number,
  get: (s: SandboxSettings) => boolean | undefined,
  extra: Partial<Assessor> = {},
): Assessor {
  return { name: `${name}=`, jsonField: name, good, bad, weight, range: 1, assess: (s) => flag(get(s)), ...extra };
}

function capability(
  suffix: string,
  jsonField: string,
  caps: string[],
  good: string,
  bad: string,
  weight: number,
): Assessor {
  const mask = capabilityMask(...caps);
  return {
    name: `CapabilityBoundingSet=~${suffix}`,
    jsonField: `CapabilityBoundingSet_${jsonField}`,
    good,
    bad,
    weight,
    range: 1,
    assess: (s) => notFlag((s.capabilityBoundingSet & mask) !== 0n),
  };
}

function namespace(ns: string, what: string, weight: number): Assessor {
  return {
    name: `RestrictNamespaces=~${ns}`,
    jsonField: `RestrictNamespaces_${ns}`,
    good: `Service cannot create ${what} namespaces`,
    bad: `Service may create ${what} namespaces`,
    weight,
    range: 1,
    assess: (s) => notFlag(s.allowedNamespaces.has(ns)),
  };
}

/**
 * RestrictAddressFamilies= rows: with an allow list a family is restricted unless listed; with a deny list only if
 * listed.
 */
function familyRestricted(s: SandboxSettings, matches: (family: string) => boolean): boolean {
  const af = s.addressFamilies;
  if (!af) return false;
  const listed = [...af.families].some(matches);
  return af.allowList ? !listed : listed;
}

const OTHER_FAMILY = (f: string) => !['AF_INET', 'AF_INET6', 'AF_UNIX', 'AF_NETLINK', 'AF_PACKET'].includes(f);

function family(
  suffix: string,
  jsonField: string,
  what: string,
  weight: number,
  matches: (f: string) => boolean,
): Assessor {
  return {
    name: `RestrictAddressFamilies=~${suffix}`,
    jsonField: `RestrictAddressFamilies_${jsonField}`,
    good: `Service cannot allocate ${what} sockets`,
    bad: `Service may allocate ${what} sockets`,
    weight,
    range: 1,
    assess: (s) => flag(familyRestricted(s, matches)),
  };
}

function syscallGroup(group: string, weight: number): Assessor {
  return {
    name: `SystemCallFilter=~${group}`,
    jsonField: `SystemCallFilter_${group.slice(1).replace(/-/g, '_')}`,
    weight,
    range: 10,
    assess: (s, sets) => {
      const filter = s.systemCallFilter;
      if (!filter || (!filter.allowList && filter.names.size === 0)) {
        return { badness: 10, description: 'Service does not filter system calls' };
      }
      // An allow list is bad when it lets one of the group's calls through; a deny list when it misses one.
      const offender = (sets[group] ?? []).find((n) => filter.names.has(n) === filter.allowList);
      if (filter.allowList) {
        return offender
          ? {
              badness: 9,
              description:
                `System call allow list defined for service, and ${group} is included (e.g. ${offender} is ` +
                'allowed)',
            }
          : { badness: 0, description: `System call allow list defined for service, and ${group} is not included` };
      }
      return offender
        ? {
            badness: 10,
            description:
              `System call deny list defined for service, and ${group} is not included (e.g. ${offender} is ` +
              'allowed)',
          }
        : { badness: 0, description: `System call deny list defined for service, and ${group} is included` };
    },
  };
}

function protectHome(s: SandboxSettings): Verdict {
  switch (s.protectHome) {
    case 'yes':
      return { badness: 0, description: 'Service has no access to home directories' };
    case 'read-only':
      return { badness: 5, description: 'Service has read-only access to home directories' };
    case 'tmpfs':
      return { badness: 1, description: 'Service has access to fake empty home directories' };
    default:
      return { badness: 10, description: 'Service has full access to home directories' };
  }
}

function protectSystem(s: SandboxSettings): Verdict {
  switch (s.protectSystem) {
    case 'yes':
      return { badness: 5, description: 'Service has limited write access to the OS file hierarchy' };
    case 'full':
      return { badness: 3, description: 'Service has very limited write access to the OS file hierarchy' };
    case 'strict':
      return { badness: 0, description: 'Service has strict read-only access to the OS file hierarchy' };
    default:
      return { badness: 10, description: 'Service has full access to the OS file hierarchy' };
  }
}

function user(s: SandboxSettings): Verdict {
  if (s.user === 'nobody')
    return { badness: 9, description: "Service runs under as 'nobody' user, which should not be used for services" };
  if (s.dynamicUser && s.user !== '0' && s.user !== 'root')
    return { badness: 0, description: 'Service runs under a transient non-root user identity' };
  if (s.user && s.user !== '0' && s.user !== 'root')
    return { badness: 0, description: 'Service runs under a static non-root user identity' };
  return { badness: 10 };
}

function umask(s: SandboxSettings): Verdict {
  if (!(s.umask & 0o002)) return { badness: 10, description: 'Files created by service are world-writable by default' };
  if (!(s.umask & 0o004)) return { badness: 5, description: 'Files created by service are world-readable by default' };
  if (!(s.umask & 0o020)) return { badness: 2, description: 'Files created by service are group-writable by default' };
  if (!(s.umask & 0o040)) return { badness: 1, description: 'Files created by service are group-readable by default' };
  return { badness: 0, description: "Files created by service are accessible only by service's own user by default" };
}

function architectures(s: SandboxSettings): Verdict {
  if (s.systemCallArchitectures.size === 0)
    return { badness: 10, description: 'Service may execute system calls with all ABIs' };
  if (s.systemCallArchitectures.has('native'))
    return { badness: 0, description: 'Service may execute system calls only with native ABI' };
  return { badness: 8, description: 'Service may execute system calls with multiple ABIs' };
}

function ipAddressDeny(s: SandboxSettings): Verdict {
  if (s.ipFiltersCustom)
    return { badness: 0, description: 'Service defines custom ingress/egress IP filters with BPF programs' };
  if (!s.ipAddressDenyAll) return { badness: 10, description: 'Service does not define an IP address allow list' };
  if (s.ipAddressAllowOther)
    return { badness: 5, description: 'Service defines IP address allow list with non-localhost entries' };
  if (s.ipAddressAllowLocalhost)
    return { badness: 2, description: 'Service defines IP address allow list with only localhost entries' };
  return { badness: 0, description: 'Service blocks all IP address ranges' };
}

function deviceAllow(s: SandboxSettings): Verdict {
  if (s.devicePolicy === 'strict' || s.devicePolicy === 'closed') {
    if (s.deviceAllow.length > 0)
      return {
        badness: 5,
        description: `Service has a device ACL with some special devices: ${s.deviceAllow.join(' ')}`,
      };
    return { badness: 0, description: 'Service has a minimal device ACL' };
  }
  return { badness: 10, description: 'Service has no device ACL' };
}

/** The rows in systemd's order (the JSON output keeps it; the text table sorts by exposure). */
const ASSESSORS: Assessor[] = [
  {
    name: 'User=/DynamicUser=',
    jsonField: 'UserOrDynamicUser',
    bad: 'Service runs as root user',
    weight: 2000,
    range: 10,
    assess: user,
  },
  {
    name: 'SupplementaryGroups=',
    jsonField: 'SupplementaryGroups',
    good: 'Service has no supplementary groups',
    bad: 'Service runs with supplementary groups',
    na: 'Service runs as root, option does not matter',
    weight: 200,
    range: 1,
    assess: (s) => ({ badness: runsPrivileged(s) ? null : s.supplementaryGroups.length > 0 ? 1 : 0 }),
  },
  bool(
    'PrivateDevices',
    'Service has no access to hardware devices',
    'Service potentially has access to hardware devices',
    1000,
    (s) => s.privateDevices,
  ),
  bool(
    'PrivateMounts',
    'Service cannot install system mounts',
    'Service may install system mounts',
    1000,
    (s) => s.privateMounts,
  ),
  bool(
    'PrivateNetwork',
    "Service has no access to the host's network",
    "Service has access to the host's network",
    2500,
    (s) => s.privateNetwork,
  ),
  bool(
    'PrivateTmp',
    "Service has no access to other software's temporary files",
    "Service has access to other software's temporary files",
    1000,
    (s) => s.privateTmp,
    { defaultDependenciesOnly: true },
  ),
  bool(
    'PrivateUsers',
    'Service does not have access to other users',
    'Service has access to other users',
    1000,
    (s) => s.privateUsers,
  ),
  bool(
    'ProtectControlGroups',
    'Service cannot modify the control group file system',
    'Service may modify the control group file system',
    1000,
    (s) => s.protectControlGroups,
  ),
  bool(
    'ProtectKernelModules',
    'Service cannot load or read kernel modules',
    'Service may load or read kernel modules',
    1000,
    (s) => s.protectKernelModules,
  ),
  bool(
    'ProtectKernelTunables',
    'Service cannot alter kernel tunables (/proc/sys, …)',
    'Service may alter kernel tunables',
    1000,
    (s) => s.protectKernelTunables,
  ),
  bool(
    'ProtectKernelLogs',
    'Service cannot read from or write to the kernel log ring buffer',
    'Service may read from or write to the kernel log ring buffer',
    1000,
    (s) => s.protectKernelLogs,
  ),
  bool(
    'ProtectClock',
    'Service cannot write to the hardware clock or system clock',
    'Service may write to the hardware clock or system clock',
    1000,
    (s) => s.protectClock,
  ),
  {
    name: 'ProtectHome=',
    jsonField: 'ProtectHome',
    weight: 1000,
    range: 10,
    assess: protectHome,
    defaultDependenciesOnly: true,
  },
  bool(
    'ProtectHostname',
    'Service cannot change system host/domainname',
    'Service may change system host/domainname',
    50,
    (s) => s.protectHostname,
  ),
  {
    name: 'ProtectSystem=',
    jsonField: 'ProtectSystem',
    weight: 1000,
    range: 10,
    assess: protectSystem,
    defaultDependenciesOnly: true,
  },
  {
    name: 'RootDirectory=/RootImage=',
    jsonField: 'RootDirectoryOrRootImage',
    good: 'Service has its own root directory/image',
    bad: "Service runs within the host's root directory",
    weight: 200,
    range: 1,
    defaultDependenciesOnly: true,
    assess: (s) => notFlag((!s.rootDirectory || s.rootDirectory === '/') && (!s.rootImage || s.rootImage === '/')),
  },
  bool(
    'LockPersonality',
    'Service cannot change ABI personality',
    'Service may change ABI personality',
    100,
    (s) => s.lockPersonality,
  ),
  bool(
    'MemoryDenyWriteExecute',
    'Service cannot create writable executable memory mappings',
    'Service may create writable executable memory mappings',
    100,
    (s) => s.memoryDenyWriteExecute,
  ),
  bool(
    'NoNewPrivileges',
    'Service processes cannot acquire new privileges',
    'Service processes may acquire new privileges',
    1000,
    (s) => s.noNewPrivileges,
  ),
  capability(
    'CAP_SYS_ADMIN',
    'CAP_SYS_ADMIN',
    ['CAP_SYS_ADMIN'],
    'Service has no administrator privileges',
    'Service has administrator privileges',
    1500,
  ),
  capability(
    'CAP_SET(UID|GID|PCAP)',
    'CAP_SET_UID_GID_PCAP',
    ['CAP_SETUID', 'CAP_SETGID', 'CAP_SETPCAP'],
    'Service cannot change UID/GID identities/capabilities',
    'Service may change UID/GID identities/capabilities',
    1500,
  ),
  capability(
    'CAP_SYS_PTRACE',
    'CAP_SYS_PTRACE',
    ['CAP_SYS_PTRACE'],
    'Service has no ptrace() debugging abilities',
    'Service has ptrace() debugging abilities',
    1500,
  ),
  capability(
    'CAP_SYS_TIME',
    'CAP_SYS_TIME',
    ['CAP_SYS_TIME'],
    'Service processes cannot change the system clock',
    'Service processes may change the system clock',
    1000,
  ),
  capability(
    'CAP_NET_ADMIN',
    'CAP_NET_ADMIN',
    ['CAP_NET_ADMIN'],
    'Service has no network configuration privileges',
    'Service has network configuration privileges',
    1000,
  ),
  capability(
    'CAP_SYS_RAWIO',
    'CAP_SYS_RAWIO',
    ['CAP_SYS_RAWIO'],
    'Service has no raw I/O access',
    'Service has raw I/O access',
    1000,
  ),
  capability(
    'CAP_SYS_MODULE',
    'CAP_SYS_MODULE',
    ['CAP_SYS_MODULE'],
    'Service cannot load kernel modules',
    'Service may load kernel modules',
    1000,
  ),
  capability(
    'CAP_AUDIT_*',
    'CAP_AUDIT',
    ['CAP_AUDIT_CONTROL', 'CAP_AUDIT_READ', 'CAP_AUDIT_WRITE'],
    'Service has no audit subsystem access',
    'Service has audit subsystem access',
    500,
  ),
  capability(
    'CAP_SYSLOG',
    'CAP_SYSLOG',
    ['CAP_SYSLOG'],
    'Service has no access to kernel logging',
    'Service has access to kernel logging',
    500,
  ),
  capability(
    'CAP_SYS_(NICE|RESOURCE)',
    'CAP_SYS_NICE_RESOURCE',
    ['CAP_SYS_NICE', 'CAP_SYS_RESOURCE'],
    'Service has no privileges to change resource use parameters',
    'Service has privileges to change resource use parameters',
    500,
  ),
  capability(
    'CAP_MKNOD',
    'CAP_MKNOD',
    ['CAP_MKNOD'],
    'Service cannot create device nodes',
    'Service may create device nodes',
    500,
  ),
  capability(
    'CAP_(CHOWN|FSETID|SETFCAP)',
    'CAP_CHOWN_FSETID_SETFCAP',
    ['CAP_CHOWN', 'CAP_FSETID', 'CAP_SETFCAP'],
    'Service cannot change file ownership/access mode/capabilities',
    'Service may change file ownership/access mode/capabilities unrestricted',
    1000,
  ),
  capability(
    'CAP_(DAC_*|FOWNER|IPC_OWNER)',
    'CAP_DAC_FOWNER_IPC_OWNER',
    ['CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_IPC_OWNER'],
    'Service cannot override UNIX file/IPC permission checks',
    'Service may override UNIX file/IPC permission checks',
    1000,
  ),
  capability(
    'CAP_KILL',
    'CAP_KILL',
    ['CAP_KILL'],
    'Service cannot send UNIX signals to arbitrary processes',
    'Service may send UNIX signals to arbitrary processes',
    500,
  ),
  // systemd's own JSON field name for this row ends in ")".
  capability(
    'CAP_NET_(BIND_SERVICE|BROADCAST|RAW)',
    'CAP_NET_BIND_SERVICE_BROADCAST_RAW)',
    ['CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_RAW'],
    'Service has no elevated networking privileges',
    'Service has elevated networking privileges',
    500,
  ),
  capability(
    'CAP_SYS_BOOT',
    'CAP_SYS_BOOT',
    ['CAP_SYS_BOOT'],
    'Service cannot issue reboot()',
    'Service may issue reboot()',
    100,
  ),
  capability(
    'CAP_MAC_*',
    'CAP_MAC',
    ['CAP_MAC_ADMIN', 'CAP_MAC_OVERRIDE'],
    'Service cannot adjust SMACK MAC',
    'Service may adjust SMACK MAC',
    100,
  ),
  capability(
    'CAP_LINUX_IMMUTABLE',
    'CAP_LINUX_IMMUTABLE',
    ['CAP_LINUX_IMMUTABLE'],
    'Service cannot mark files immutable',
    'Service may mark files immutable',
    75,
  ),
  capability(
    'CAP_IPC_LOCK',
    'CAP_IPC_LOCK',
    ['CAP_IPC_LOCK'],
    'Service cannot lock memory into RAM',
    'Service may lock memory into RAM',
    50,
  ),
  capability(
    'CAP_SYS_CHROOT',
    'CAP_SYS_CHROOT',
    ['CAP_SYS_CHROOT'],
    'Service cannot issue chroot()',
    'Service may issue chroot()',
    50,
  ),
  capability(
    'CAP_BLOCK_SUSPEND',
    'CAP_BLOCK_SUSPEND',
    ['CAP_BLOCK_SUSPEND'],
    'Service cannot establish wake locks',
    'Service may establish wake locks',
    25,
  ),
  capability(
    'CAP_WAKE_ALARM',
    'CAP_WAKE_ALARM',
    ['CAP_WAKE_ALARM'],
    'Service cannot program timers that wake up the system',
    'Service may program timers that wake up the system',
    25,
  ),
  capability(
    'CAP_LEASE',
    'CAP_LEASE',
    ['CAP_LEASE'],
    'Service cannot create file leases',
    'Service may create file leases',
    25,
  ),
  capability(
    'CAP_SYS_TTY_CONFIG',
    'CAP_SYS_TTY_CONFIG',
    ['CAP_SYS_TTY_CONFIG'],
    'Service cannot issue vhangup()',
    'Service may issue vhangup()',
    25,
  ),
  capability(
    'CAP_SYS_PACCT',
    'CAP_SYS_PACCT',
    ['CAP_SYS_PACCT'],
    'Service cannot use acct()',
    'Service may use acct()',
    25,
  ),
  capability(
    'CAP_BPF',
    'CAP_BPF',
    ['CAP_BPF'],
    'Service may not load BPF programs',
    'Service may load BPF programs',
    25,
  ),
  { name: 'UMask=', jsonField: 'UMask', weight: 100, range: 10, assess: umask },
  {
    name: 'KeyringMode=',
    jsonField: 'KeyringMode',
    good: "Service doesn't share key material with other services",
    bad: 'Service shares key material with other service',
    weight: 1000,
    range: 1,
    assess: (s) => notFlag(s.keyringMode !== 'private'),
  },
  {
    name: 'ProtectProc=',
    jsonField: 'ProtectProc',
    good: 'Service has restricted access to process tree (/proc hidepid=)',
    bad: 'Service has full access to process tree (/proc hidepid=)',
    weight: 1000,
    range: 3,
    assess: (s) => ({
      badness: s.protectProc === 'noaccess' ? 1 : ['invisible', 'ptraceable'].includes(s.protectProc) ? 0 : 3,
    }),
  },
  {
    name: 'ProcSubset=',
    jsonField: 'ProcSubset',
    good: 'Service has no access to non-process /proc files (/proc subset=)',
    bad: 'Service has full access to non-process /proc files (/proc subset=)',
    weight: 10,
    range: 1,
    assess: (s) => notFlag(s.procSubset !== 'pid'),
  },
  {
    name: 'NotifyAccess=',
    jsonField: 'NotifyAccess',
    good: 'Service child processes cannot alter service state',
    bad: 'Service child processes may alter service state',
    weight: 1000,
    range: 1,
    assess: (s) => notFlag(s.notifyAccess === 'all'),
  },
  {
    name: 'RemoveIPC=',
    jsonField: 'RemoveIPC',
    good: 'Service user cannot leave SysV IPC objects around',
    bad: 'Service user may leave SysV IPC objects around',
    na: 'Service runs as root, option does not apply',
    weight: 100,
    range: 1,
    assess: (s) => ({ badness: runsPrivileged(s) ? null : s.removeIpc ? 0 : 1 }),
  },
  {
    name: 'Delegate=',
    jsonField: 'Delegate',
    good: 'Service does not maintain its own delegated control group subtree',
    bad: 'Service maintains its own delegated control group subtree',
    weight: 100,
    range: 1,
    assess: (s) => notFlag(s.delegate),
  },
  bool(
    'RestrictRealtime',
    'Service realtime scheduling access is restricted',
    'Service may acquire realtime scheduling',
    500,
    (s) => s.restrictRealtime,
  ),
  bool(
    'RestrictSUIDSGID',
    'SUID/SGID file creation by service is restricted',
    'Service may create SUID/SGID files',
    1000,
    (s) => s.restrictSuidSgid,
  ),
  namespace('user', 'user', 1500),
  namespace('mnt', 'file system', 500),
  namespace('ipc', 'IPC', 500),
  namespace('pid', 'process', 500),
  namespace('cgroup', 'cgroup', 500),
  namespace('net', 'network', 500),
  namespace('uts', 'hostname', 100),
  family('AF_(INET|INET6)', 'AF_INET_INET6', 'Internet', 1500, (f) => f === 'AF_INET' || f === 'AF_INET6'),
  family('AF_UNIX', 'AF_UNIX', 'local', 25, (f) => f === 'AF_UNIX'),
  family('AF_NETLINK', 'AF_NETLINK', 'netlink', 200, (f) => f === 'AF_NETLINK'),
  family('AF_PACKET', 'AF_PACKET', 'packet', 1000, (f) => f === 'AF_PACKET'),
  family('…', 'OTHER', 'exotic', 1250, OTHER_FAMILY),
  {
    name: 'SystemCallArchitectures=',
    jsonField: 'SystemCallArchitectures',
    weight: 1000,
    range: 10,
    assess: architectures,
  },
  syscallGroup('@swap', 1000),
  syscallGroup('@obsolete', 250),
  syscallGroup('@clock', 1000),
  syscallGroup('@cpu-emulation', 250),
  syscallGroup('@debug', 1000),
  syscallGroup('@mount', 1000),
  syscallGroup('@module', 1000),
  syscallGroup('@raw-io', 1000),
  syscallGroup('@reboot', 1000),
  syscallGroup('@privileged', 700),
  syscallGroup('@resources', 700),
  { name: 'IPAddressDeny=', jsonField: 'IPAddressDeny', weight: 1000, range: 10, assess: ipAddressDeny },
  { name: 'DeviceAllow=', jsonField: 'DeviceAllow', weight: 1000, range: 10, assess: deviceAllow },
  {
    name: 'AmbientCapabilities=',
    jsonField: 'AmbientCapabilities',
    good: 'Service process does not receive ambient capabilities',
    bad: 'Service process receives ambient capabilities',
    weight: 500,
    range: 1,
    assess: (s) => notFlag(s.ambientCapabilities !== 0n),
  },
];

/** systemd's bands: the first whose floor the exposure reaches. */
const RATINGS: [number, Rating][] = [
  [100, 'DANGEROUS'],
  [90, 'UNSAFE'],
  [75, 'EXPOSED'],
  [50, 'MEDIUM'],
  [10, 'OK'],
  [1, 'SAFE'],
  [0, 'PERFECT'],
];

export function ratingOf(exposure: number): Rating {
  return RATINGS.find(([floor]) => exposure >= floor)![1];
}

const divRoundUp = (a: number, b: number) => Math.floor((a + b - 1) / b);

/** Scores settings already read from a unit (sandbox.ts). */
export function assessSettings(s: SandboxSettings, systemdVersion: number): ExposureResult {
  const sets = syscallSets(systemdVersion);
  const rows: { a: Assessor; verdict: Verdict }[] = ASSESSORS.map((a) => ({
    a,
    verdict:
      a.defaultDependenciesOnly && !s.defaultDependencies
        ? { badness: null, description: 'Service runs in special boot phase, option is not appropriate' }
        : a.assess(s, sets),
  }));
  let badnessSum = 0;
  let weightSum = 0;
  for (const { a, verdict } of rows) {
    if (verdict.badness === null) continue;
    badnessSum += divRoundUp(verdict.badness * a.weight, a.range);
    weightSum += a.weight;
  }
  const checks = rows.map(({ a, verdict }): ExposureCheck => {
    const b = verdict.badness;
    const fallback = b === null ? a.na : b === a.range ? a.bad : b === 0 ? a.good : undefined;
    return {
      name: a.name,
      jsonField: a.jsonField,
      description: verdict.description ?? fallback ?? '',
      set: b === null ? null : b === 0,
      weight: a.weight,
      badness: b,
      range: a.range,
      exposure: b === null || b === 0 ? null : divRoundUp(divRoundUp(b * a.weight * 100, a.range), weightSum),
    };
  });
  const exposure = divRoundUp(badnessSum * 100, weightSum);
  return { unit: s.unitName, exposure, rating: ratingOf(exposure), checks };
}

/** Scores a service from its unit file and drop-ins (in the order systemd reads them). */
export function assessService(files: UnitFile[], unitName: string, systemdVersion: number): ExposureResult {
  return assessSettings(serviceSettings(files, unitName, systemdVersion), systemdVersion);
}

/** "9.4", as systemd prints tenths. */
export function formatTenths(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
