/**
 * The option sets of `docker` / `podman` and of the sub-commands a unit runs, and which options take
 * a value: that decides how `-dit`, `-v x`, `--name x` and `--name=x` split. Generated from
 * `docker <command> --help` of the Docker CLI 28.2.2 and from podman-<command>(1) of Debian trixie's
 * podman 5.4.2+ds1-2+b2, with the corrections listed at the end of the tables. The unit
 * test runspecFlags.test.ts re-derives the tables from both sources when they are on the machine.
 * Format per command: options that take a value, boolean options, and short letter → long name.
 */

export interface FlagTable {
  /** Long option name (no dashes) → takes a value. */
  long: ReadonlyMap<string, boolean>;
  /** Short letter → long option name. */
  short: ReadonlyMap<string, string>;
}

export type Verb = 'global' | 'run' | 'create' | 'start' | 'stop' | 'rm' | 'kill';

interface RawTable {
  values: string;
  bools: string;
  short: string;
}

const DOCKER_RAW: Record<Verb, RawTable> = {
  global: {
    values: 'config context host log-level tlscacert tlscert tlskey',
    bools: 'debug tls tlsverify version',
    short: 'D=debug H=host c=context l=log-level v=version',
  },
  run: {
    values:
      'add-host annotation attach blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent ' +
      'cgroupns cidfile cpu-count cpu-percent cpu-period cpu-quota cpu-rt-period cpu-rt-runtime ' +
      'cpu-shares cpus cpuset-cpus cpuset-mems detach-keys device device-cgroup-rule device-read-bps ' +
      'device-read-iops device-write-bps device-write-iops dns dns-opt dns-option dns-search domainname ' +
      'entrypoint env env-file expose gpus group-add health-cmd health-interval health-retries ' +
      'health-start-interval health-start-period health-timeout hostname io-maxbandwidth io-maxiops ip ' +
      'ip6 ipc isolation kernel-memory label label-file link link-local-ip log-driver log-opt ' +
      'mac-address memory memory-reservation memory-swap memory-swappiness mount name net net-alias ' +
      'network network-alias oom-score-adj pid pids-limit platform publish pull restart runtime ' +
      'security-opt shm-size stop-signal stop-timeout storage-opt sysctl tmpfs ulimit user userns uts ' +
      'volume volume-driver volumes-from workdir',
    bools:
      'detach disable-content-trust help init interactive no-healthcheck oom-kill-disable privileged ' +
      'publish-all quiet read-only rm sig-proxy tty use-api-socket',
    short:
      'P=publish-all a=attach c=cpu-shares d=detach e=env h=hostname i=interactive l=label m=memory p=publish ' +
      'q=quiet t=tty u=user v=volume w=workdir',
  },
  create: {
    values:
      'add-host annotation attach blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent ' +
      'cgroupns cidfile cpu-count cpu-percent cpu-period cpu-quota cpu-rt-period cpu-rt-runtime ' +
      'cpu-shares cpus cpuset-cpus cpuset-mems device device-cgroup-rule device-read-bps ' +
      'device-read-iops device-write-bps device-write-iops dns dns-opt dns-option dns-search domainname ' +
      'entrypoint env env-file expose gpus group-add health-cmd health-interval health-retries ' +
      'health-start-interval health-start-period health-timeout hostname io-maxbandwidth io-maxiops ip ' +
      'ip6 ipc isolation kernel-memory label label-file link link-local-ip log-driver log-opt ' +
      'mac-address memory memory-reservation memory-swap memory-swappiness mount name net net-alias ' +
      'network network-alias oom-score-adj pid pids-limit platform publish pull restart runtime ' +
      'security-opt shm-size stop-signal stop-timeout storage-opt sysctl tmpfs ulimit user userns uts ' +
      'volume volume-driver volumes-from workdir',
    bools:
      'disable-content-trust help init interactive no-healthcheck oom-kill-disable privileged ' +
      'publish-all quiet read-only rm tty use-api-socket',
    short:
      'P=publish-all a=attach c=cpu-shares e=env h=hostname i=interactive l=label m=memory p=publish q=quiet ' +
      't=tty u=user v=volume w=workdir',
  },
  start: {
    values: 'checkpoint checkpoint-dir detach-keys',
    bools: 'attach interactive',
    short: 'a=attach i=interactive',
  },
  stop: {
    values: 'signal timeout',
    bools: '',
    short: 's=signal t=timeout',
  },
  rm: {
    values: '',
    bools: 'force link volumes',
    short: 'f=force l=link v=volumes',
  },
  kill: {
    values: 'signal',
    bools: '',
    short: 's=signal',
  },
};

