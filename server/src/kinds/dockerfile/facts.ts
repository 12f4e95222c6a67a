/**
 * systemd facts about the image a Dockerfile builds, derived once per lint from the model and
 * shared by all rules: is systemd installed (and where), is /sbin/init provided, which wants
 * directories are pruned and when, what is masked, and whether the command starts systemd.
 */
import { recipeFor, type Recipe } from './recipes';
import type { CommandSpec, ImageModel, RunStep, Step } from './model';
import { type PackageInstall, type PackageManager, type Removal, type SystemctlOp } from '../../shell/effects';
import { basename, resolvePath } from '../../shell/shellCommand';

export const SYSTEMD_INIT_PATHS = new Set([
  '/sbin/init',
  '/usr/sbin/init',
  '/lib/systemd/systemd',
  '/usr/lib/systemd/systemd',
  '/bin/systemd',
  '/usr/bin/systemd',
  '/usr/local/sbin/init',
]);

export function isInitWord(word: string): boolean {
  return SYSTEMD_INIT_PATHS.has(word) || word === 'systemd' || word === 'init';
}

/** Packages that install systemd itself, per family (metapackages included). */
const SYSTEMD_PACKAGES = new Set([
  'systemd',
  'systemd-sysv',
  'init',
  'systemd-sysvinit',
  'systemd-sysvcompat',
  'ubuntu-minimal',
  'ubuntu-server',
  'ubuntu-standard',
  'ubuntu-desktop',
  'systemd-standalone-sysusers',
]);
/** Packages that provide /sbin/init on Debian/Ubuntu (systemd-sysv, or a metapackage depending on it). */
const SYSV_PROVIDERS: Record<string, Set<string>> = {
  debian: new Set(['systemd-sysv', 'init', 'sysvinit-core']),
  ubuntu: new Set(['systemd-sysv', 'init', 'ubuntu-minimal', 'ubuntu-server', 'ubuntu-standard', 'ubuntu-desktop']),
  suse: new Set(['systemd-sysvinit']),
  arch: new Set(['systemd-sysvcompat']),
};

const MANAGERS_BY_FAMILY: Record<string, PackageManager[]> = {
  debian: ['apt'],
  ubuntu: ['apt'],
  fedora: ['dnf', 'yum', 'microdnf'],
  rhel: ['dnf', 'yum', 'microdnf'],
  amazon: ['dnf', 'yum'],
  suse: ['zypper'],
  arch: ['pacman'],
  alpine: ['apk'],
};

export interface FactAt<T> {
  step: Step;
  run: RunStep;
  item: T;
}

/** The default wants directories that the canonical recipe empties. */
export const WANTS_DIRS = {
  sysinit: '/lib/systemd/system/sysinit.target.wants',
  multiUser: '/lib/systemd/system/multi-user.target.wants',
  localFs: '/lib/systemd/system/local-fs.target.wants',
  basic: '/lib/systemd/system/basic.target.wants',
  sockets: '/lib/systemd/system/sockets.target.wants',
  etc: '/etc/systemd/system/multi-user.target.wants',
};

/** Representative links a package manager leaves in each wants directory. */
const PROBES: Record<keyof typeof WANTS_DIRS, string[]> = {
  sysinit: [
    'systemd-udev-trigger.service',
    'systemd-journal-flush.service',
    'systemd-update-utmp.service',
    'dev-hugepages.mount',
  ],
  multiUser: ['getty.target', 'systemd-logind.service', 'systemd-user-sessions.service'],
  localFs: ['systemd-remount-fs.service'],
  basic: ['dnf-makecache.timer', 'selinux-autorelabel-mark.service'],
  sockets: ['systemd-udevd-control.socket', 'systemd-udevd-kernel.socket', 'systemd-initctl.socket'],
  etc: ['ssh.service', 'cron.service', 'remote-fs.target'],
};
/** PROBES as paths in their directories, made once (see DELETABLE_PATHS). */
const probePaths = Object.fromEntries(
  Object.entries(PROBES).map(([key, units]) => [
    key,
    units.map((unit) => `${WANTS_DIRS[key as keyof typeof WANTS_DIRS]}/${unit}`),
  ]),
) as Record<keyof typeof WANTS_DIRS, string[]>;

