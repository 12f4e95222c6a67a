/**
 * Why a systemd container did not boot: known messages in the container log (systemd's console
 * output, captured when the container has a TTY), the container State and a start error,
 * matched to a cause and a fix: the run-profile flag that prevents it or the Dockerfile rule
 * that catches it. `diagnose` is pure; `fetchDiagnosis` reads log and state from the engine.
 * Messages are the ones measured in docs/verified-behaviour.md (claims and "Corrections" §6).
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { toEngineError } from './errors';
import type { ProfileFlagId } from './runProfile';

export interface DiagnosisFinding {
  id: string;
  cause: string;
  fix: string;
  /** The run-profile flag that prevents this. */
  flag?: ProfileFlagId | 'privileged';
  /** The Dockerfile rule that catches this in the image. */
  rule?: { id: string; name: string };
  /** The log line or error text that matched. */
  evidence: string;
}

export interface ContainerStateLike {
  Status?: string;
  Running?: boolean;
  ExitCode?: number;
  Error?: string;
  OOMKilled?: boolean;
}

export interface DiagnosisInput {
  /** Container log text (raw; colour codes and CRs are removed here). */
  log: string;
  state?: ContainerStateLike;
  /** Whether the container had a TTY (systemd's console output reaches the log only then). */
  tty?: boolean;
  /** The error the engine returned when starting the container. */
  startError?: string;
  /** PID 1's command (inspect Path + Args). */
  command?: string[];
  /** The image's stop signal, for a stop that ended in SIGKILL. */
  stopSignal?: string;
  /** Whether the image has systemd, when known (image.ts probe). */
  imageHasSystemd?: boolean;
  /** What `systemctl is-system-running` said last (`offline`: systemd is not PID 1). */
  systemState?: string;
}

export interface Diagnosis {
  findings: DiagnosisFinding[];
  /** One line for a notification. */
  summary: string;
  /** Log lines that look like errors, for "show more". */
  errorLines: string[];
  /** Whether the log could have systemd's output in it. */
  logCaptured: boolean;
  notes: string[];
  /**
   * The log text that was read (colour codes removed), when it came from the engine: the boot removes the container.
   */
  log?: string;
}

const rule = (id: string, name: string): { id: string; name: string } => ({ id, name });

interface Pattern {
  id: string;
  re: RegExp;
  make(m: RegExpExecArray, input: DiagnosisInput): Omit<DiagnosisFinding, 'id' | 'evidence'>;
}

