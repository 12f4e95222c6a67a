/**
 * What the linter knows about a base image from its name alone: distribution family (which
 * decides package manager, init path and package names) and whether systemd is already in it.
 * Unknown names give `family: 'unknown'` and `systemd: 'unknown'`, which makes the rules that
 * depend on them stay silent rather than guess.
 */
import { BoundedMemo } from '../../../../shared/boundedMemo';

export type DistroFamily = 'debian' | 'ubuntu' | 'fedora' | 'rhel' | 'suse' | 'arch' | 'alpine' | 'amazon' | 'unknown';

export interface BaseImageInfo {
  /** The image reference as resolved (ARG defaults substituted), or null for unresolved ARGs. */
  reference: string | null;
  family: DistroFamily;
  /** Whether systemd (and the init symlink) is already installed in the base image. */
  systemd: 'yes' | 'no' | 'unknown';
  /**
   * A base built for systemd (e.g. `ubi9/ubi-init`, `jrei/systemd-ubuntu`): it carries the init
   * CMD, the pruning and the masks, so children are not blamed for what the parent did.
   */
  systemdReady: boolean;
  /** Base sets `container=` (ubi-init sets container=oci). */
  setsContainerEnv: 'yes' | 'no' | 'unknown';
  /** Base sets STOPSIGNAL SIGRTMIN+3. */
  setsStopSignal: 'yes' | 'no' | 'unknown';
  /**
   * RHEL-family base images (centos:7, rockylinux, almalinux, ubi) are built with getty.target,
   * console-getty, systemd-logind and systemd-remount-fs masked.
   */
  masksHardwareServices: boolean;
  /** The base's default CMD runs an init (systemd-ready bases). */
  cmdIsInit: boolean;
  /**
   * Systemd-ready bases: whether the base emptied the default `*.wants` links ('partial': some
   * of them, so a child's remaining links are not known).
   */
  prunesWants: 'yes' | 'partial' | 'no' | 'unknown';
  /** Where what is said here about a systemd-ready base was read (its public Dockerfile). */
  source?: string;
  /** A name that says systemd but is no image we know (`tb/bookworm-systemd`): it may be set up already. */
  namedForSystemd: boolean;
  /** `FROM scratch`: empty filesystem. */
  scratch: boolean;
}

/** Official Docker Hub application images; Debian-based unless the tag says alpine. */
const DEBIAN_BASED_APP_IMAGES = new Set([
  'nginx',
  'httpd',
  'node',
  'python',
  'golang',
  'ruby',
  'php',
  'perl',
  'openjdk',
  'eclipse-temurin',
  'redis',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'rabbitmq',
  'memcached',
  'haproxy',
  'tomcat',
  'rust',
  'gcc',
  'buildpack-deps',
  'bash',
  'maven',
  'gradle',
  'elixir',
  'erlang',
  'haskell',
  'julia',
  'r-base',
  'wordpress',
  'nextcloud',
  'ghost',
  'drupal',
  'joomla',
  'jenkins',
  'sonarqube',
]);

export function unknownBase(reference: string | null): BaseImageInfo {
  return {
    reference,
    family: 'unknown',
    systemd: 'unknown',
    systemdReady: false,
    setsContainerEnv: 'unknown',
    setsStopSignal: 'unknown',
    masksHardwareServices: false,
    cmdIsInit: false,
    prunesWants: 'unknown',
    namedForSystemd: false,
    scratch: false,
  };
}

type KnownBase = Pick<
  BaseImageInfo,
  'family' | 'setsContainerEnv' | 'setsStopSignal' | 'masksHardwareServices' | 'prunesWants' | 'source'
>;

/**
 * Images built to run systemd, with what each sets, as read in its public Dockerfile. A child
 * inherits all of it; what the base does not do is still the child's to do.
 */