export type StartsSystemd =
  | {
      kind: 'yes';
      via: 'exec' | 'shell-form' | 'sh-c-without-exec' | 'wrapper' | 'inherited';
      spec?: CommandSpec;
      initWord: string;
    }
  | { kind: 'no'; spec?: CommandSpec }
  | { kind: 'unknown'; spec?: CommandSpec };

export interface SystemdFacts {
  model: ImageModel;
  recipe: Recipe;
  /** Installs whose package manager fits the base (a yum on Debian installs nothing). */
  installs: FactAt<PackageInstall>[];
  /** First install of a package that brings systemd. */
  systemdInstall?: FactAt<PackageInstall>;
  systemdPresent: 'yes' | 'no' | 'unknown';
  /** /sbin/init is provided (sysv package, metapackage, base, or a hand-made symlink). */
  sbinInitProvided: 'yes' | 'no' | 'unknown';
  systemctl: FactAt<SystemctlOp>[];
  removals: FactAt<Removal>[];
  /** For each default wants directory: the step whose removals empty it (last one). */
  pruned: Partial<Record<keyof typeof WANTS_DIRS, Step>>;
  /** Units masked (systemctl mask, or ln -s /dev/null), and where. */
  masked: Map<string, Step>;
  /** Units explicitly unmasked after being masked in the base. */
  unmasked: Set<string>;
  /** `systemctl set-default X` with a custom (non multi-user/graphical) target. */
  customDefaultTarget: boolean;
  starts: StartsSystemd;
  /** The image tries to run systemd as PID 1 (the rules that need it stay silent otherwise). */
  intent: boolean;
  /** The file works with systemd (enables/masks units, prunes, sets container env …). */
  usesSystemd: boolean;
  /** Some step runs a script we cannot see, so absence of pruning/masking is not certain. */
  opaqueSteps: Step[];
  /** Units disabled with `systemctl disable` (their wants links removed), and where. */
  disabled: Map<string, Step>;
  /** Units enabled with `systemctl enable` or a link made into a `*.wants` directory, and where. */
  enabled: Map<string, Step>;
  /**
   * `systemctl` is replaced by a script (docker-systemctl-replacement: `COPY … /usr/bin/systemctl`):
   * it starts units at build time and serves as PID 1 itself.
   */
  systemctlReplaced: boolean;
}

/** Unit files whose deletion (`rm /lib/systemd/system/getty.target`) is the same as masking them. */
const DELETABLE_UNITS = [
  'getty.target',
  'getty@.service',
  'console-getty.service',
  'systemd-udevd.service',
  'systemd-udev-trigger.service',
  'systemd-udevd-kernel.socket',
  'systemd-udevd-control.socket',
  'auditd.service',
  'systemd-logind.service',
  'systemd-remount-fs.service',
];
const UNIT_DIRS = ['/lib/systemd/system', '/etc/systemd/system'];
/**
 * The paths removals are asked about, made once: a cached RUN's removal memoizes its answers by
 * path (model.ts), and a path built afresh at each lint is hashed afresh at each lookup (the
 * lookups were a third of a 200-line Dockerfile's lint).
 */
const DELETABLE_PATHS = DELETABLE_UNITS.map((unit) => ({ unit, paths: UNIT_DIRS.map((dir) => `${dir}/${unit}`) }));

/** Where a replacement systemctl is installed (COPY/ADD destination, symlink). */
const SYSTEMCTL_PATHS = new Set(['/usr/bin/systemctl', '/bin/systemctl', '/usr/local/bin/systemctl']);

function* runSteps(model: ImageModel): Generator<{ step: Step; run: RunStep }> {
  for (const step of model.steps) if (step.run) yield { step, run: step.run };
}

