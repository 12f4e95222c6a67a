/**
 * The sandboxing settings of a service as systemd's manager ends up holding them after loading the
 * unit (load-fragment.c's parsers, then unit_patch_contexts() in unit.c): what `systemd-analyze
 * security --offline=yes` reads. Written from systemd 252 and 257's sources; 262 checked against
 * its tool (test/security/differential). Values systemd would reject are ignored, as systemd does.
 */
import { parseBoolean, type UnitFile, type UnitEntry } from '../kinds/unit/unitFile';
import { syscallSets } from './syscalls';

/** Linux capability numbers (linux/capability.h), as systemd's capability_from_name() knows them. */
const CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

export function capabilityBit(name: string): bigint {
  const index = CAPABILITIES.indexOf(name.toUpperCase());
  return index < 0 ? 0n : 1n << BigInt(index);
}

export function capabilityMask(...names: string[]): bigint {
  return names.reduce((mask, name) => mask | capabilityBit(name), 0n);
}

const CAP_MASK_UNSET = (1n << 64n) - 1n;
const ALL_NAMESPACES = ['cgroup', 'ipc', 'net', 'mnt', 'pid', 'user', 'uts', 'time'];

export interface SandboxSettings {
  unitName: string;
  defaultDependencies: boolean;
  user?: string;
  dynamicUser: boolean;
  supplementaryGroups: string[];
  capabilityBoundingSet: bigint;
  ambientCapabilities: bigint;
  keyringMode: string;
  protectProc: string;
  procSubset: string;
  notifyAccess?: string;
  lockPersonality: boolean;
  memoryDenyWriteExecute: boolean;
  noNewPrivileges: boolean;
  protectHostname: boolean;
  privateDevices: boolean;
  /** systemd ≥ 257 keeps PrivateMounts= unset (-1) until it is set, which the analyzer reads as true. */
  privateMounts: boolean | undefined;
  privateNetwork: boolean;
  privateTmp: boolean;
  privateUsers: boolean;
  protectControlGroups: boolean;
  protectKernelModules: boolean;
  protectKernelTunables: boolean;
  protectKernelLogs: boolean;
  protectClock: boolean;
  protectHome: string;
  protectSystem: string;
  removeIpc: boolean;
  /** undefined: no RestrictAddressFamilies= list; otherwise allow or deny list of families. */
  addressFamilies: { allowList: boolean; families: Set<string> } | undefined;
  /** Namespace types the service may still create. */
  allowedNamespaces: Set<string>;
  restrictRealtime: boolean;
  restrictSuidSgid: boolean;
  rootDirectory?: string;
  rootImage?: string;
  umask: number;
  systemCallArchitectures: Set<string>;
  /** undefined: no SystemCallFilter=; otherwise the allowed (allow list) or denied (deny list) names. */
  systemCallFilter: { allowList: boolean; names: Set<string> } | undefined;
  delegate: boolean;
  devicePolicy: string;
  deviceAllow: string[];
  ipAddressDenyAll: boolean;
  ipAddressAllowLocalhost: boolean;
  ipAddressAllowOther: boolean;
  ipFiltersCustom: boolean;
}

/** Values of enumerations that are neither yes nor no but switch the feature on (newer releases). */
const ON_VALUES: Record<string, string[]> = {
  PrivateTmp: ['disconnected'],
  PrivateUsers: ['self', 'identity', 'full', 'managed'],
  ProtectHostname: ['private'],
  ProtectControlGroups: ['private', 'strict'],
  PrivateNetwork: [],
  ProtectKernelLogs: [],
};

function words(value: string): string[] {
  return value
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
}