const PODMAN_RAW: Record<Verb, RawTable> = {
  global: {
    values:
      'cgroup-manager config conmon connection events-backend hooks-dir identity imagestore log-level ' +
      'module network-cmd-path network-config-dir out root runroot runtime runtime-flag ssh ' +
      'storage-driver storage-opt tmpdir url volumepath',
    bools: 'help remote syslog transient-store version',
    short: 'c=connection h=help r=remote v=version',
  },
  run: {
    values:
      'add-host annotation arch attach authfile blkio-weight blkio-weight-device cap-add cap-drop ' +
      'cgroup-conf cgroup-parent cgroupns cgroups chrootdirs cidfile conmon-pidfile cpu-period ' +
      'cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems decryption-key ' +
      'detach-keys device device-cgroup-rule device-read-bps device-read-iops device-write-bps ' +
      'device-write-iops dns dns-option dns-search entrypoint env env-file env-merge expose gidmap gpus ' +
      'group-add group-entry health-cmd health-interval health-log-destination health-max-log-count ' +
      'health-max-log-size health-on-failure health-retries health-start-period health-startup-cmd ' +
      'health-startup-interval health-startup-retries health-startup-success health-startup-timeout ' +
      'health-timeout hostname hosts-file hostuser image-volume init-path ip ip6 ipc label label-file ' +
      'link-local-ip log-driver log-opt mac-address memory memory-reservation memory-swap ' +
      'memory-swappiness mount name net network network-alias oom-score-adj os passwd-entry personality ' +
      'pid pidfile pids-limit platform pod pod-id-file preserve-fd preserve-fds publish pull rdt-class ' +
      'requires restart retry retry-delay sdnotify seccomp-policy secret security-opt shm-size ' +
      'shm-size-systemd stop-signal stop-timeout subgidname subuidname sysctl systemd timeout tmpfs tz ' +
      'uidmap ulimit umask unsetenv user userns uts variant volume volumes-from workdir',
    bools:
      'detach disable-content-trust env-host help http-proxy init interactive no-healthcheck ' +
      'no-hostname no-hosts oom-kill-disable passwd privileged publish-all quiet ' +
      'read-only read-only-tmpfs replace rm rmi rootfs sig-proxy tls-verify tty unsetenv-all',
    short:
      'P=publish-all a=attach c=cpu-shares d=detach e=env h=hostname i=interactive l=label m=memory p=publish ' +
      'q=quiet t=tty u=user v=volume w=workdir',
  },
  create: {
    values:
      'add-host annotation arch attach authfile blkio-weight blkio-weight-device cap-add cap-drop ' +
      'cgroup-conf cgroup-parent cgroupns cgroups chrootdirs cidfile conmon-pidfile cpu-period ' +
      'cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems decryption-key ' +
      'device device-cgroup-rule device-read-bps device-read-iops device-write-bps device-write-iops ' +
      'dns dns-option dns-search entrypoint env env-file env-merge expose gidmap gpus group-add ' +
      'group-entry health-cmd health-interval health-log-destination health-max-log-count ' +
      'health-max-log-size health-on-failure health-retries health-start-period health-startup-cmd ' +
      'health-startup-interval health-startup-retries health-startup-success health-startup-timeout ' +
      'health-timeout hostname hosts-file hostuser image-volume init-ctr init-path ip ip6 ipc label ' +
      'label-file link-local-ip log-driver log-opt mac-address memory memory-reservation memory-swap ' +
      'memory-swappiness mount name net network network-alias oom-score-adj os passwd-entry personality ' +
      'pid pidfile pids-limit platform pod pod-id-file publish pull rdt-class requires restart retry ' +
      'retry-delay sdnotify seccomp-policy secret security-opt shm-size shm-size-systemd stop-signal ' +
      'stop-timeout subgidname subuidname sysctl systemd timeout tmpfs tz uidmap ulimit umask unsetenv ' +
      'user userns uts variant volume volumes-from workdir',
    bools:
      'disable-content-trust env-host help http-proxy init interactive no-healthcheck no-hostname ' +
      'no-hosts oom-kill-disable privileged publish-all quiet read-only read-only-tmpfs replace rm ' +
      'rootfs tls-verify tty unsetenv-all',
    short:
      'P=publish-all a=attach c=cpu-shares e=env h=hostname i=interactive l=label m=memory p=publish q=quiet ' +
      't=tty u=user v=volume w=workdir',
  },
  start: {
    values: 'detach-keys',
    bools: 'all attach filter interactive latest sig-proxy',
    short: 'a=attach f=filter i=interactive l=latest',
  },
  stop: {
    values: 'cidfile filter time',
    bools: 'all ignore latest',
    short: 'a=all f=filter i=ignore l=latest t=time',
  },
  rm: {
    values: 'cidfile filter time',
    bools: 'all depend force ignore latest volumes',
    short: 'a=all f=force i=ignore l=latest t=time v=volumes',
  },
  kill: {
    values: 'cidfile signal',
    bools: 'all latest',
    short: 'a=all l=latest s=signal',
  },
};
/**
 * Corrections to the generated tables:
 * - podman(1) lists `--config`, `--conmon` and `--connection` without `=value`, but they are string
 *   options (`podman --help`); they are in the values lists above.
 * - `docker run --help` hides `--net`, `--net-alias` and `--dns-opt` (aliases of `--network`,
 *   `--network-alias`, `--dns-option`, still accepted); they are in the values lists above.
 */
