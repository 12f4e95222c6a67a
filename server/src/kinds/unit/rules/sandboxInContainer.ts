/**
 * Unit sandboxing a container forbids (SCT710) or silently does without (SCT711), for units that
 * go into a systemd image (or that the config says run in a container), in the run profile the
 * config names (default: the unprivileged Docker profile of Run with systemd).
 */
import type { UnitFileContext, UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import type { UnitEntry } from '../unitFile';
import { baseName } from '../document';
import {
  PROFILE_MEASURED,
  PROFILE_TITLES,
  runFlagFixes,
  sandboxEntries,
  verdict,
  type ContainerProfile,
  type SandboxSetting,
  type SandboxVerdict,
} from '../../../security/containerSandbox';
import { dockerfileLabel, systemdImages } from '../imageUnits';

const SOURCES = [
  'test/engine/sandbox.test.ts: every measured row booted on systemd 252, 257 and 262 under Docker ' +
    '(unprivileged, --cap-add SYS_ADMIN, --security-opt seccomp=unconfined, every capability)',
  'test/engine/sandboxPodman.test.ts and sandboxNspawn.test.ts: the same rows under rootful Podman in systemd ' +
    'mode and systemd-nspawn',
  'systemd src/core/exec-invoke.c (257): insist_on_sandboxing(), "Failed to set up namespace, assuming ' +
    'containerized execution and ignoring"',
  'docs/security.md (the table, what each run flag costs)',
];

/** The profile the unit runs under, or undefined when it is not known to run in a container. */
function containerProfile(
  ctx: UnitFileContext,
): { profile: ContainerProfile; where: string; short: string } | undefined {
  const config = ctx.config;
  if (config?.target === 'host') return undefined;
  if (ctx.doc.kind !== 'unit' || !ctx.doc.path.endsWith('.service')) return undefined;
  const profile = config?.runProfile ?? 'docker';
  const images = systemdImages(ctx);
  const short = PROFILE_SHORT[profile];
  if (images.length > 0) return { profile, short, where: `the systemd image of ${dockerfileLabel(ctx, images[0])}` };
  if (config?.target === 'container') return { profile, short, where: 'a container (config target: container)' };
  return undefined;
}

/** The profile in the one-line message; the full title is in the detail. */
const PROFILE_SHORT: Record<ContainerProfile, string> = {
  docker: 'an unprivileged Docker container',
  'docker-sys-admin': 'a Docker container with SYS_ADMIN',
  'docker-seccomp-unconfined': 'a Docker container without seccomp',
  podman: 'a rootful Podman container',
  'podman-rootless': 'a rootless Podman container',
  nspawn: 'systemd-nspawn',
  'docker-privileged': 'a privileged Docker container',
};

function provenance(setting: SandboxSetting, profile: ContainerProfile): string {
  if (!PROFILE_MEASURED[profile]) return "from Podman's and systemd's sources, not measured here";
  return setting.measured
    ? 'measured on systemd 252, 257 and 262'
    : "from systemd's source: the same kind of setting was measured";
}

/** The unit's sandboxing entries whose verdict in the container's profile is `outcome` (none outside a container). */
function judgedEntries<O extends SandboxVerdict['outcome']>(ctx: UnitFileContext, outcome: O) {
  const where = containerProfile(ctx);
  if (!where) return [];
  const judged = [];
  for (const { setting, entry } of sandboxEntries(ctx.unit)) {
    const v = verdict(setting, where.profile, ctx.releases.systemd.release);
    if (v.outcome === outcome) judged.push({ setting, entry, v: v as Extract<SandboxVerdict, { outcome: O }>, where });
  }
  return judged;
}

/** Settings (besides the …Paths= lists) that an empty value turns off. */
const EMPTY_TO_TURN_OFF = new Set([
  'TemporaryFileSystem',
  'MountImages',
  'ExtensionImages',
  'ExtensionDirectories',
  'RootDirectory',
  'RootImage',
  'LogNamespace',
]);

/** The value that turns the setting off, for the drop-in and the quick fix. */
function offLine(entry: UnitEntry): string {
  const isList = /Paths$/.test(entry.key) || EMPTY_TO_TURN_OFF.has(entry.key);
  return `${entry.key}=${isList ? '' : 'no'}`;
}

export const sandboxFailsInContainer: UnitFileRule = {
  meta: {
    id: 'SCT710',
    name: 'sandboxing-fails-in-container',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a sandboxing setting the container forbids: the service fails to start (226/NAMESPACE, 217/USER)',
    explanation:
      "systemd sets up a service's sandbox with namespaces. In an unprivileged container (Docker's and " +
      "Podman's default capabilities) it may create no mount namespace: settings that rearrange the file " +
      'system — `DynamicUser=yes`, `TemporaryFileSystem=`, `BindPaths=`/`BindReadOnlyPaths=` to another place, ' +
      '`RootDirectory=`, `RootImage=`, `MountImages=`, `ExtensionImages=`, `ExtensionDirectories=`, ' +
      "`LogNamespace=` (systemd's insist_on_sandboxing()) — make the service fail with `226/NAMESPACE` " +
      '("Failed to set up mount namespacing: Operation not supported"). Under Docker\'s default seccomp filter ' +
      '`PrivateUsers=` fails too, with `217/USER` ("Failed to set up user namespacing"); Podman\'s filter allows ' +
      'user namespaces, so there it works (measured). The container then boots `degraded`. Fixes: turn ' +
      'the setting off for the image (a drop-in `<unit>.d/*.conf` with e.g. `DynamicUser=no` — with `User=` ' +
      'set, or the service runs as root), or run the container with the flag that allows it — `--security-opt ' +
      'seccomp=unconfined` (user namespaces only) or `--cap-add SYS_ADMIN` (both) — at the cost of the ' +
      "container's own isolation. Judged in the run profile of the config's `runProfile` (default: the " +
      "connected engine's, else `docker`, the unprivileged profile of Run with systemd); not for units with " +
      '`target: host`. Reported on services that go into the image of a Dockerfile that runs systemd, or any ' +
      'service with `target: container`.',
    sources: SOURCES,
  },
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    for (const { setting, entry, v, where } of judgedEntries(ctx, 'fails')) {
      const flags = runFlagFixes(setting.kind)
        .map((f) => `\`${f.flag}\` (${f.cost})`)
        .join(', or ');
      const dropIn = `${baseName(ctx.doc.path)}.d/container.conf`;
      const asRoot =
        setting.key === 'DynamicUser' && !ctx.unit.last('Service', 'User')
          ? ' — set User= too, or the service runs as root'
          : '';
      out.push({
        range: entry.range,
        message:
          `${entry.key}=${entry.value} fails in ${where.short}: the service exits ${v.status}. Turn it off ` +
          `for the image or allow it with a run flag.`,
        detail:
          `In ${where.where} under ${PROFILE_TITLES[where.profile]}, the service exits with status ${v.status} ` +
          `("${v.message}") and the container boots degraded (${provenance(setting, where.profile)}). ` +
          `Turn it off for the image (${offLine(entry)} here or in ${dropIn}${asRoot}), or run the container with ` +
          `${flags}.`,
        fixes: [
          {
            title: `Turn off ${entry.key}= (fails in ${where.short})`,
            edits: [{ range: entry.range, newText: offLine(entry) }],
          },
        ],
      });
    }
    return out;
  },
};