const PATTERNS: Pattern[] = [
  {
    id: 'no-tmpfs-run',
    re: /Failed to mount tmpfs at \/run: Operation not permitted/,
    make: () => ({
      cause:
        'systemd could not mount a tmpfs on /run: it needs CAP_SYS_ADMIN for that, and the container has no ' +
        'tmpfs there.',
      fix: 'Run with --tmpfs /run --tmpfs /run/lock (the run profile adds them).',
      flag: 'tmpfs-run',
    }),
  },
  {
    id: 'no-tmpfs-run-lock',
    re: /Failed to mount tmpfs at \/run\/lock: Operation not permitted/,
    make: () => ({
      cause:
        'systemd could not mount a tmpfs on /run/lock. When /run is already a mount (e.g. the image declares ' +
        'VOLUME /run) only this line appears.',
      fix:
        'Run with --tmpfs /run/lock (and --tmpfs /run); remove VOLUME /run from the Dockerfile (rule SCT113 ' +
        'volume-run-tmp).',
      flag: 'tmpfs-run-lock',
      rule: rule('SCT113', 'volume-run-tmp'),
    }),
  },
  {
    id: 'cgroup-v1-no-bind',
    re: /Failed to create \/docker\/[^\s]*init\.scope control group: No such file or directory/,
    make: () => ({
      cause:
        "cgroup v1: the container does not see the host's cgroup hierarchies, so systemd cannot create its init.scope.",
      fix:
        'Bind the host cgroupfs with the host cgroup namespace: --cgroupns=host -v ' +
        '/sys/fs/cgroup:/sys/fs/cgroup:rw (the run profile adds both).',
      flag: 'cgroup-mount',
    }),
  },
  {
    id: 'cgroup-read-only',
    re: /Failed to create \/init\.scope control group: Read-only file system/,
    make: () => ({
      cause:
        "systemd's cgroup is read-only: on cgroup v2 the container's cgroupfs is mounted read-only; on v1 this " +
        'also happens with a private cgroup namespace and no cgroupfs bind.',
      fix:
        '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw (verified on cgroup v1; on cgroup v2 taken from ' +
        'documentation). The run profile adds both.',
      flag: 'cgroup-mount',
    }),
  },
  {
    // systemd ≥ 258 (measured: 262) refuses cgroup v1: PID 1 exits 255 at once, before any unit.
    id: 'legacy-cgroup-refused',
    re: /Detected unsupported legacy cgroup hierarchy, refusing execution/,
    make: () => ({
      cause:
        'This systemd (258 or newer) supports only the unified cgroup hierarchy (cgroup v2) and the container ' +
        "was given the cgroup v1 tree (the host's /sys/fs/cgroup on a cgroup v1 host, e.g. -v " +
        '/sys/fs/cgroup:/sys/fs/cgroup), so PID 1 refuses to start.',
      fix:
        'On a hybrid cgroup v1 host (a cgroup2 mount at /sys/fs/cgroup/unified) bind that instead: ' +
        '--cgroupns=host -v /sys/fs/cgroup/unified:/sys/fs/cgroup:rw (the run profile does). On a host without ' +
        'it, boot the host with systemd.unified_cgroup_hierarchy=1 or use an engine on a cgroup v2 host; or base ' +
        'the image on a release with systemd ≤ 257.',
      flag: 'cgroup-mount',
    }),
  },
  {
    id: 'cgroup-not-mounted',
    re: /Cannot determine cgroup we are running in: No medium found/,
    make: () => ({
      cause: 'No cgroup filesystem is mounted in the container.',
      fix: 'Mount the cgroupfs (the run profile binds /sys/fs/cgroup).',
      flag: 'cgroup-mount',
    }),
  },
  {
    id: 'cgroup-v1-named-hierarchy',
    re: /Failed to mount cgroup at \/sys\/fs\/cgroup\/systemd: Operation not permitted/,
    make: () => ({
      cause:
        'cgroup v1: /sys/fs/cgroup in the container lacks the name=systemd hierarchy; an image VOLUME ' +
        '["/sys/fs/cgroup"] puts an empty volume there.',
      fix:
        'Bind the host cgroupfs (-v /sys/fs/cgroup:/sys/fs/cgroup:rw) and remove VOLUME /sys/fs/cgroup from the ' +
        'Dockerfile (rule SCT112 volume-cgroup).',
      flag: 'cgroup-mount',
      rule: rule('SCT112', 'volume-cgroup'),
    }),
  },
  {
    id: 'init-missing',
    re: /exec: "([^"]+)": stat [^:]+: no such file or directory/,
    make: (m, input) => {
      const path = m[1];
      const sysvOnly = input.imageHasSystemd === true && /(^|\/)s?bin\/init$/.test(path);
      return sysvOnly
        ? {
            cause:
              `The command ${path} does not exist: systemd is installed but the package that provides ${path} ` +
              '(systemd-sysv on Debian/Ubuntu) is not.',
            fix: 'Use CMD ["/lib/systemd/systemd"], or install systemd-sysv (rule SCT103 sbin-init-without-sysv-pkg).',
            flag: 'init-cmd',
            rule: rule('SCT103', 'sbin-init-without-sysv-pkg'),
          }
        : {
            cause:
              `The command ${path} does not exist in the image: systemd is not installed (Debian, Ubuntu and ` +
              'Fedora base images ship without it).',
            fix:
              'Install systemd (and systemd-sysv for /sbin/init) in the Dockerfile (rule SCT102 ' +
              'init-without-systemd-pkg).',
            rule: rule('SCT102', 'init-without-systemd-pkg'),
          };
    },
  },
  {
    id: 'not-pid1',
    re: /Explicit --user argument required to run as user manager/,
    make: () => ({
      cause:
        'systemd is not PID 1, so it takes itself for a user manager and refuses. A shell-form CMD keeps ' +
        '/bin/sh (dash) as PID 1.',
      fix: 'Use the exec form: CMD ["/lib/systemd/systemd"] (rule SCT104 init-via-shell-form).',
      flag: 'init-cmd',
      rule: rule('SCT104', 'init-via-shell-form'),
    }),
  },
  {
    id: 'not-booted-with-systemd',
    re: /System has not been booted with systemd as init system/,
    make: () => ({
      cause:
        'systemctl ran where PID 1 is not systemd (during a build, or a container started without the init command).',
      fix:
        'Start the container with systemd as its command (rule SCT101 missing-init-cmd); in a Dockerfile use ' +
        '`systemctl enable`, not `start` (rule SCT114 systemctl-start-in-run).',
      flag: 'init-cmd',
      rule: rule('SCT101', 'missing-init-cmd'),
    }),
  },
  {
    id: 'auditd',
    re: new RegExp(
      [
        /auditd\.service: Start request repeated too quickly/.source,
        /The audit daemon is exiting/.source,
        /auditd\.service: Failed with result/.source,
      ].join('|'),
    ),
    make: () => ({
      cause:
        'auditd cannot work in a container (the kernel audit subsystem is not namespaced); its restart loop ' +
        'leaves the system degraded.',
      fix: 'Mask it in the Dockerfile: RUN systemctl mask auditd.service (rule SCT110 unmasked-auditd).',
      rule: rule('SCT110', 'unmasked-auditd'),
    }),
  },
  {
    id: 'privileged-caps',
    re: /unable to apply caps: operation not permitted/,
    make: () => ({
      cause:
        '--privileged asks for capabilities this host cannot grant (its capability bounding set lacks some, ' +
        'e.g. CAP_SYS_RESOURCE).',
      fix: 'Run without --privileged: the run profile does not need it.',
      flag: 'privileged',
    }),
  },
];