/** The entries of a unit and its drop-ins in the order systemd reads them. */
export function serviceSettings(files: UnitFile[], unitName: string, systemdVersion: number): SandboxSettings {
  const s: SandboxSettings = {
    unitName,
    defaultDependencies: true,
    dynamicUser: false,
    supplementaryGroups: [],
    capabilityBoundingSet: CAP_MASK_UNSET,
    ambientCapabilities: 0n,
    // What the offline analyzer finds for a unit that does not set it (measured: 252, 257, 262).
    keyringMode: 'private',
    protectProc: 'default',
    procSubset: 'all',
    lockPersonality: false,
    memoryDenyWriteExecute: false,
    noNewPrivileges: false,
    protectHostname: false,
    privateDevices: false,
    privateMounts: systemdVersion >= 257 ? undefined : false,
    privateNetwork: false,
    privateTmp: false,
    privateUsers: false,
    protectControlGroups: false,
    protectKernelModules: false,
    protectKernelTunables: false,
    protectKernelLogs: false,
    protectClock: false,
    protectHome: 'no',
    protectSystem: 'no',
    removeIpc: false,
    addressFamilies: undefined,
    allowedNamespaces: new Set(ALL_NAMESPACES),
    restrictRealtime: false,
    restrictSuidSgid: false,
    umask: 0o022,
    systemCallArchitectures: new Set(),
    systemCallFilter: undefined,
    delegate: false,
    devicePolicy: 'auto',
    deviceAllow: [],
    ipAddressDenyAll: false,
    ipAddressAllowLocalhost: false,
    ipAddressAllowOther: false,
    ipFiltersCustom: false,
  };
  const ipDeny: string[] = [];
  const ipAllow: string[] = [];
  let namespacesInitial = true;
  const sets = syscallSets(systemdVersion);

  for (const file of files) {
    for (const entry of file.entries) {
      if (entry.section === 'Unit' && entry.key === 'DefaultDependencies') {
        const b = parseBoolean(entry.value);
        if (b !== undefined) s.defaultDependencies = b;
      }
      if (entry.section !== 'Service') continue;
      applyServiceEntry(s, entry, {
        ipDeny,
        ipAllow,
        sets,
        namespacesInitial: () => namespacesInitial,
        notInitial: () => (namespacesInitial = false),
        resetNamespaces: () => (namespacesInitial = true),
      });
    }
  }
  ipAddresses(s, ipDeny, ipAllow);
  patchContexts(s);
  return s;
}

interface ParseState {
  ipDeny: string[];
  ipAllow: string[];
  sets: Record<string, string[]>;
  namespacesInitial(): boolean;
  notInitial(): void;
  resetNamespaces(): void;
}

type BooleanKey =
  | 'lockPersonality'
  | 'memoryDenyWriteExecute'
  | 'noNewPrivileges'
  | 'protectHostname'
  | 'privateDevices'
  | 'privateMounts'
  | 'privateNetwork'
  | 'privateTmp'
  | 'privateUsers'
  | 'protectControlGroups'
  | 'protectKernelModules'
  | 'protectKernelTunables'
  | 'protectKernelLogs'
  | 'protectClock'
  | 'removeIpc'
  | 'restrictRealtime'
  | 'restrictSuidSgid'
  | 'dynamicUser';

const BOOLEAN_KEYS: Record<string, BooleanKey> = {
  LockPersonality: 'lockPersonality',
  MemoryDenyWriteExecute: 'memoryDenyWriteExecute',
  NoNewPrivileges: 'noNewPrivileges',
  ProtectHostname: 'protectHostname',
  PrivateDevices: 'privateDevices',
  PrivateMounts: 'privateMounts',
  PrivateNetwork: 'privateNetwork',
  PrivateTmp: 'privateTmp',
  PrivateUsers: 'privateUsers',
  ProtectControlGroups: 'protectControlGroups',
  ProtectKernelModules: 'protectKernelModules',
  ProtectKernelTunables: 'protectKernelTunables',
  ProtectKernelLogs: 'protectKernelLogs',
  ProtectClock: 'protectClock',
  RemoveIPC: 'removeIpc',
  RestrictRealtime: 'restrictRealtime',
  RestrictSUIDSGID: 'restrictSuidSgid',
  DynamicUser: 'dynamicUser',
};

