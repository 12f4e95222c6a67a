/**
 * The systemd-as-PID-1 pitfalls of a run configuration, checked on the RunSpec so that compose
 * services, devcontainers and docker/podman run lines in units share one judgement. The rule
 * modules (rules/compose, rules/devcontainer, rules/unit) turn these reports into findings with
 * fixes in their own syntax; the explanations here are the shared part of their docs.
 */
import type { Range, Severity } from '../core/types';
import { isSystemdStopSignal } from '../kinds/dockerfile/facts';
import type { SystemdJudgement } from './systemdIntent';
import type { MountSpec, RunSpec } from '../../../shared/runSpec';

export type PitfallId =
  | 'missing-tmpfs'
  | 'missing-cgroup'
  | 'privileged'
  | 'cgroup-ro-mount'
  | 'cgroup-rw-without-cgroupns-host'
  | 'cgroup-v1-path-mount'
  | 'missing-stop-signal'
  | 'missing-container-env'
  | 'host-run-lock-bind'
  | 'host-network-systemd';

export interface PitfallText {
  summary: string;
  explanation: string;
  sources: string[];
  defaultSeverity: Severity;
}

/** How a run configuration spells the settings, for messages. */
export interface Vocabulary {
  tmpfs: string;
  cgroupMount: string;
  cgroupHost: string;
  privileged: string;
  stopSignal: string;
  containerEnv: string;
  hostNetwork: string;
}

export const COMPOSE_VOCABULARY: Vocabulary = {
  tmpfs: '`tmpfs: [/run, /run/lock]`',
  cgroupMount: '`/sys/fs/cgroup:/sys/fs/cgroup:rw` in `volumes`',
  cgroupHost: '`cgroup: host`',
  privileged: '`privileged: true`',
  stopSignal: '`stop_signal: SIGRTMIN+3`',
  containerEnv: '`container=docker` in `environment`',
  hostNetwork: '`network_mode: host`',
};

export const CLI_VOCABULARY: Vocabulary = {
  tmpfs: '`--tmpfs /run --tmpfs /run/lock`',
  cgroupMount: '`-v /sys/fs/cgroup:/sys/fs/cgroup:rw`',
  cgroupHost: '`--cgroupns=host`',
  privileged: '`--privileged`',
  stopSignal: '`--stop-signal=SIGRTMIN+3`',
  containerEnv: '`-e container=docker`',
  hostNetwork: '`--network=host`',
};

export const DEVCONTAINER_VOCABULARY: Vocabulary = {
  tmpfs: '`"--tmpfs=/run", "--tmpfs=/run/lock"` in `runArgs`',
  cgroupMount: 'a `/sys/fs/cgroup` bind in `mounts`',
  cgroupHost: '`"--cgroupns=host"` in `runArgs`',
  privileged: '`"privileged": true`',
  stopSignal: '`"--stop-signal=SIGRTMIN+3"` in `runArgs`',
  containerEnv: '`"container": "docker"` in `containerEnv`',
  hostNetwork: '`--network=host`',
};

const V2_UNVERIFIED = 'the cgroup v2 behaviour is documented (design.md §1) and not verified by this project, whose test host runs cgroup v1 (docs/verified-behaviour.md, environment)';

