/**
 * Hardening that works where the unit runs: the strongest settings `systemd-analyze security`
 * counts that the run profile enforces (never one it makes fail, and in a container none that
 * systemd would silently skip) and that a typical daemon tolerates. Settings the unit already has
 * are left alone. The expected new exposure is computed by exposure.ts.
 */
import { parseUnitFile, type UnitFile } from '../kinds/unit/unitFile';
import { assessService } from './exposure';
import { SANDBOX_SETTINGS, verdict } from './containerSandbox';
import type { ContainerProfile } from '../../../shared/containerProfiles';

/** `host`: a unit for a host with systemd, where everything is enforced. */
export type HardeningTarget = ContainerProfile | 'host';

export interface Hardening {
  /** `Key=value` lines to add to [Service], in this order. */
  lines: string[];
  before: number;
  after: number;
}

interface Candidate {
  key: string;
  value: string | ((unit: UnitFile) => string);
  /** Left out for services that look like they need what it takes away. */
  unless?: (unit: UnitFile, name: string) => boolean;
}

const runsAsRoot = (unit: UnitFile) => {
  const user = unit.last('Service', 'User')?.value;
  const dynamic = unit.last('Service', 'DynamicUser')?.value;
  return (!user || user === 'root' || user === '0') && !(dynamic && /^(1|yes|true|on)$/i.test(dynamic));
};

const CANDIDATES: Candidate[] = [
  { key: 'NoNewPrivileges', value: 'yes', unless: (u) => runsAsRoot(u) && hasExec(u, /\b(sudo|su|newgrp|passwd)\b/) },
  { key: 'PrivateTmp', value: 'yes' },
  { key: 'ProtectSystem', value: 'full' },
  { key: 'ProtectHome', value: 'read-only' },
  { key: 'PrivateDevices', value: 'yes' },
  { key: 'ProtectKernelTunables', value: 'yes' },
  { key: 'ProtectKernelModules', value: 'yes' },
  { key: 'ProtectKernelLogs', value: 'yes' },
  { key: 'ProtectControlGroups', value: 'yes' },
  { key: 'ProtectHostname', value: 'yes' },
  { key: 'ProtectClock', value: 'yes', unless: (_u, name) => /ntp|chrony|time|clock/i.test(name) },
  { key: 'RestrictRealtime', value: 'yes', unless: (_u, name) => /pulse|pipewire|jack|rtkit|audio/i.test(name) },
  { key: 'RestrictSUIDSGID', value: 'yes' },
  {
    key: 'RestrictNamespaces',
    value: 'yes',
    unless: (_u, name) => /container|docker|podman|lxc|nspawn|sandbox|chrom/i.test(name),
  },
  { key: 'LockPersonality', value: 'yes' },
  { key: 'SystemCallArchitectures', value: 'native' },
  {
    key: 'RestrictAddressFamilies',
    value: 'AF_UNIX AF_INET AF_INET6 AF_NETLINK',
    unless: (_u, name) => /dhcp|dhclient|lldp|arp|pcap|network|wpa|hostapd|bluetooth|bluez|can/i.test(name),
  },
  // Root daemons often chroot() themselves after start (haproxy's Debian config does; sshd, postfix, bind too), and
  // @system-service lacks chroot(): measured, haproxy dies with SIGSYS (status 159). Allowing it costs 0.1.
  { key: 'SystemCallFilter', value: (u) => (runsAsRoot(u) ? '@system-service chroot' : '@system-service') },
  // Only for services that already run unprivileged: a root daemon may still switch users or tune resources.
  { key: 'SystemCallFilter', value: '~@privileged @resources', unless: (u) => runsAsRoot(u) },
  {
    key: 'CapabilityBoundingSet',
    value: '',
    unless: (u) => runsAsRoot(u) || !!u.last('Service', 'AmbientCapabilities'),
  },
  { key: 'RemoveIPC', value: 'yes', unless: (u) => runsAsRoot(u) },
];

/**
 * Services that start users' login sessions or jobs (sshd, cron, at, getty, login): every setting
 * the service gets, each session inherits. Measured (test/engine/hardening.test.ts): with
 * NoNewPrivileges= on ssh.service, `sudo` in an ssh session fails; a filter or a namespace ban would
 * likewise reach every administrator's shell. None of the candidates is offered for them.
 */
const SESSION_NAMES = new RegExp(
  '^(ssh|sshd|openssh-server|dropbear|cron|crond|cronie|anacron|atd|login|getty@|serial-getty@|console-getty|' +
    'container-getty@|xrdp|telnetd?|rlogin|rsh)(\\.service|@)',
);
const SESSION_EXECS = /(^|\/)(sshd|dropbear|cron|crond|anacron|atd|agetty|getty|login|xrdp|in\.telnetd)(\s|$)/;

export function startsSessions(unit: UnitFile, name: string): boolean {
  return SESSION_NAMES.test(name) || hasExec(unit, SESSION_EXECS);
}

function hasExec(unit: UnitFile, pattern: RegExp): boolean {
  return unit.entries.some((e) => e.section === 'Service' && e.key.startsWith('Exec') && pattern.test(e.value));
}

/**
 * Whether the target enforces a setting (containerSandbox.ts); unknown keys are enforced by system call filters or
 * capabilities.
 */
function enforced(key: string, target: HardeningTarget): boolean {
  if (target === 'host') return true;
  const setting = SANDBOX_SETTINGS.find((s) => s.key === key);
  return !setting || verdict(setting, target).outcome === 'enforced';
}

export function hardening(text: string, unitName: string, target: HardeningTarget, systemdVersion: number): Hardening {
  const unit = parseUnitFile(text);
  const before = assessService([unit], unitName, systemdVersion).exposure;
  const lines: string[] = [];
  for (const c of startsSessions(unit, unitName) ? [] : CANDIDATES) {
    if (!enforced(c.key, target)) continue;
    if (c.unless?.(unit, unitName)) continue;
    // The first SystemCallFilter= candidate decides whether the unit already filters; the second refines ours.
    const ours = c.key === 'SystemCallFilter' && lines.some((l) => l.startsWith('SystemCallFilter='));
    if (!ours && unit.all('Service', c.key).length > 0) continue;
    if (c.key === 'SystemCallFilter' && typeof c.value === 'string' && c.value.startsWith('~') && !ours) continue;
    lines.push(`${c.key}=${typeof c.value === 'string' ? c.value : c.value(unit)}`);
  }
  const hardened = parseUnitFile(
    `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}[Service]\n${lines.join('\n')}\n`,
  );
  const after = assessService([hardened], unitName, systemdVersion).exposure;
  return { lines, before, after };
}