export const sandboxIgnoredInContainer: UnitFileRule = {
  meta: {
    id: 'SCT711',
    name: 'sandboxing-ignored-in-container',
    kind: 'unit',
    defaultSeverity: 'hint',
    summary: 'a sandboxing setting the container lets start but systemd does not apply (no namespace)',
    explanation:
      'Where systemd may not create a mount, network, IPC or UTS namespace (an unprivileged Docker or Podman ' +
      'container), it starts the service anyway without them, logging only at debug level "Failed to set up ' +
      'namespace, assuming containerized execution and ignoring" (for `PrivateNetwork=`: "proceeding ' +
      'without"). `PrivateTmp=`, `ProtectSystem=`, `ProtectHome=`, `PrivateDevices=`, ' +
      '`ProtectKernelTunables=`, `ProtectKernelModules=`, `ProtectKernelLogs=`, `ProtectControlGroups=`, ' +
      '`ProtectProc=`, `ProcSubset=`, `PrivateMounts=`, `PrivateNetwork=`, `PrivateIPC=`, `ProtectHostname=`, ' +
      '`InaccessiblePaths=`, `ReadOnlyPaths=`, `ReadWritePaths=`, `NoExecPaths=`, `ExecPaths=` then protect ' +
      "nothing: measured here, the service shares PID 1's namespaces (the parts enforced by system call " +
      'filters or capabilities — ProtectKernelModules= dropping CAP_SYS_MODULE, ProtectClock=, ' +
      "ProtectHostname='s sethostname filter — still apply). `systemd-analyze security` counts them as " +
      'protection all the same. With `--cap-add SYS_ADMIN` and in systemd-nspawn the namespaces are created, ' +
      "except PrivateNetwork='s from systemd 257 on, which also needs CAP_NET_ADMIN (measured). A " +
      'hint, not a warning: the service runs, and the settings take effect where the unit runs on a host.',
    sources: SOURCES,
  },
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    for (const { setting, entry, v, where } of judgedEntries(ctx, 'ignored')) {
      out.push({
        range: entry.range,
        message:
          `${entry.key}=${entry.value} protects nothing in ${where.short}: systemd starts the service ` +
          `without the namespace.`,
        detail:
          `In ${where.where} under ${PROFILE_TITLES[where.profile]}: ${v.message} ` +
          `(${provenance(setting, where.profile)}).`,
      });
    }
    return out;
  },
};