const KNOWN_SYSTEMD_BASES: { match: RegExp; info: (path: string) => KnownBase }[] = [
  {
    // j8r/dockerfiles systemd/{debian,ubuntu,centos,fedora}/Dockerfile: canonical prune, no ENV, no STOPSIGNAL
    match: /^jrei\/systemd-(debian|ubuntu|centos|fedora)$/,
    info: (path) => ({
      family: familyFromWords(path),
      setsContainerEnv: 'no',
      setsStopSignal: 'no',
      masksHardwareServices: true,
      prunesWants: 'yes',
      source: 'j8r/dockerfiles systemd/*/Dockerfile',
    }),
  },
  {
    // geerlingguy/docker-{debian,ubuntu}*-ansible: only getty removed, no ENV container, no STOPSIGNAL;
    // the RHEL-family ones set container=docker and prune (rockylinux9: all but sysinit.target.wants)
    match: /^geerlingguy\/docker-[a-z]+\d*-ansible$/,
    info: (path) => {
      const family = familyFromWords(path);
      const rhel = family === 'rhel' || family === 'amazon';
      return {
        family,
        setsContainerEnv: rhel ? 'yes' : 'no',
        setsStopSignal: 'no',
        masksHardwareServices: true,
        prunesWants: /centos/.test(path) ? 'yes' : rhel && !/amazon/.test(path) ? 'partial' : 'no',
        source: 'geerlingguy/docker-*-ansible Dockerfile',
      };
    },
  },
  {
    // nestybox/dockerfiles *-systemd: STOPSIGNAL SIGRTMIN+3, no ENV container, no prune, udev masked, gettys left on
    match: /^nestybox\/[a-z0-9-]+-systemd(-docker)?$/,
    info: (path) => ({
      family: familyFromWords(path),
      setsContainerEnv: 'no',
      setsStopSignal: 'yes',
      masksHardwareServices: false,
      prunesWants: 'no',
      source: 'nestybox/dockerfiles */Dockerfile',
    }),
  },
  {
    // kubernetes-sigs/kind images/base/Dockerfile: ENV container=docker, STOPSIGNAL SIGRTMIN+3, entrypoint + /sbin/init
    match: /^kindest\/(node|base)$/,
    info: () => ({
      family: 'debian',
      setsContainerEnv: 'yes',
      setsStopSignal: 'yes',
      masksHardwareServices: true,
      prunesWants: 'partial',
      source: 'kubernetes-sigs/kind images/base/Dockerfile',
    }),
  },
  {
    // CentOS/CentOS-Dockerfiles systemd/centos7/Dockerfile: ENV container docker, canonical prune, no STOPSIGNAL
    match: /^centos\/systemd$/,
    info: () => ({
      family: 'rhel',
      setsContainerEnv: 'yes',
      setsStopSignal: 'no',
      masksHardwareServices: true,
      prunesWants: 'yes',
      source: 'CentOS/CentOS-Dockerfiles systemd/centos7/Dockerfile',
    }),
  },
  {
    // test-kitchen/dokken-images */Dockerfile (kitchen-dokken's images, every distribution alike): systemd installed,
    // CMD systemd, a find -path '*.wants/*' that removes only the getty, udev, logind, vconsole and readahead links,
    // no ENV container, no STOPSIGNAL
    match: /^dokken\/[a-z]+(-[a-z]+)*-[0-9a-z.]+$/,
    info: (path) => ({
      family: familyFromWords(path),
      setsContainerEnv: 'no',
      setsStopSignal: 'no',
      masksHardwareServices: true,
      prunesWants: 'partial',
      source: 'test-kitchen/dokken-images */Dockerfile',
    }),
  },
  {
    // fauust/docker-systemd Dockerfile*: no ENV, no STOPSIGNAL, all wants but sysinit.target.wants removed
    match: /^fauust\/docker-systemd$/,
    info: (path) => ({
      family: familyFromWords(path) === 'unknown' ? 'debian' : familyFromWords(path),
      setsContainerEnv: 'no',
      setsStopSignal: 'no',
      masksHardwareServices: true,
      prunesWants: 'partial',
      source: 'fauust/docker-systemd Dockerfile',
    }),
  },
];

/** The registry host of a reference: Docker Hub (`docker.io`) when the first component names none. */
export function registryOf(reference: string): string {
  const first = reference.toLowerCase().split('/')[0];
  const named = reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return !named || first === 'index.docker.io' || first === 'registry-1.docker.io' ? 'docker.io' : first;
}

/**
 * Whether a distribution image sets `container=` depends on who built it: the Fedora project's
 * registry and Red Hat's UBI builds set container=oci (skopeo-inspect(1) shows ubi8's Env; freeipa-container
 * checks it on registry.fedoraproject.org/fedora), while Docker Hub's library images set no such variable
 * (docker-library/repo-info: fedora's ENV is DISTTAG, FGC and FBR only). Another registry's copy is not known.
 */
function containerEnvOf(family: DistroFamily, registry: string, name: string): 'yes' | 'no' | 'unknown' {
  if (family === 'rhel' && /^ubi\d*(-|$)/.test(name)) return 'yes';
  if (family === 'fedora' && registry === 'registry.fedoraproject.org') return 'yes';
  if (family === 'fedora' && registry !== 'docker.io') return 'unknown';
  return 'no';
}

/** Split `registry/ns/name:tag@digest` into the repository path (without registry) and tag. */
export function splitImageReference(reference: string): { path: string; tag: string } {
  let ref = reference.toLowerCase();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  let tag = '';
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) {
    tag = ref.slice(colon + 1);
    ref = ref.slice(0, colon);
  }
  const parts = ref.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) parts.shift();
  return { path: parts.join('/'), tag };
}

function versionOf(tag: string): number | null {
  const m = /^(\d+)(?:\.(\d+))?/.exec(tag);
  return m ? Number(m[1]) + (m[2] ? Number(`0.${m[2]}`) : 0) : null;
}

/** What is known of base images by reference: a lint asks for each FROM and each run line's image. */
const described = new BoundedMemo<string, BaseImageInfo>(1000);

export function describeBaseImage(reference: string | null): BaseImageInfo {
  if (reference === null) return readBaseImage(reference);
  return described.get(reference, () => Object.freeze(readBaseImage(reference)));
}