export const PITFALL_TEXT: Record<PitfallId, PitfallText> = {
  'missing-tmpfs': {
    summary: 'systemd container without a tmpfs on /run',
    defaultSeverity: 'error',
    explanation:
      "systemd needs `/run` and `/run/lock` to be tmpfs mounts. When they are not, it mounts them itself, which needs CAP_SYS_ADMIN: an unprivileged container exits at once with code 255 (`Failed to mount tmpfs at /run: Operation not permitted` … `Exiting PID 1...`, visible only with a TTY). Docker adds no such mounts; Podman does in its systemd mode. A privileged container can mount them itself, so it only boots because it is privileged (and cannot drop that). Debian's systemd also mounts `/run/lock` as its own tmpfs: with a tmpfs on `/run` only, an unprivileged Debian bookworm container still exits 255 with `Failed to mount tmpfs at /run/lock: Operation not permitted` (checked on this project's dockerd, Docker CLI 28.2.2 / dockerd 20.10, cgroup v1); Ubuntu's systemd comes from the same packaging (not checked). So the fix adds both; for images known to be Debian- or Ubuntu-based a missing `/run/lock` is reported too.",
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 1', 'docs/verified-behaviour.md claim 9', 'dockerd check: sct/debian-systemd:bookworm with --tmpfs /run only → exit 255, with /run and /run/lock → running', 'podman-run(1) --systemd', 'seed 003 (privileged works without tmpfs)'],
  },
  'missing-cgroup': {
    summary: 'systemd container without a writable cgroup',
    defaultSeverity: 'error',
    explanation:
      `systemd must find its cgroup and create \`init.scope\` and \`system.slice\` below it. An unprivileged container without a \`/sys/fs/cgroup\` mount cannot: on cgroup v1 Docker gives it no name=systemd hierarchy and PID 1 exits 255 (\`Failed to create /docker/<id>/init.scope control group: No such file or directory\`, verified), on cgroup v2 the cgroupfs is read-only (\`Failed to create /init.scope control group: Read-only file system\`). The arrangement that works on both is the host cgroupfs writable with the host cgroup namespace (\`cgroup: host\` / \`--cgroupns=host\` plus \`/sys/fs/cgroup:/sys/fs/cgroup:rw\`): verified on cgroup v1; ${V2_UNVERIFIED}. It gives the container write access to the host's cgroup tree. systemd 258 and newer refuse a cgroup v1 tree (\`Detected unsupported legacy cgroup hierarchy, refusing execution\`, measured with 262): on a hybrid cgroup v1 host bind the host's cgroup2 hierarchy instead, \`/sys/fs/cgroup/unified:/sys/fs/cgroup:rw\` with the host cgroup namespace, which this rule accepts as the cgroup mount and which boots 252, 257 and 262 there (\`systemd-container-lint preflight\` says which one a host needs).`,
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 14', 'docs/run-profile.md (cgroup arrangements, measured)', 'seed 001 (run flags and compose example)'],
  },
  privileged: {
    summary: 'privileged is broader than systemd needs',
    defaultSeverity: 'info',
    explanation:
      "Privileged mode gives the container every capability, all host devices and a writable `/sys`. systemd needs far less: tmpfs on `/run` and `/run/lock` and a writable cgroup, which an unprivileged container gets from tmpfs mounts and the host cgroup namespace with the cgroupfs bind. With the host's `/dev/tty*` and a writable `/sys`, the gettys and udev of an image that does not mask them meet their start conditions and would run on the host's terminals and devices (inferred from those conditions: privileged containers could not be run on this project's test host). On hosts whose capability bounding set is reduced, privileged containers cannot start at all (`unable to apply caps: operation not permitted`). The quick fix replaces it with the narrower set; keep it if the service needs privileges for something else.",
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 5', 'docs/verified-behaviour.md corrections 3'],
  },
  'cgroup-ro-mount': {
    summary: '/sys/fs/cgroup mounted read-only (a cgroup v1 recipe)',
    defaultSeverity: 'warning',
    explanation:
      `\`/sys/fs/cgroup:/sys/fs/cgroup:ro\` is the cgroup v1 recipe. On cgroup v2 the bind is the single unified hierarchy and \`:ro\` makes it read-only, so systemd cannot create its cgroups (\`Failed to create /init.scope control group: Read-only file system\`); ${V2_UNVERIFIED}. On cgroup v1 it boots, but \`:ro\` only makes the top directory read-only: the hierarchies below stay writable from the container (verified), so it protects nothing either. A writable sub-tree mounted below it (e.g. \`/sys/fs/cgroup/system.slice:rw\` with the host cgroup namespace) is accepted. The fix mounts it writable with the host cgroup namespace, which works on both versions.`,
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 14'],
  },
  'cgroup-rw-without-cgroupns-host': {
    summary: 'writable host cgroupfs without the host cgroup namespace',
    defaultSeverity: 'warning',
    explanation:
      `In a private cgroup namespace the container's systemd takes the bind-mounted host \`/sys/fs/cgroup\` for its own and creates \`init.scope\` and \`system.slice\` at the root of the host's hierarchy, managing the host's cgroup tree instead of its own sub-tree (verified with a private namespace on cgroup v1). Docker uses a private namespace by default on cgroup v2 hosts; on cgroup v1 its default is the host namespace. With the host namespace systemd stays below the container's own cgroup.`,
    sources: ['docs/verified-behaviour.md claim 14', 'docs/verified-behaviour.md corrections 1', '../shared/design.md §1'],
  },
  'cgroup-v1-path-mount': {
    summary: 'mounts the cgroup v1 hierarchy /sys/fs/cgroup/systemd',
    defaultSeverity: 'warning',
    explanation:
      "`/sys/fs/cgroup/systemd` is the name=systemd hierarchy of cgroup v1 (and hybrid) hosts. Current hosts run cgroup v2, where that path is no hierarchy at all: the mount gives systemd nothing it can use, and a bind whose source is missing makes Docker create the directory, which inside the host's cgroup2 filesystem creates a cgroup. Mount `/sys/fs/cgroup` itself (writable, with the host cgroup namespace), or nothing when the container is privileged.",
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md environment (v1 hybrid layout: name=systemd at /sys/fs/cgroup/systemd)', 'corpus README: compose_cgroup_v1_path_mount'],
  },
  'missing-stop-signal': {
    summary: 'systemd container stopped with SIGTERM',
    defaultSeverity: 'warning',
    explanation:
      "A stop sends SIGTERM unless the image or the run configuration sets another signal. systemd as PID 1 re-executes itself on SIGTERM instead of shutting down, so the stop waits for the timeout (10 s) and ends with SIGKILL, exit 137: no unit gets a clean stop. On SIGRTMIN+3 systemd halts cleanly and the stop takes well under a second (verified). `SIGRTMIN+3`, `RTMIN+3` and `37` all work. Podman sets it itself in its systemd mode. When the image is unknown the finding is informational: the image may set it.",
    sources: ['systemd(1): SIGRTMIN+3 halts, SIGTERM re-executes the manager', '../shared/design.md §1, §3', 'docs/verified-behaviour.md claim 2', 'podman-run(1) --systemd'],
  },
  'missing-container-env': {
    summary: 'systemd container without container= in its environment',
    defaultSeverity: 'info',
    explanation:
      "systemd's container interface asks the runtime to set `container=` in PID 1's environment; systemd and `ConditionVirtualization=` use it to know they run in a container. Under Docker systemd 252 also finds `/.dockerenv`, so nothing visible changes there (verified), but other engines and tools look only at the variable. Podman sets `container=podman` itself. When the image is unknown the finding is informational: the image may set it.",
    sources: ['systemd docs/CONTAINER_INTERFACE.md', '../shared/design.md §1', 'docs/verified-behaviour.md claim 3'],
  },
  'host-run-lock-bind': {
    summary: "host's /run or /run/lock bind-mounted instead of a tmpfs",
    defaultSeverity: 'warning',
    explanation:
      "systemd expects `/run` and `/run/lock` to be fresh tmpfs mounts that it owns. A bind of the host's directory shares the host's runtime state with the container: the container's systemd and services write their lock files, PID files and sockets into the host's directory, see the host's, and the content survives container restarts. Mount a tmpfs there instead.",
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 9', 'corpus README: compose_host_run_lock_bind'],
  },
  'host-network-systemd': {
    summary: 'systemd container on the host network',
    defaultSeverity: 'warning',
    explanation:
      "With the host's network namespace, the network units a systemd container brings up (systemd-networkd, systemd-resolved, DHCP clients, firewall and SSH services) act on the host's interfaces, routes and ports and compete with the host's own services; a privileged container's udev also sees the host's devices. Give the container its own network (the default bridge) and publish the ports it needs.",
    sources: ['../shared/design.md §1 (no hardware services)', 'corpus README: compose_host_network_systemd'],
  },
};