function applyServiceEntry(s: SandboxSettings, entry: UnitEntry, state: ParseState): void {
  const { key, value } = entry;
  const booleanKey = BOOLEAN_KEYS[key];
  if (booleanKey) {
    const b = parseBoolean(value);
    if (b !== undefined) s[booleanKey] = b;
    else if (ON_VALUES[key]?.includes(value.trim().toLowerCase())) s[booleanKey] = true;
    return;
  }
  switch (key) {
    case 'User':
      s.user = value === '' ? undefined : value;
      return;
    case 'SupplementaryGroups':
      if (value === '') s.supplementaryGroups = [];
      else s.supplementaryGroups.push(...words(value));
      return;
    case 'CapabilityBoundingSet':
      s.capabilityBoundingSet = capabilitySet(s.capabilityBoundingSet, value, CAP_MASK_UNSET);
      return;
    case 'AmbientCapabilities':
      s.ambientCapabilities = capabilitySet(s.ambientCapabilities, value, 0n);
      return;
    case 'KeyringMode':
      if (['inherit', 'private', 'shared'].includes(value)) s.keyringMode = value;
      return;
    case 'ProtectProc':
      if (['default', 'noaccess', 'invisible', 'ptraceable'].includes(value)) s.protectProc = value;
      return;
    case 'ProcSubset':
      if (['all', 'pid'].includes(value)) s.procSubset = value;
      return;
    case 'NotifyAccess':
      if (['none', 'main', 'exec', 'all'].includes(value)) s.notifyAccess = value;
      return;
    case 'ProtectHome':
      s.protectHome = tristate(value, ['read-only', 'tmpfs']) ?? s.protectHome;
      return;
    case 'ProtectSystem':
      s.protectSystem = tristate(value, ['full', 'strict']) ?? s.protectSystem;
      return;
    case 'RestrictAddressFamilies':
      s.addressFamilies = addressFamilies(s.addressFamilies, value);
      return;
    case 'RestrictNamespaces':
      restrictNamespaces(s, value, state);
      return;
    case 'RootDirectory':
      s.rootDirectory = value || undefined;
      return;
    case 'RootImage':
      s.rootImage = value || undefined;
      return;
    case 'UMask':
      if (/^[0-7]{1,4}$/.test(value)) s.umask = parseInt(value, 8);
      return;
    case 'SystemCallArchitectures':
      if (value === '') s.systemCallArchitectures.clear();
      else for (const w of words(value)) s.systemCallArchitectures.add(w);
      return;
    case 'SystemCallFilter':
      s.systemCallFilter = systemCallFilter(s.systemCallFilter, value, state.sets);
      return;
    case 'Delegate': {
      const b = parseBoolean(value);
      s.delegate = b ?? value.trim() !== '';
      return;
    }
    case 'DevicePolicy':
      if (['auto', 'closed', 'strict'].includes(value)) s.devicePolicy = value;
      return;
    case 'DeviceAllow':
      if (value === '') s.deviceAllow = [];
      else s.deviceAllow.push(deviceAllowEntry(value));
      return;
    case 'IPAddressDeny':
      if (value === '') state.ipDeny.length = 0;
      else state.ipDeny.push(...words(value));
      return;
    case 'IPAddressAllow':
      if (value === '') state.ipAllow.length = 0;
      else state.ipAllow.push(...words(value));
      return;
    case 'IPIngressFilterPath':
    case 'IPEgressFilterPath':
      if (value !== '') s.ipFiltersCustom = true;
      return;
  }
}

function tristate(value: string, others: string[]): string | undefined {
  const b = parseBoolean(value);
  if (b !== undefined) return b ? 'yes' : 'no';
  return others.includes(value) ? value : undefined;
}

/** config_parse_capability_set(): "" or a first assignment replaces, later ones merge; "~" inverts. */
function capabilitySet(current: bigint, value: string, unset: bigint): bigint {
  let rest = value;
  const invert = rest.startsWith('~');
  if (invert) rest = rest.slice(1);
  const sum = capabilityMask(...words(rest));
  if (sum === 0n || current === unset) return invert ? ~sum & ((1n << 64n) - 1n) : sum;
  return invert ? current & ~sum : current | sum;
}

/** config_parse_address_families(): "none" forbids all; the first list decides allow or deny. */
function addressFamilies(
  current: SandboxSettings['addressFamilies'],
  value: string,
): SandboxSettings['addressFamilies'] {
  if (value === '') return undefined;
  if (value === 'none') return { allowList: true, families: new Set() };
  let rest = value;
  const invert = rest.startsWith('~');
  if (invert) rest = rest.slice(1);
  const result = current ?? { allowList: !invert, families: new Set<string>() };
  for (const family of words(rest)) {
    if (!/^AF_[A-Z0-9_]+$/.test(family)) continue;
    if (!invert === result.allowList) result.families.add(family);
    else result.families.delete(family);
  }
  return result;
}

/** config_parse_restrict_namespaces(): booleans replace; the first list sets, later ones merge. */
function restrictNamespaces(s: SandboxSettings, value: string, state: ParseState): void {
  if (value === '') {
    s.allowedNamespaces = new Set(ALL_NAMESPACES);
    state.resetNamespaces();
    return;
  }
  const b = parseBoolean(value);
  if (b !== undefined) {
    s.allowedNamespaces = b ? new Set() : new Set(ALL_NAMESPACES);
    state.notInitial();
    return;
  }
  let rest = value;
  const invert = rest.startsWith('~');
  if (invert) rest = rest.slice(1);
  const named = words(rest);
  if (named.some((n) => !ALL_NAMESPACES.includes(n))) return;
  if (state.namespacesInitial()) {
    s.allowedNamespaces = new Set(invert ? ALL_NAMESPACES.filter((n) => !named.includes(n)) : named);
  } else {
    for (const n of named) {
      if (invert) s.allowedNamespaces.delete(n);
      else s.allowedNamespaces.add(n);
    }
  }
  state.notInitial();
}