const ALIASES: Record<string, string> = { net: 'network', 'net-alias': 'network-alias', 'dns-opt': 'dns-option' };

/**
 * `docker-compose` (v1) and `docker compose` (v2) global options and those of the sub-commands units
 * use: hand-written from docker-compose 1.29.2's usage texts (Debian bookworm's docker-compose,
 * compose/cli/main.py) plus the options Compose v2 added (`--wait`, `--dry-run`, `--progress` …).
 */
const COMPOSE_RAW: Record<
  'global' | 'up' | 'down' | 'rm' | 'stop' | 'start' | 'restart' | 'pull' | 'build' | 'run' | 'kill',
  RawTable
> = {
  global: {
    values:
      'file project-name profile context log-level ansi host tlscacert tlscert tlskey project-directory ' +
      'env-file parallel progress',
    bools: 'verbose no-ansi version tls tlsverify skip-hostname-check compatibility dry-run all-resources',
    short: 'f=file p=project-name c=context H=host v=version',
  },
  up: {
    values: 'timeout scale exit-code-from attach no-attach pull wait-timeout',
    bools:
      'detach no-color quiet-pull no-deps force-recreate always-recreate-deps no-recreate no-build no-start ' +
      'build abort-on-container-exit attach-dependencies renew-anon-volumes remove-orphans wait no-log-prefix ' +
      'timestamps menu watch yes',
    short: 'd=detach t=timeout V=renew-anon-volumes y=yes',
  },
  down: { values: 'rmi timeout', bools: 'volumes remove-orphans', short: 'v=volumes t=timeout' },
  rm: { values: '', bools: 'force stop all volumes', short: 'f=force s=stop a=all v=volumes' },
  stop: { values: 'timeout', bools: '', short: 't=timeout' },
  start: { values: '', bools: 'wait', short: '' },
  restart: { values: 'timeout', bools: 'no-deps', short: 't=timeout' },
  pull: {
    values: 'policy',
    bools: 'ignore-pull-failures parallel no-parallel quiet include-deps ignore-buildable',
    short: 'q=quiet',
  },
  build: {
    values: 'build-arg memory progress ssh builder',
    bools: 'compress force-rm no-cache pull parallel quiet push with-dependencies',
    short: 'm=memory q=quiet',
  },
  run: {
    values: 'name entrypoint env label user publish volume workdir cap-add cap-drop',
    bools: 'detach no-deps rm service-ports use-aliases no-TTY interactive tty build remove-orphans quiet-pull',
    short: 'd=detach e=env l=label u=user p=publish v=volume w=workdir T=no-TTY i=interactive t=tty',
  },
  kill: { values: 'signal', bools: 'remove-orphans', short: 's=signal' },
};

export type ComposeVerb = keyof typeof COMPOSE_RAW;

function build(raw: RawTable): FlagTable {
  const long = new Map<string, boolean>();
  for (const n of raw.values.split(/\s+/).filter(Boolean)) long.set(n, true);
  for (const n of raw.bools.split(/\s+/).filter(Boolean)) long.set(n, false);
  const short = new Map<string, string>();
  for (const pair of raw.short.split(/\s+/).filter(Boolean)) {
    const [s, l] = pair.split('=');
    short.set(s, l);
  }
  return { long, short };
}

function buildAll<K extends string>(raw: Record<K, RawTable>): Record<K, FlagTable> {
  const out = {} as Record<K, FlagTable>;
  for (const k of Object.keys(raw) as K[]) out[k] = build(raw[k]);
  return out;
}

export const DOCKER_FLAGS: Record<Verb, FlagTable> = buildAll(DOCKER_RAW);
export const PODMAN_FLAGS: Record<Verb, FlagTable> = buildAll(PODMAN_RAW);
export const COMPOSE_FLAGS: Record<ComposeVerb, FlagTable> = buildAll(COMPOSE_RAW);

/** The canonical long name of an option (`net` → `network`). */
export function canonicalFlag(name: string): string {
  return ALIASES[name] ?? name;
}
