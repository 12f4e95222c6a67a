/**
 * The shape of a run-configuration pitfall, written once for compose services, devcontainers,
 * docker/podman command lines in units (and whatever else states a RunSpec): its docs, a check
 * over the RunSpec, and a fix as abstract edits ("add a tmpfs on /run", "set container=docker")
 * that each format's adapter spells in its own syntax.
 */
import type { Range, Severity } from '../../core/types';
import type { SystemdJudgement } from '../systemdIntent';
import type { Located, MountSpec, RunSpec } from '../../../../shared/runSpec';

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
  | 'host-network-systemd'
  | 'privileged-container'
  | 'cgroup-bind-mount'
  | 'engine-socket-mount';

/** The shared part of a pitfall's docs; a format's rule adds its id, name and recipe. */
export interface PitfallMeta {
  id: PitfallId;
  summary: string;
  explanation: string;
  sources: string[];
  defaultSeverity: Severity;
  /**
   * `every-container`: checked on every run configuration (an engine socket is as dangerous under
   * nginx as under systemd); otherwise only on those whose container runs systemd.
   */
  scope?: 'every-container';
}

/** How a format spells the settings, for messages. */
export interface Vocabulary {
  tmpfs: string;
  cgroupMount: string;
  cgroupHost: string;
  privileged: string;
  stopSignal: string;
  containerEnv: string;
  hostNetwork: string;
  /** The narrower grants that replace privileged mode (capabilities, devices). */
  narrowGrants: string;
}

/** How a format names the settings in fix titles. */
export interface FixWording {
  /** `tmpfs` (compose key) or `--tmpfs`. */
  tmpfs: string;
  /** `cgroup: host` or `--cgroupns=host`. */
  cgroupHost: string;
  /** `privileged: true`, `"privileged": true` or `--privileged`. */
  privileged: string;
  /** Where added run options go, said after the option (` to runArgs`), or ''. */
  optionsPlace: string;
  /** A tmpfs that replaces a bind: `a tmpfs on /run` or `--tmpfs /run`. */
  tmpfsOn(target: string): string;
  /** The stop-signal fix's title; `replacing`: a wrong signal is written. */
  stopSignal(replacing: boolean): string;
  /** The container= fix's title. */
  containerEnv: string;
}

/** A report of one pitfall in one run configuration. */
export interface PitfallReport {
  pitfall: PitfallId;
  message: string;
  /** What the hover adds to the one-line message. */
  detail?: string;
  /** Where to point; undefined: the format picks the spec's anchor (service key, run line). */
  range?: Range;
  severity?: Severity;
  /** The mount the report is about. */
  mount?: MountSpec;
  /** missing-tmpfs: the tmpfs targets to add. */
  missingTmpfs?: string[];
  /** Whether the host cgroup namespace is already set (fixes add it when not). */
  hasCgroupHost: boolean;
}

/** What every check sees: the spec, the judgement that it runs systemd, and facts most checks need. */
export interface RunFacts {
  spec: RunSpec;
  judgement: SystemdJudgement;
  vocabulary: Vocabulary;
  /** Podman's systemd mode provides tmpfs, cgroup, stop signal and container= itself. */
  podmanMode: boolean;
  privileged: boolean;
  hasCgroupHost: boolean;
  anyDynamicMount: boolean;
  /** Nothing hides options we cannot see, so an absence is real. */
  absenceKnown: boolean;
}

/**
 * An edit of a run configuration, before any format spells it. Edits that change something
 * written (the first four) must be spelled or the whole fix is dropped; the others add a setting.
 */
export type RunEdit =
  | { op: 'remove-privileged' }
  | { op: 'make-writable'; mount: MountSpec }
  | { op: 'remove-mount'; mount: MountSpec }
  /** Put the writable /sys/fs/cgroup bind where this mount is (in place, or remove and add). */
  | { op: 'replace-with-cgroup-bind'; mount: MountSpec }
  | { op: 'add-tmpfs'; targets: string[] }
  | { op: 'set-cgroupns-host' }
  /** The writable /sys/fs/cgroup bind. */
  | { op: 'add-cgroup-bind' }
  /** `replacing`: the wrong signal written, to rewrite. */
  | { op: 'set-stop-signal'; value: string; replacing?: Located<string> }
  | { op: 'set-env'; name: string; value: string };

export interface PitfallFix {
  title: string;
  /** In the order a format writes them: changes first, then additions. */
  edits: RunEdit[];
  preferred: boolean;
}

export interface Pitfall {
  meta: PitfallMeta;
  check(facts: RunFacts): Omit<PitfallReport, 'hasCgroupHost'>[];
  /** The fix of one report, titled in a format's words; undefined when there is none. */
  fix(report: PitfallReport, spec: RunSpec, wording: FixWording): PitfallFix | undefined;
}