/**
 * config_parse_syscall_filter() and seccomp_parse_syscall_filter(): the first assignment decides
 * allow or deny list (an allow list starts from @default); names that do not resolve on x86-64 and
 * unknown groups are ignored; in an allow list a "~name" (with or without an errno) removes.
 */
function systemCallFilter(
  current: SandboxSettings['systemCallFilter'],
  value: string,
  sets: Record<string, string[]>,
): SandboxSettings['systemCallFilter'] {
  if (value === '') return undefined;
  let rest = value;
  const invert = rest.startsWith('~');
  if (invert) rest = rest.slice(1);
  let result = current;
  if (!result) {
    result = { allowList: !invert, names: new Set() };
    if (!invert) for (const n of sets['@default'] ?? []) result.names.add(n);
  }
  const known = new Set(sets['@known'] ?? []);
  for (const word of words(rest)) {
    const colon = word.indexOf(':');
    const name = colon < 0 ? word : word.slice(0, colon);
    if (!invert && colon >= 0) continue;
    const names = name.startsWith('@') ? (sets[name] ?? []) : known.has(name) ? [name] : [];
    const add = invert !== result.allowList;
    for (const n of names) {
      if (add) result.names.add(n);
      else result.names.delete(n);
    }
  }
  return result;
}

/** "path rwm" as systemd prints a DeviceAllow= entry. */
function deviceAllowEntry(value: string): string {
  const [path, perms = 'rwm'] = words(value);
  return `${path}:${perms}`;
}

function isLocalhost(address: string): boolean {
  return /^127\./.test(address) || address === '::1';
}

/** IPAddressDeny=/IPAddressAllow= words as cgroup.c keeps them: prefixes with their families. */
function ipAddresses(s: SandboxSettings, deny: string[], allow: string[]): void {
  let denyV4 = false;
  let denyV6 = false;
  for (const word of deny) {
    if (word === 'any') denyV4 = denyV6 = true;
    else if (word === '0.0.0.0/0') denyV4 = true;
    else if (word === '::/0') denyV6 = true;
  }
  s.ipAddressDenyAll = denyV4 && denyV6;
  for (const word of allow) {
    if (word === 'localhost' || isLocalhost(word.split('/')[0])) s.ipAddressAllowLocalhost = true;
    else s.ipAddressAllowOther = true;
  }
}

/** unit_patch_contexts(): what settings imply once the unit is loaded. */
function patchContexts(s: SandboxSettings): void {
  if (s.privateDevices) s.capabilityBoundingSet &= ~capabilityMask('CAP_MKNOD', 'CAP_SYS_RAWIO');
  if (s.protectKernelModules) s.capabilityBoundingSet &= ~capabilityBit('CAP_SYS_MODULE');
  if (s.protectKernelLogs) s.capabilityBoundingSet &= ~capabilityBit('CAP_SYSLOG');
  if (s.protectClock) s.capabilityBoundingSet &= ~capabilityMask('CAP_SYS_TIME', 'CAP_WAKE_ALARM');
  if (s.dynamicUser) {
    if (!s.user) s.user = s.unitName.replace(/\.[^.]+$/, '').replace(/@.*$/, '');
    s.privateTmp = true;
    s.removeIpc = true;
    s.protectSystem = 'strict';
    if (s.protectHome === 'no') s.protectHome = 'read-only';
    s.noNewPrivileges = true;
    s.restrictSuidSgid = true;
  }
  if (s.privateDevices && s.devicePolicy === 'auto') s.devicePolicy = 'closed';
  if (s.devicePolicy !== 'auto' || s.deviceAllow.length > 0) {
    if (s.rootImage)
      s.deviceAllow.push(
        '/dev/loop-control:rw',
        '/dev/mapper/control:rw',
        'block-loop:rwm',
        'block-blkext:rwm',
        'block-device-mapper:rwm',
      );
    if (s.protectClock) s.deviceAllow.push('char-rtc:r');
  }
}