export interface PitfallReport {
  pitfall: PitfallId;
  message: string;
  /** Where to point; undefined: the rule picks the spec's anchor (service key, run line). */
  range?: Range;
  severity?: Severity;
  /** The mount the report is about. */
  mount?: MountSpec;
  /** missing-tmpfs: the tmpfs targets to add. */
  missingTmpfs?: string[];
  /** Whether the host cgroup namespace is already set (fixes add it when not). */
  hasCgroupHost: boolean;
}

const CGROUP = '/sys/fs/cgroup';
const RUN_DIRS = new Set(['/run', '/run/lock', '/var/run', '/var/run/lock']);

const clean = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

export function isCgroupRoot(m: MountSpec): boolean {
  return clean(m.target) === CGROUP;
}

function underCgroup(p: string | undefined): boolean {
  return p !== undefined && clean(p).startsWith(`${CGROUP}/`);
}

/** The pitfalls of a run configuration whose container runs systemd (none when it does not, or may not). */
export function checkPitfalls(spec: RunSpec, judgement: SystemdJudgement, vocabulary: Vocabulary): PitfallReport[] {
  if (judgement.runsSystemd !== 'yes') return [];
  const out: PitfallReport[] = [];
  const podmanMode = judgement.podmanSystemdMode;
  const privileged = spec.privileged?.value === true;
  const hasCgroupHost = spec.cgroupns?.value === 'host';
  const anyDynamicMount = spec.mounts.some((m) => m.dynamic);
  const absenceKnown = !spec.incomplete;
  const report = (r: Omit<PitfallReport, 'hasCgroupHost'>) => out.push({ ...r, hasCgroupHost });
  const why = judgement.why;

  // tmpfs on /run (and on /run/lock for Debian's and Ubuntu's systemd)
  const tmpfsTargets = new Set(spec.mounts.filter((m) => m.kind === 'tmpfs').map((m) => clean(m.target)));
  const debianLike = judgement.image.family === 'debian' || judgement.image.family === 'ubuntu';
  const lockMounted = spec.mounts.some((m) => clean(m.target) === '/run/lock');
  if (!podmanMode && !privileged && absenceKnown && !anyDynamicMount && tmpfsTargets.has('/run') && !lockMounted && debianLike) {
    report({
      pitfall: 'missing-tmpfs',
      missingTmpfs: ['/run/lock'],
      message: `This container runs systemd (${why}) with a tmpfs on /run but none on /run/lock: Debian's and Ubuntu's systemd mount /run/lock themselves and, unprivileged, exit at once ("Failed to mount tmpfs at /run/lock"). Add a tmpfs on /run/lock.`,
    });
  }
  if (!podmanMode && absenceKnown && !anyDynamicMount && !tmpfsTargets.has('/run')) {
    const missing = ['/run', '/run/lock'].filter((d) => !tmpfsTargets.has(d));
    const hostBind = spec.mounts.find((m) => clean(m.target) === '/run' && m.kind !== 'tmpfs');
    report({
      pitfall: 'missing-tmpfs',
      severity: privileged ? 'warning' : undefined,
      missingTmpfs: hostBind ? missing.filter((d) => d !== '/run') : missing,
      message: privileged
        ? `This container runs systemd (${why}) without a tmpfs on /run: it only boots because it is privileged, which lets systemd mount it itself. Add ${vocabulary.tmpfs}.`
        : `This container runs systemd (${why}) without a tmpfs on /run: unprivileged, systemd cannot mount it and exits at once ("Failed to mount tmpfs at /run"). Add ${vocabulary.tmpfs}.`,
    });
  }

  // cgroup
  const cgroupMounts = spec.mounts.filter((m) => isCgroupRoot(m) || underCgroup(m.target));
  if (!podmanMode && absenceKnown && !anyDynamicMount && !privileged && cgroupMounts.length === 0) {
    report({
      pitfall: 'missing-cgroup',
      message: `This container runs systemd (${why}) unprivileged without a /sys/fs/cgroup mount: systemd cannot create its cgroups (cgroup v1: no name=systemd hierarchy; cgroup v2: read-only cgroupfs) and exits. Add ${vocabulary.cgroupHost} and ${vocabulary.cgroupMount}, which works on both cgroup versions.`,
    });
  }
  if (privileged) {
    report({
      pitfall: 'privileged',
      range: spec.privileged!.range,
      message: `Privileged mode is broader than systemd needs: ${vocabulary.tmpfs}, ${vocabulary.cgroupHost} and ${vocabulary.cgroupMount} are enough, without the host's devices and every capability.`,
    });
  }
  const roots = spec.mounts.filter((m) => m.kind === 'bind' && isCgroupRoot(m));
  const writableBelow = spec.mounts.some((m) => m.kind === 'bind' && underCgroup(m.target) && !m.readOnly);
  for (const m of roots) {
    if (m.readOnly && !writableBelow) {
      report({
        pitfall: 'cgroup-ro-mount',
        range: m.range,
        mount: m,
        message: `/sys/fs/cgroup is mounted read-only: that works on cgroup v1 hosts only; on cgroup v2 systemd fails with "Failed to create /init.scope control group: Read-only file system". Mount it :rw with ${vocabulary.cgroupHost} (works on both).`,
      });
    }
    if (!m.readOnly && clean(m.source ?? '') === CGROUP && !hasCgroupHost && absenceKnown) {
      report({
        pitfall: 'cgroup-rw-without-cgroupns-host',
        range: m.range,
        mount: m,
        message: `The host's /sys/fs/cgroup is mounted writable without ${vocabulary.cgroupHost}: in a private cgroup namespace (Docker's default on cgroup v2) systemd creates its cgroups at the root of the host's hierarchy. Add ${vocabulary.cgroupHost}.`,
      });
    }
  }
  for (const m of spec.mounts) {
    const hits = [m.source, m.target].some((p) => p !== undefined && (clean(p) === `${CGROUP}/systemd` || clean(p).startsWith(`${CGROUP}/systemd/`)));
    if (hits && m.kind !== 'tmpfs') {
      report({
        pitfall: 'cgroup-v1-path-mount',
        range: m.range,
        mount: m,
        message: `${m.source ?? m.target} is the cgroup v1 name=systemd hierarchy; it does not exist on cgroup v2 hosts. ${privileged ? 'A privileged container gets a writable cgroupfs without it.' : `Mount /sys/fs/cgroup itself with ${vocabulary.cgroupHost}.`}`,
      });
    }
  }

  // stop signal
  const image = judgement.image;
  if (!podmanMode) {
    if (spec.stopSignal && !spec.stopSignal.dynamic && !isSystemdStopSignal(spec.stopSignal.value)) {
      report({ pitfall: 'missing-stop-signal', range: spec.stopSignal.range, message: `Stop signal ${spec.stopSignal.value} does not stop systemd: it shuts down on SIGRTMIN+3 (with SIGTERM it re-executes and is killed after the timeout). Use ${vocabulary.stopSignal}.` });
    } else if (!spec.stopSignal && absenceKnown && image.setsStopSignal !== 'yes') {
      const known = image.setsStopSignal === 'no';
      const silent = image.source === 'dockerfile' || image.source === 'unreadable-dockerfile' ? !known : false;
      if (!silent) {
        report({
          pitfall: 'missing-stop-signal',
          severity: known ? undefined : 'info',
          message: known
            ? `Neither this configuration nor ${image.label} sets the stop signal: a stop sends SIGTERM, systemd re-executes instead of shutting down and is killed after the timeout. Add ${vocabulary.stopSignal}.`
            : `No stop signal is set here; unless ${image.label} sets STOPSIGNAL SIGRTMIN+3, a stop sends SIGTERM and systemd is killed after the timeout. Add ${vocabulary.stopSignal}.`,
        });
      }
    }
    // container= environment
    const hasEnv = spec.env.some((e) => e.name === 'container');
    if (!hasEnv && absenceKnown && spec.envFiles.length === 0 && image.setsContainerEnv !== 'yes') {
      const known = image.setsContainerEnv === 'no';
      const silent = image.source === 'dockerfile' || image.source === 'unreadable-dockerfile' ? !known : false;
      if (!silent) {
        report({
          pitfall: 'missing-container-env',
          severity: known ? undefined : 'info',
          message: known
            ? `Neither this configuration nor ${image.label} sets container= for systemd. Add ${vocabulary.containerEnv}.`
            : `container= is not set here; unless ${image.label} sets it, systemd relies on /.dockerenv to know it runs in a container. Add ${vocabulary.containerEnv}.`,
        });
      }
    }
  }

  // host /run or /run/lock
  for (const m of spec.mounts) {
    if (m.kind === 'bind' && m.source !== undefined && RUN_DIRS.has(clean(m.source)) && RUN_DIRS.has(clean(m.target))) {
      report({ pitfall: 'host-run-lock-bind', range: m.range, mount: m, message: `The host's ${clean(m.source)} is bind-mounted on ${clean(m.target)}: systemd expects a tmpfs it owns there, and the container now shares the host's runtime state. Use a tmpfs.` });
    }
  }

  if (spec.network && spec.network.value === 'host') {
    report({ pitfall: 'host-network-systemd', range: spec.network.range, message: `This systemd container uses the host's network (${vocabulary.hostNetwork}): the network services systemd starts act on the host's interfaces and ports.` });
  }
  return out;
}