export function familyManagers(family: string): PackageManager[] | undefined {
  return MANAGERS_BY_FAMILY[family];
}

export function computeFacts(model: ImageModel): SystemdFacts {
  const family = model.base.family;
  const recipe = recipeFor(family);
  const managers = familyManagers(family);
  const installs: FactAt<PackageInstall>[] = [];
  const systemctl: FactAt<SystemctlOp>[] = [];
  const removals: FactAt<Removal>[] = [];
  const masked = new Map<string, Step>();
  const unmasked = new Set<string>();
  const opaqueSteps: Step[] = [];
  const disabled = new Map<string, Step>();
  const enabled = new Map<string, Step>();
  let sbinInitLink = false;
  let customDefaultTarget = false;
  let systemctlReplaced = model.steps.some(
    (step) => (step.keyword === 'COPY' || step.keyword === 'ADD') && SYSTEMCTL_PATHS.has(copyDestination(step) ?? ''),
  );

  for (const { step, run } of runSteps(model)) {
    for (const item of run.effects.installs) {
      if (item.manager === 'helper' || !managers || managers.includes(item.manager)) installs.push({ step, run, item });
    }
    for (const item of run.effects.systemctl) {
      systemctl.push({ step, run, item });
      if (item.verb === 'mask') for (const u of item.units) masked.set(unitName(u), step);
      if (item.verb === 'disable') for (const u of item.units) disabled.set(unitName(u), step);
      if (item.verb === 'enable') for (const u of item.units) enabled.set(unitName(u), step);
      if (item.verb === 'unmask')
        for (const u of item.units) {
          masked.delete(unitName(u));
          unmasked.add(unitName(u));
        }
      if (item.verb === 'set-default' && item.units[0] && !/^(multi-user|graphical)\.target$/.test(item.units[0]))
        customDefaultTarget = true;
    }
    for (const item of run.effects.removals) removals.push({ step, run, item });
    for (const link of run.effects.links) {
      if (link.target === '/dev/null' && /^\/(etc|lib)\/systemd\/system\//.test(link.link))
        masked.set(basename(link.link), step);
      if (link.link === '/sbin/init' || link.link === '/usr/sbin/init') sbinInitLink = true;
      if (SYSTEMCTL_PATHS.has(link.link)) systemctlReplaced = true;
      // `ln -s …/getty.target …/multi-user.target.wants/` is `systemctl enable getty.target`.
      if (/\.wants\/[^/]+$/.test(link.link) && link.target !== '/dev/null') enabled.set(basename(link.link), step);
    }
    if (run.effects.opaqueScripts.length) opaqueSteps.push(step);
  }

  const systemdInstall = installs.find((i) => i.item.packages.some((p) => SYSTEMD_PACKAGES.has(stripVersion(p))));
  // Files deleted before systemd's package is installed come back with it.
  const systemdAt = systemdInstall ? order(systemdInstall) : -1;
  for (const { unit, paths } of DELETABLE_PATHS) {
    if (masked.has(unit)) continue;
    const removal = removals.find((r) => order(r) > systemdAt && paths.some((path) => r.item.covers(path)));
    if (removal) masked.set(unit, removal.step);
  }
  const anyInstall = installs.length > 0;
  const usedSystemctl = systemctl.length > 0;
  let systemdPresent: SystemdFacts['systemdPresent'];
  // A systemctl that runs at build time (no replacement) is systemd's own: systemd is there, from
  // the base or from a package installed before it (a yum on a Debian base installs nothing).
  const systemctlWorks =
    !systemctlReplaced &&
    systemctl.some((s) => model.base.systemd !== 'no' || installs.some((i) => order(i) < order(s)));
  if (model.base.systemd === 'yes' || systemdInstall || systemctlWorks) systemdPresent = 'yes';
  else if (model.base.systemd === 'unknown' || anyInstall || opaqueSteps.length) systemdPresent = 'unknown';
  else systemdPresent = 'no';

  let sbinInitProvided: SystemdFacts['sbinInitProvided'] = 'unknown';
  const providers = SYSV_PROVIDERS[family];
  if (sbinInitLink || (model.base.systemd === 'yes' && family !== 'unknown')) sbinInitProvided = 'yes';
  // A custom systemd image, or a base that may carry systemd with nothing installed here: unknown.
  else if (model.base.namedForSystemd || (model.base.systemd === 'unknown' && !systemdInstall))
    sbinInitProvided = 'unknown';
  else if (!providers)
    // Fedora/RHEL: systemd ships /usr/sbin/init and /sbin/init
    sbinInitProvided = family === 'unknown' ? 'unknown' : 'yes';
  else if (installs.some((i) => i.item.packages.some((p) => providers.has(stripVersion(p))))) sbinInitProvided = 'yes';
  else if (systemdInstall && (family === 'debian' || family === 'ubuntu')) sbinInitProvided = 'no';
  else if (systemdInstall && family === 'suse' && systemdInstall.item.skipsRecommends) sbinInitProvided = 'no';

  const pruned: SystemdFacts['pruned'] = {};
  for (const key of Object.keys(WANTS_DIRS) as (keyof typeof WANTS_DIRS)[]) {
    // The last removal that empties the directory (looked for from the end: covers() is pure);
    // a prune before systemd's own install prunes nothing (the install creates the links).
    for (let i = removals.length - 1; i >= 0; i--) {
      const r = removals[i];
      if (order(r) < systemdAt) break;
      if (probePaths[key].every((path) => r.item.covers(path))) {
        pruned[key] = r.step;
        break;
      }
    }
  }

  const starts = startsSystemd(model);
  const usesSystemd =
    usedSystemctl ||
    Object.keys(pruned).length > 0 ||
    masked.size > 0 ||
    model.env.has('container') ||
    isSystemdStopSignal(model.stopSignal?.value) ||
    model.volumes.some((v) => v.path.startsWith('/sys/fs/cgroup')) ||
    [...model.env.values()].some((e) => isInitWord(e.value));
  // A file that sets systemd up but forgot CMD still means to run it (it gets missing-init-cmd too).
  // Installing systemd alone, with a command we cannot see into, says nothing: systemd is also
  // installed for journalctl or systemd-run.
  const noCommand = !model.cmd && !model.entrypoint;
  const strongSignals = usesSystemd || (!!systemdInstall && noCommand);
  const intent =
    !systemctlReplaced &&
    (starts.kind === 'yes' ||
      ((starts.kind === 'unknown' || noCommand) &&
        strongSignals &&
        (systemdPresent !== 'no' || model.env.has('container'))));

  return {
    model,
    recipe,
    installs,
    systemdInstall,
    systemdPresent,
    sbinInitProvided,
    systemctl,
    removals,
    pruned,
    masked,
    unmasked,
    customDefaultTarget,
    starts,
    intent,
    usesSystemd,
    opaqueSteps,
    disabled,
    enabled,
    systemctlReplaced,
  };
}

/** The destination of a COPY/ADD, as an absolute path when it is one. */
function copyDestination(step: Step): string | undefined {
  const json = step.parsed.json;
  const words = json ? json.map((j) => j.value) : step.parsed.args.map((a) => a.raw);
  return words.length >= 2 ? words[words.length - 1] : undefined;
}

/** Build order of a located item: step order, then offset within the RUN. */
export function order(located: { step: { range: { start: { line: number } } }; item: { start: number } }): number {
  return located.step.range.start.line * 1e7 + located.item.start;
}

export function unitName(u: string): string {
  const b = basename(u);
  return /\.[a-z]+$/.test(b) ? b : `${b}.service`;
}

function stripVersion(pkg: string): string {
  return pkg.replace(/[=<>].*$/, '').replace(/:[a-z0-9]+$/, '');
}

/** `SIGRTMIN+3`, `RTMIN+3` and `37` are all SIGRTMIN+3 on Linux x86/arm. */
export function isSystemdStopSignal(value: string | undefined): boolean {
  if (!value) return false;
  return /^(SIG)?RTMIN\+3$/i.test(value.trim()) || value.trim() === '37';
}

/** Docker's effective argv: ENTRYPOINT (exec form) + CMD, or ENTRYPOINT shell form alone, or CMD. */
function startsSystemd(model: ImageModel): StartsSystemd {
  const { cmd, entrypoint } = model;
  if (!cmd && !entrypoint) {
    if (model.base.cmdIsInit) return { kind: 'yes', via: 'inherited', initWord: '/sbin/init' };
    return model.base.family === 'unknown' ? { kind: 'unknown' } : { kind: 'no' };
  }
  if (entrypoint) {
    const r = judgeCommand(entrypoint);
    if (r.kind !== 'no' || entrypoint.form === 'shell' || !cmd) {
      if (r.kind === 'unknown' && entrypoint.form === 'exec' && cmd?.form === 'exec' && cmd.args.some(isInitWord)) {
        return { kind: 'yes', via: 'wrapper', spec: entrypoint, initWord: cmd.args.find(isInitWord)! };
      }
      return r;
    }
  }
  if (!cmd) {
    if (model.base.cmdIsInit) return { kind: 'yes', via: 'inherited', initWord: '/sbin/init' };
    return { kind: 'unknown' };
  }
  return judgeCommand(cmd);
}

const NOT_INIT = new Set([
  'systemctl',
  'tail',
  'sleep',
  'bash',
  'sh',
  'nginx',
  'python',
  'python3',
  'node',
  'java',
  'httpd',
  'apache2ctl',
  'supervisord',
  'cat',
  'true',
  'top',
  'zsh',
  'dumb-init',
  'tini',
  'catatonit',
  's6-svscan',
  'runsvdir',
]);

/** A relative executable path (`lib/systemd/systemd`) is resolved against WORKDIR, as exec does. */
function execPath(word: string, cwd: string | null): string {
  if (word.startsWith('/') || !word.includes('/') || cwd === null) return word;
  return resolvePath(cwd, word) ?? word;
}

function judgeCommand(spec: CommandSpec): StartsSystemd {
  if (spec.form === 'shell') {
    const first = spec.commands[0];
    if (!first) return { kind: 'unknown', spec };
    const word = execPath(first.words[0].value, first.cwd);
    if (isInitWord(word)) {
      const execPrefixed = /^\s*exec\s/.test(spec.text);
      return { kind: 'yes', via: execPrefixed ? 'exec' : 'shell-form', spec, initWord: word };
    }
    return judgeArgv(
      first.words.map((w) => w.value),
      spec,
    );
  }
  return judgeArgv(spec.args, spec);
}

function judgeArgv(argv: string[], spec: CommandSpec): StartsSystemd {
  const [raw, ...rest] = argv;
  if (raw === undefined) return { kind: 'unknown', spec };
  const first = execPath(raw, spec.workdir);
  if (isInitWord(first)) return { kind: 'yes', via: 'exec', spec, initWord: first };
  const name = basename(first);
  if (/^(ba|da|z)?sh$/.test(name) && rest.includes('-c')) {
    const script = rest[rest.indexOf('-c') + 1] ?? '';
    const initCmd = spec.commands.find((c) => isInitWord(execPath(c.words[0].value, c.cwd)));
    if (initCmd) {
      const word = initCmd.words[0].value;
      const viaExec = new RegExp(`(^|[;&|]\\s*)exec\\s+${escapeRe(word)}`).test(script);
      return { kind: 'yes', via: viaExec ? 'exec' : 'sh-c-without-exec', spec, initWord: execPath(word, initCmd.cwd) };
    }
    return { kind: 'no', spec };
  }
  if (rest.some(isInitWord)) return { kind: 'yes', via: 'wrapper', spec, initWord: rest.find(isInitWord)! };
  if (NOT_INIT.has(name)) return { kind: 'no', spec };
  return { kind: 'unknown', spec };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
