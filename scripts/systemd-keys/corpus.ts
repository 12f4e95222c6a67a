/**
 * The unit files the differential test judges: every unit the suite's own systemd packages
 * install in its chroot, and the units of the Debian packages below, downloaded with the
 * chroot's apt (`apt-get download`, cached in $SCT_CHROOTS/unit-debs/<suite>) and unpacked
 * beside it: nothing is installed. Packages a suite does not have are named in the log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { CHROOTS } from './chroot';

export const UNIT_TYPES = [
  'service',
  'socket',
  'timer',
  'mount',
  'path',
  'target',
  'slice',
  'automount',
  'swap',
] as const;

/** Packages whose system units are judged (besides the chroot's systemd): servers, timers, sockets, mounts, paths. */
export const PACKAGES = [
  'openssh-server',
  'cron',
  'anacron',
  'rsyslog',
  'chrony',
  'ntpsec',
  'avahi-daemon',
  'cups-daemon',
  'network-manager',
  'lvm2',
  'mdadm',
  'nfs-common',
  'nfs-kernel-server',
  'rpcbind',
  'autofs',
  'smartmontools',
  'util-linux',
  'e2fsprogs',
  'man-db',
  'apt',
  'logrotate',
  'dbus-daemon',
  'udisks2',
  'polkitd',
  'bluez',
  'modemmanager',
  'wpasupplicant',
  'haveged',
  'tor',
  'redis-server',
  'memcached',
  'mosquitto',
  'sysstat',
  'fwupd',
  'libvirt-daemon-system',
  'lxc',
  'containerd',
  'dnsmasq',
  'bind9',
  'postfix',
  'dovecot-core',
  'exim4-base',
  'nginx-common',
  'apache2',
  'postgresql-common',
  'mariadb-server',
  'systemd-container',
  'systemd-homed',
  'systemd-resolved',
  'systemd-timesyncd',
  'systemd-journal-remote',
  'systemd-oomd',
  'systemd-cryptsetup',
  'udev',
  'open-iscsi',
  'multipath-tools',
  'unattended-upgrades',
  'accountsservice',
  'colord',
  'gdm3',
  'lightdm',
  'power-profiles-daemon',
  'thermald',
  'irqbalance',
  'tlp',
  'ufw',
  'firewalld',
  'nftables',
  'netfilter-persistent',
  'fail2ban',
  'clamav-daemon',
  'clamav-freshclam',
  'samba',
  'winbind',
  'sssd-common',
  'slapd',
  'squid',
  'haproxy',
  'keepalived',
  'prometheus-node-exporter',
  'cloud-init',
  'qemu-guest-agent',
  'open-vm-tools',
  'kexec-tools',
  'apparmor',
  'auditd',
  'plymouth',
  'console-setup',
  'quota',
  'rsync',
  'openvpn',
  'wireguard-tools',
  'ifupdown',
  'isc-dhcp-server',
  'kea-dhcp4-server',
  'radvd',
  'lldpd',
  'nvme-cli',
  'lm-sensors',
  'fancontrol',
  'minidlna',
  'transmission-daemon',
  'certbot',
  'needrestart',
  'plocate',
  'rabbitmq-server',
  'nut-server',
  'acpid',
  'apt-cacher-ng',
  'dropbear',
  'inetutils-inetd',
  'tftpd-hpa',
  'vsftpd',
  'proftpd-core',
  'cockpit-ws',
  'tuned',
  'cryptsetup',
  'binfmt-support',
  'docker.io',
  'podman',
  'incus',
  'snapd',
  'flatpak',
  'uwsgi-core',
  'zram-tools',
  'systemd-zram-generator',
  'dphys-swapfile',
];

/**
 * How many of PACKAGES a suite may lack (bookworm has no incus or systemd-cryptsetup package, sid no isc-dhcp-server).
 */
const MAX_MISSING = 8;

export interface CorpusFile {
  /** Where it came from: "systemd" (the chroot) or the package name. */
  origin: string;
  name: string;
  /** Absolute path outside the chroot. */
  file: string;
}

function isUnitName(name: string): boolean {
  return UNIT_TYPES.some((t) => name.endsWith(`.${t}`));
}

function unitFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && isUnitName(d.name))
    .map((d) => path.join(dir, d.name))
    .sort();
}

/** The units the chroot's installed packages ship (systemd, udev, podman …). */
export function chrootUnits(chroot: string): CorpusFile[] {
  return unitFilesIn(path.join(chroot, 'usr/lib/systemd/system')).map((file) => ({
    origin: 'installed',
    name: path.basename(file),
    file,
  }));
}

/** Downloads (once) and unpacks the packages' .debs; their system units. */
export function packageUnits(suite: string, chroot: string, log: (s: string) => void): CorpusFile[] {
  const cache = path.join(CHROOTS, 'unit-debs', suite);
  fs.mkdirSync(cache, { recursive: true });
  const inside = '/tmp/sct-unit-debs';
  const mount = path.join(chroot, inside);
  fs.rmSync(mount, { recursive: true, force: true });
  fs.mkdirSync(mount, { recursive: true });
  const have = new Set(fs.readdirSync(cache).map((f) => f.split('_')[0]));
  const missing: string[] = [];
  for (const pkg of PACKAGES) {
    if (have.has(pkg)) continue;
    const r = spawnSync('chroot', [chroot, '/usr/bin/env', '-C', inside, 'apt-get', '-q', 'download', pkg], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      missing.push(pkg);
      continue;
    }
    for (const f of fs.readdirSync(mount)) fs.renameSync(path.join(mount, f), path.join(cache, f));
  }
  if (missing.length) log(`${suite}: not in the suite (or not downloadable): ${missing.join(' ')}`);
  // a few packages come and go between releases; many missing means no mirror, not a smaller corpus
  if (missing.length > MAX_MISSING)
    throw new Error(
      `${suite}: ${missing.length} of ${PACKAGES.length} packages could not be downloaded (is ${suite}'s ` +
        'mirror reachable from the chroot?)',
    );
  const out: CorpusFile[] = [];
  const unpacked = path.join(CHROOTS, 'unit-debs', `${suite}.unpacked`);
  // a package counts once unpacked, also when its .deb was since removed from the cache to save space
  const debs = new Map(
    fs
      .readdirSync(cache)
      .filter((f) => f.endsWith('.deb'))
      .map((f) => [f.split('_')[0], f]),
  );
  const done = fs.existsSync(unpacked) ? fs.readdirSync(unpacked).filter((d) => !d.endsWith('.tmp')) : [];
  for (const pkg of [...new Set([...debs.keys(), ...done])].sort()) {
    const dest = path.join(unpacked, pkg);
    if (!fs.existsSync(dest)) {
      fs.mkdirSync(`${dest}.tmp`, { recursive: true });
      execFileSync('dpkg-deb', ['-x', path.join(cache, debs.get(pkg)!), `${dest}.tmp`]);
      fs.renameSync(`${dest}.tmp`, dest);
    }
    for (const sub of ['usr/lib/systemd/system', 'lib/systemd/system']) {
      for (const file of unitFilesIn(path.join(dest, sub))) out.push({ origin: pkg, name: path.basename(file), file });
    }
  }
  return out;
}