/**
 * Log lines that look like errors but are not: systemd logs "Failed to get cgroup ID of cgroup
 * …, ignoring: Operation not permitted" for every unit on a cgroup v1 host (claim 4 of
 * docs/verified-behaviour.md); a boot that is fine must not be described by them.
 */
const HARMLESS = [/Failed to get cgroup ID of cgroup .*ignoring/];

export function isHarmlessLogLine(line: string): boolean {
  return HARMLESS.some((re) => re.test(line));
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g;

/** Log text without colour codes and carriage returns. */
export function cleanLog(text: string): string {
  return text.replace(ANSI, '').replace(/\r/g, '');
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const log = cleanLog(input.log ?? '');
  const lines = log.split('\n');
  const haystacks = [
    ...lines,
    ...(input.state?.Error ? [input.state.Error] : []),
    ...(input.startError ? [input.startError] : []),
  ];
  const findings: DiagnosisFinding[] = [];
  for (const p of PATTERNS) {
    for (const h of haystacks) {
      const m = p.re.exec(h);
      if (m) {
        findings.push({ id: p.id, evidence: h.trim(), ...p.make(m, input) });
        break;
      }
    }
  }
  // "/run/lock" alone means /run was already a mount; with the /run line it adds nothing.
  if (findings.some((f) => f.id === 'no-tmpfs-run')) {
    const i = findings.findIndex((f) => f.id === 'no-tmpfs-run-lock');
    if (i >= 0) findings.splice(i, 1);
  }

  const notes: string[] = [];
  const logCaptured = input.tty !== false;
  if (!logCaptured)
    notes.push(
      "The container had no TTY, so systemd's boot messages (written to /dev/console) are not in its log. Run " +
        "it with a TTY (-t, the run profile's default) to see them.",
    );
  else if (!log.trim() && !input.startError && !input.state?.Error) notes.push('The container log is empty.');

  const st = input.state;
  if (st?.OOMKilled) {
    findings.push({
      id: 'oom',
      cause: 'The container was killed for running out of memory.',
      fix: 'Raise or remove its memory limit (--memory).',
      evidence: 'State.OOMKilled = true',
    });
  }
  const cmd = input.command ?? [];
  const cmdBase = cmd.length ? cmd[0].slice(cmd[0].lastIndexOf('/') + 1) : '';
  const startsSystemd = cmdBase === 'init' || cmdBase === 'systemd';
  const exited = st !== undefined && !st.Running && st.Status === 'exited';
  if (!findings.length && input.imageHasSystemd === false && (exited || input.systemState === 'offline')) {
    findings.push({
      id: 'no-systemd-in-image',
      cause:
        'systemd is not installed in the image, so it cannot be PID ' +
        `1${cmd.length ? ` (PID 1 is ${JSON.stringify(cmd)})` : ''}.`,
      fix:
        'Install systemd (and systemd-sysv for /sbin/init) in the Dockerfile and make it the command: CMD ' +
        '["/lib/systemd/systemd"] (rule SCT102 init-without-systemd-pkg).',
      rule: rule('SCT102', 'init-without-systemd-pkg'),
      evidence:
        'image probe: no /lib/systemd/systemd or ' +
        `/usr/lib/systemd/systemd${input.systemState ? `; is-system-running: ${input.systemState}` : ''}`,
    });
  }
  if (!findings.length && cmd.length && !startsSystemd && (exited || input.systemState === 'offline')) {
    findings.push({
      id: 'no-init-command',
      cause:
        `PID 1 is ${JSON.stringify(cmd)}, not ` +
        `systemd${exited ? `; it exited with code ${st?.ExitCode ?? '?'}` : ' (systemctl says "offline")'}.`,
      fix:
        'Give the image an init command: CMD ["/lib/systemd/systemd"] (rule SCT101 missing-init-cmd); the run ' +
        'profile adds it when the image has systemd.',
      flag: 'init-cmd',
      rule: rule('SCT101', 'missing-init-cmd'),
      evidence:
        `${exited ? `State.ExitCode = ${st?.ExitCode}` : `is-system-running: ${input.systemState}`}, ` +
        `command ${JSON.stringify(cmd)}`,
    });
  }
  if (st && st.ExitCode === 137 && !st.OOMKilled && !/^(SIG)?RTMIN\+3$|^37$/i.test(input.stopSignal ?? '')) {
    findings.push({
      id: 'stop-sigkill',
      cause:
        'Exit code 137: the container was killed with SIGKILL. systemd treats SIGTERM as "re-execute", so a ' +
        'stop without SIGRTMIN+3 waits for the timeout and then kills it (no ExecStop= runs).',
      fix:
        'Set STOPSIGNAL SIGRTMIN+3 in the Dockerfile (rule SCT106 missing-stopsignal) or run with --stop-signal ' +
        'SIGRTMIN+3 (the run profile does).',
      flag: 'stop-signal',
      rule: rule('SCT106', 'missing-stopsignal'),
      evidence: `State.ExitCode = 137, stop signal ${input.stopSignal || '(none)'}`,
    });
  }

  if (
    st &&
    st.ExitCode === 137 &&
    !st.OOMKilled &&
    /^(SIG)?RTMIN\+3$|^37$/i.test(input.stopSignal ?? '') &&
    !findings.length
  ) {
    // With the right stop signal a stop ends 0; 137 then means someone sent SIGKILL.
    findings.push({
      id: 'killed',
      cause:
        'PID 1 was killed with SIGKILL (exit 137) from outside: `docker kill`, a stop that hit its timeout, ' +
        'the kernel (memory pressure without a container limit) or the engine itself.',
      fix:
        'Nothing in the image or the run profile caused this; run it again. If it recurs, check the host for ' +
        'memory pressure (dmesg) and who stops the container.',
      evidence: `State.ExitCode = 137, stop signal ${input.stopSignal}`,
    });
  }

  const errorLines = lines
    .filter((l) => /fail|error|cannot|refus|not permitted|exiting pid 1|freezing/i.test(l) && !isHarmlessLogLine(l))
    .map((l) => l.trim())
    .slice(0, 40);
  const engineError = (input.startError ?? st?.Error ?? '').trim();
  const bootOver = st?.Running === true && (input.systemState === 'running' || input.systemState === 'degraded');
  const summary = findings.length
    ? findings.map((f) => f.cause).join(' ')
    : bootOver
      ? input.systemState === 'running'
        ? 'The container is running and systemd says "running": the boot went fine, and nothing in the log ' +
          'points to a problem.'
        : 'The container is running and systemd says "degraded": the boot finished with failed units (Show ' +
          'Failed Units lists them with their status).'
      : engineError
        ? `The engine could not start the container: ${engineError}`
        : st && !st.Running && st.Status === 'exited'
          ? 'The container exited with ' +
            `code ${st.ExitCode ?? '?'}${errorLines.length ? `: ${errorLines[errorLines.length - 1]}` : ''}.`
          : errorLines.length
            ? `No known cause found; last error in the log: ${errorLines[errorLines.length - 1]}`
            : 'No known cause found.';
  return { findings, summary, errorLines, logCaptured, notes };
}

/** Reads the container's log and state and diagnoses them. */
export async function fetchDiagnosis(
  docker: Docker,
  containerId: string,
  extra: Pick<DiagnosisInput, 'startError' | 'imageHasSystemd' | 'systemState'> & {
    endpoint?: Endpoint;
    tailLines?: number;
  } = {},
): Promise<Diagnosis> {
  try {
    const c = docker.getContainer(containerId);
    const info = await c.inspect();
    const tty = info.Config?.Tty === true;
    const stopSignal = (info.Config as { StopSignal?: string } | undefined)?.StopSignal;
    const log = await readContainerLog(c, extra.tailLines ?? 400, tty);
    const d = diagnose({
      log,
      state: info.State,
      tty,
      command: [info.Path, ...(info.Args ?? [])].filter((s): s is string => typeof s === 'string' && s !== ''),
      ...(stopSignal ? { stopSignal } : {}),
      ...(extra.startError ? { startError: extra.startError } : {}),
      ...(extra.imageHasSystemd !== undefined ? { imageHasSystemd: extra.imageHasSystemd } : {}),
      ...(extra.systemState ? { systemState: extra.systemState } : {}),
    });
    return { ...d, log: cleanLog(log) };
  } catch (e) {
    throw toEngineError(e, extra.endpoint);
  }
}

/**
 * The last `tail` lines of a container's output, as text (with its colour codes). Without `tty`
 * known, the frames of a log without a TTY are recognised (demuxBuffer reads anything else as text).
 */
export async function readContainerLog(container: Docker.Container, tail: number, tty?: boolean): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true, follow: false, tail })) as unknown as Buffer;
  return tty ? raw.toString('utf8') : demuxBuffer(raw);
}

/** Without a TTY the log is multiplexed: 8-byte headers (stream, 0, 0, 0, size BE32) per frame. */
export function demuxBuffer(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length && buf[i] <= 2 && buf[i + 1] === 0 && buf[i + 2] === 0 && buf[i + 3] === 0) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  if (i < buf.length && parts.length === 0) return buf.toString('utf8');
  return Buffer.concat(parts).toString('utf8');
}