function readBaseImage(reference: string | null): BaseImageInfo {
  if (reference === null || /\$/.test(reference)) return unknownBase(reference);
  const { path, tag } = splitImageReference(reference);
  const info = unknownBase(reference);
  const name = path.split('/').pop() ?? path;

  if (path === 'scratch')
    return { ...info, scratch: true, systemd: 'no', setsContainerEnv: 'no', setsStopSignal: 'no' };

  // Images built to run systemd: children inherit the whole recipe.
  if (
    /^ubi\d*[-/]?init$|^ubi\d*\/ubi-init$/.test(name) ||
    /(^|\/)ubi\d+\/ubi-init$/.test(path) ||
    name === 'ubi-init'
  ) {
    return {
      ...info,
      family: 'rhel',
      systemd: 'yes',
      systemdReady: true,
      setsContainerEnv: 'yes',
      setsStopSignal: 'yes',
      masksHardwareServices: true,
      cmdIsInit: true,
    };
  }
  const known = KNOWN_SYSTEMD_BASES.find((k) => k.match.test(path));
  if (known) {
    const facts = known.info(`${path}:${tag}`);
    return { ...info, ...facts, systemd: 'yes', systemdReady: true, cmdIsInit: true };
  }
  // A name that says systemd (a local `tb/bookworm-systemd`): probably systemd, but what it sets
  // is not known, so nothing is taken for granted and this file's own findings stand.
  if (/(^|[/_.-])systemd([_.-]|$)/.test(path))
    return { ...info, family: familyFromWords(`${path}:${tag}`), namedForSystemd: true };

  const family = familyOf(path, name, tag);
  info.family = family;
  info.setsContainerEnv = containerEnvOf(family, registryOf(reference), name);
  info.setsStopSignal = 'no';
  const v = versionOf(tag);
  switch (family) {
    case 'ubuntu':
      // Images before 17.10's minimal ones (16.04 xenial) may carry systemd: not known.
      info.systemd = (v !== null && v < 17.1) || /^(xenial|trusty|wily|yakkety|zesty)/.test(tag) ? 'unknown' : 'no';
      break;
    case 'debian':
    case 'alpine':
      info.systemd = 'no';
      break;
    case 'fedora':
      // Fedora's container base lost systemd in 34 (the minimal image); rawhide/latest have none.
      info.systemd = v !== null && v < 34 ? 'yes' : 'no';
      break;
    case 'rhel':
      if (/minimal|micro/.test(name) || /minimal|micro/.test(tag)) info.systemd = 'no';
      else if (/^ubi/.test(name)) info.systemd = 'unknown';
      else info.systemd = 'yes'; // centos, rockylinux, almalinux, oraclelinux ship systemd
      info.masksHardwareServices = info.systemd === 'yes';
      break;
    case 'arch':
      info.systemd = 'yes'; // the archlinux base includes systemd and systemd-sysvcompat
      break;
    case 'suse':
    case 'amazon':
      info.systemd = 'unknown';
      break;
    default:
      info.setsContainerEnv = 'unknown';
      info.setsStopSignal = 'unknown';
  }
  return info;
}

/** A distribution named somewhere in an image reference (`tb/bookworm-systemd`, `jrei/systemd-ubuntu`). */
function familyFromWords(path: string): DistroFamily {
  if (/ubuntu|jammy|focal|noble|bionic|xenial/.test(path)) return 'ubuntu';
  if (/debian|bookworm|bullseye|buster|trixie|stretch/.test(path)) return 'debian';
  if (/fedora/.test(path)) return 'fedora';
  if (/centos|rocky|alma|rhel|ubi|oracle/.test(path)) return 'rhel';
  if (/amazon/.test(path)) return 'amazon';
  if (/suse|sles/.test(path)) return 'suse';
  if (/arch/.test(path)) return 'arch';
  return 'unknown';
}

function familyOf(path: string, name: string, tag: string): DistroFamily {
  if (/alpine/.test(tag) || name === 'alpine') return 'alpine';
  if (name === 'debian' || /(^|\/)debian$/.test(path)) return 'debian';
  if (name === 'ubuntu' || /(^|\/)ubuntu$/.test(path)) return 'ubuntu';
  if (name === 'fedora' || /^fedora(\/|$)/.test(path)) return 'fedora';
  if (
    ['centos', 'rockylinux', 'almalinux', 'oraclelinux', 'rhel'].includes(name) ||
    /^ubi\d*(-|$)/.test(name) ||
    /(^|\/)(ubi\d*|rhel\d*)\//.test(path) ||
    /^rockylinux\//.test(path) ||
    /^almalinux\//.test(path)
  )
    return 'rhel';
  if (/^opensuse\//.test(path) || /^suse\//.test(path) || /^bci\//.test(path) || name === 'sles' || /^sle\d/.test(name))
    return 'suse';
  if (name === 'archlinux' || /^archlinux\//.test(path) || path === 'base/archlinux') return 'arch';
  if (name === 'amazonlinux') return 'amazon';
  if (DEBIAN_BASED_APP_IMAGES.has(path)) return 'debian';
  return 'unknown';
}
