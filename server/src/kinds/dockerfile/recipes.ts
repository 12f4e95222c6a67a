/**
 * The canonical systemd-in-container recipe per distribution family (../shared/design.md §2):
 * what quick fixes insert. Booting each line on dockerd is pending (engine issue and docs/verified-behaviour.md).
 */
import type { DistroFamily } from './baseImages';

export interface Recipe {
  /** Absolute path of the systemd binary to use as exec-form CMD. */
  initPath: string;
  /** Packages that provide systemd and /sbin/init. */
  systemdPackages: string[];
  /** Package that provides /sbin/init, when separate from systemd. */
  sysvPackage: string | null;
  /** Directory of vendor units. */
  unitDir: string;
  /** RUN line body that installs packages. */
  install(packages: string[]): string;
}

const apt = (pkgs: string[]) =>
  `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')} && rm -rf /var/lib/apt/lists/*`;
const dnf = (pkgs: string[]) => `dnf -y install ${pkgs.join(' ')} && dnf clean all`;

const RECIPES: Record<DistroFamily, Recipe> = {
  debian: {
    initPath: '/lib/systemd/systemd',
    systemdPackages: ['systemd', 'systemd-sysv'],
    sysvPackage: 'systemd-sysv',
    unitDir: '/lib/systemd/system',
    install: apt,
  },
  ubuntu: {
    initPath: '/lib/systemd/systemd',
    systemdPackages: ['systemd', 'systemd-sysv'],
    sysvPackage: 'systemd-sysv',
    unitDir: '/lib/systemd/system',
    install: apt,
  },
  fedora: {
    initPath: '/usr/sbin/init',
    systemdPackages: ['systemd'],
    sysvPackage: null,
    unitDir: '/usr/lib/systemd/system',
    install: dnf,
  },
  rhel: {
    initPath: '/usr/sbin/init',
    systemdPackages: ['systemd'],
    sysvPackage: null,
    unitDir: '/usr/lib/systemd/system',
    install: dnf,
  },
  amazon: {
    initPath: '/usr/sbin/init',
    systemdPackages: ['systemd'],
    sysvPackage: null,
    unitDir: '/usr/lib/systemd/system',
    install: dnf,
  },
  suse: {
    initPath: '/usr/lib/systemd/systemd',
    systemdPackages: ['systemd', 'systemd-sysvinit'],
    sysvPackage: 'systemd-sysvinit',
    unitDir: '/usr/lib/systemd/system',
    install: (pkgs) => `zypper --non-interactive install ${pkgs.join(' ')} && zypper clean --all`,
  },
  arch: {
    initPath: '/usr/lib/systemd/systemd',
    systemdPackages: ['systemd', 'systemd-sysvcompat'],
    sysvPackage: 'systemd-sysvcompat',
    unitDir: '/usr/lib/systemd/system',
    install: (pkgs) => `pacman -Syu --noconfirm ${pkgs.join(' ')} && pacman -Scc --noconfirm`,
  },
  // Alpine has no systemd package (OpenRC); the rules say so instead of offering an install.
  alpine: {
    initPath: '/sbin/init',
    systemdPackages: [],
    sysvPackage: null,
    unitDir: '/usr/lib/systemd/system',
    install: (p) => `apk add --no-cache ${p.join(' ')}`,
  },
  unknown: {
    initPath: '/sbin/init',
    systemdPackages: ['systemd'],
    sysvPackage: null,
    unitDir: '/lib/systemd/system',
    install: apt,
  },
};

export function recipeFor(family: DistroFamily): Recipe {
  return RECIPES[family];
}

/** Units that cannot work in an unprivileged container (design.md §1, §2). */
export const HARDWARE_UNITS = [
  'systemd-udevd.service',
  'systemd-udevd-control.socket',
  'systemd-udevd-kernel.socket',
  'systemd-udev-trigger.service',
  'getty.target',
  'console-getty.service',
];

export function pruneBlock(unitDir: string, eol: string): string {
  const cont = ` \\${eol}    `;
  return [
    `RUN cd ${unitDir}/sysinit.target.wants/`,
    `&& for unit in *; do [ "$unit" = systemd-tmpfiles-setup.service ] || rm -f "$unit"; done`,
    `&& rm -f ${unitDir}/multi-user.target.wants/* /etc/systemd/system/*.wants/*`,
    `   ${unitDir}/local-fs.target.wants/* ${unitDir}/sockets.target.wants/*udev*`,
    `   ${unitDir}/sockets.target.wants/*initctl* ${unitDir}/basic.target.wants/*`,
    `   ${unitDir}/anaconda.target.wants/*`,
  ].join(cont);
}

export function maskLine(units: string[]): string {
  return `RUN systemctl mask ${units.join(' ')}`;
}
