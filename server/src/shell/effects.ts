/**
 * What the commands of a RUN step do to the image, as far as systemd cares: packages
 * installed, files removed (as predicates over paths, so `for` loops, `find` and `xargs`
 * pipelines are understood), symlinks made, `systemctl` operations and files written.
 */
import { globToRegExp } from '../../../shared/glob';
import { basename, normalizeContainerPath, resolvePath, type ShellCommand, type ShellWord } from './shellCommand';

export type PackageManager = 'apt' | 'dnf' | 'yum' | 'microdnf' | 'zypper' | 'pacman' | 'apk' | 'helper';

export interface Span {
  /** Offsets in the script text. */
  start: number;
  end: number;
}

export interface PackageInstall extends Span {
  manager: PackageManager;
  packages: string[];
  /** `--no-install-recommends`, `--no-recommends`, `install_weak_deps=False`: recommended packages stay out. */
  skipsRecommends: boolean;
}

export interface Removal extends Span {
  /** Does this removal delete the file at `path` (an absolute path)? */
  covers(path: string): boolean;
}

export interface SymlinkOp extends Span {
  target: string;
  link: string;
}

export interface SystemctlOp extends Span {
  verb: string;
  units: string[];
  /** Span of the verb word (quick fixes replace it). */
  verbSpan: Span;
}

export interface FileWrite extends Span {
  path: string;
  /** The bytes written, when they are known statically. */
  content: string | null;
  append: boolean;
  /** `echo -e` (whose `-e` is printed literally by dash). */
  echoDashE: boolean;
  /** Span of the `-e` word when echoDashE. */
  flagSpan?: Span;
}

export interface ScriptEffects {
  installs: PackageInstall[];
  removals: Removal[];
  links: SymlinkOp[];
  systemctl: SystemctlOp[];
  writes: FileWrite[];
  /** Scripts the step runs whose content is not visible (`bash /root/setup.sh`). */
  opaqueScripts: string[];
}

/** `/usr/lib/systemd/…` and `/lib/systemd/…` are the same directory on merged-/usr systems. */
export function canonicalUnitPath(p: string): string {
  return p.startsWith('/usr/lib/systemd/') ? p.slice('/usr'.length) : p;
}

/**
 * `globToRegExp(glob).test` (or fnmatch's), compiled on first use: most removals are never
 * asked about most paths (a path must start with the glob's literal part), and a glob without
 * `*`, `?` or `[` only matches itself.
 */
function globTest(glob: string, fnmatch = false): (path: string) => boolean {
  const special = glob.search(/[*?[]/);
  if (special < 0) return (p) => p === glob;
  // The part before the first wildcard matches itself only: a path without it cannot match.
  const prefix = glob.slice(0, special);
  let re: RegExp | undefined;
  return (p) => p.startsWith(prefix) && (re ??= globToRegExp(glob, { crossSlash: fnmatch })).test(p);
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

const APT = new Set(['apt-get', 'apt', 'aptitude']);
const RPM_MANAGERS: Record<string, PackageManager> = {
  dnf: 'dnf',
  yum: 'yum',
  microdnf: 'microdnf',
  tdnf: 'dnf',
  dnf5: 'dnf',
};
/** Helper scripts that wrap a package manager's install (kind's clean-install, bitnami's install_packages). */
const INSTALL_HELPERS = new Set(['clean-install', 'install_packages', 'install-packages']);
/** Options that take a separate value word. */
const OPTIONS_WITH_VALUE = new Set([
  '-o',
  '-t',
  '-c',
  '--option',
  '--target-release',
  '--setopt',
  '--repo',
  '--enablerepo',
  '--disablerepo',
  '--releasever',
  '--installroot',
  '-r',
  '--root',
  '--from',
]);

function positional(words: ShellWord[]): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].value;
    if (w === '--') {
      out.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(w)) i++;
      continue;
    }
    out.push(words[i]);
  }
  return out;
}

function span(c: ShellCommand): Span {
  return { start: c.start, end: c.end };
}

function packageInstall(c: ShellCommand): PackageInstall | undefined {
  if (
    !APT.has(c.name) &&
    !RPM_MANAGERS[c.name] &&
    c.name !== 'zypper' &&
    c.name !== 'pacman' &&
    c.name !== 'apk' &&
    !INSTALL_HELPERS.has(c.name)
  )
    return undefined;
  const args = c.words.slice(1);
  const pos = positional(args);
  const sub = pos[0]?.value;
  let manager: PackageManager | undefined;
  let packages: ShellWord[] = [];
  if (APT.has(c.name) && (sub === 'install' || sub === 'reinstall')) {
    manager = 'apt';
    packages = pos.slice(1);
  } else if (RPM_MANAGERS[c.name] && (sub === 'install' || sub === 'reinstall' || sub === 'groupinstall')) {
    manager = RPM_MANAGERS[c.name];
    packages = pos.slice(1);
  } else if (c.name === 'zypper' && (sub === 'install' || sub === 'in')) {
    manager = 'zypper';
    packages = pos.slice(1);
  } else if (c.name === 'pacman' && args.some((w) => /^-S[a-z]*$/.test(w.value) || w.value === '--sync')) {
    manager = 'pacman';
    packages = pos;
  } else if (c.name === 'apk' && sub === 'add') {
    manager = 'apk';
    packages = pos.slice(1);
  } else if (INSTALL_HELPERS.has(c.name)) {
    manager = 'helper';
    packages = pos;
  }
  if (!manager) return undefined;
  const skipsRecommends = args.some(
    (w) =>
      w.value === '--no-install-recommends' ||
      w.value === '--no-recommends' ||
      /install_weak_deps=(0|false)$/i.test(w.value),
  );
  // An unquoted `$PKGS` holding several names expands to several words.
  return {
    manager,
    packages: packages.flatMap((w) => wordsOf(w.value)),
    skipsRecommends,
    ...span(c),
  };
}

/** A value split on white space, empty parts dropped (most values have none: no RegExp split for them). */
function wordsOf(value: string): string[] {
  if (value === '') return [];
  return /\s/.test(value) ? value.split(/\s+/).filter(Boolean) : [value];
}

/** Expand a word that is the loop variable (`$i`, `"${i}"`) to the loop's values. */
function loopValues(word: ShellWord, c: ShellCommand): ShellWord[] | undefined {
  if (!c.loop) return undefined;
  const v = c.loop.variable;
  if (word.value === `$${v}` || word.value === `\${${v}}`) return c.loop.values;
  return undefined;
}

function removals(c: ShellCommand): Removal[] {
  if (c.name === 'rm' || c.name === 'unlink') return rmRemovals(c, c.words.slice(1));
  if (c.name === 'find') return findRemovals(c);
  if (c.name === 'xargs') {
    const inner = positionalXargs(c.words.slice(1));
    if (inner[0] && basename(inner[0].value) === 'rm') return pipedRemovals(c);
  }
  return [];
}

function rmRemovals(c: ShellCommand, args: ShellWord[]): Removal[] {
  const out: Removal[] = [];
  for (const word of positional(args)) {
    const values = loopValues(word, c);
    if (values) {
      const excludes = c.guardExcludes;
      for (const value of values) {
        const pattern = resolvePath(c.loop!.cwd, value.value);
        if (pattern === null) continue;
        const test = globTest(canonicalUnitPath(pattern));
        out.push({ ...span(c), covers: (p) => test(p) && !excludes.includes(basename(p)) });
      }
      continue;
    }
    if (word.dynamic) continue;
    const pattern = resolvePath(c.cwd, word.value);
    if (pattern === null) continue;
    const test = globTest(canonicalUnitPath(pattern));
    // `rm -rf dir` removes everything below dir too.
    const prefix = canonicalUnitPath(pattern.replace(/\/+$/, '')) + '/';
    const below =
      args.some((w) => /^-[a-zA-Z]*[rR]/.test(w.value) || w.value === '--recursive') && !/[*?[]/.test(pattern);
    out.push({ ...span(c), covers: (p) => test(p) || (below && p.startsWith(prefix)) });
  }
  return out;
}

/** `find DIR… [-path P] [-name N] [-not -name X]… (-delete | -exec rm {} ;)` */
function findRemovals(c: ShellCommand): Removal[] {
  const words = c.words.slice(1).map((w) => w.value);
  const deletes =
    words.includes('-delete') ||
    words.some((w, i) => (w === '-exec' || w === '-execdir') && basename(words[i + 1] ?? '') === 'rm');
  if (!deletes) return [];
  const selects = findSelection(c);
  return selects ? [{ ...span(c), covers: selects }] : [];
}

/** The paths a `find DIR… [tests]` lists, as a predicate (null when no start directory is known). */
function findSelection(c: ShellCommand): ((p: string) => boolean) | null {
  const words = c.words.slice(1).map((w) => w.value);
  const roots: string[] = [];
  let i = 0;
  for (; i < words.length && !words[i].startsWith('-') && words[i] !== '!' && words[i] !== '('; i++) {
    const r = resolvePath(c.cwd, words[i]);
    if (r) roots.push(canonicalUnitPath(r));
  }
  const tests: ((p: string) => boolean)[] = [];
  let negate = false;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '-not' || w === '!') {
      negate = true;
      continue;
    }
    let test: ((p: string) => boolean) | undefined;
    if ((w === '-name' || w === '-iname') && words[i + 1] !== undefined) {
      const name = globTest(words[++i], true);
      test = (p) => name(basename(p));
    } else if ((w === '-path' || w === '-wholename') && words[i + 1] !== undefined) {
      test = globTest(canonicalUnitPath(words[++i]), true);
    } else if (w === '-exec' || w === '-execdir') {
      while (i < words.length && words[i] !== ';' && words[i] !== '+') i++;
    }
    if (test) {
      const t = test;
      tests.push(negate ? (p) => !t(p) : t);
    }
    negate = false;
  }
  if (roots.length === 0) return null;
  return (p) => roots.some((r) => p.startsWith(r.replace(/\/?$/, '/'))) && tests.every((t) => t(p));
}

function positionalXargs(words: ShellWord[]): ShellWord[] {
  let i = 0;
  while (i < words.length && words[i].value.startsWith('-')) i++;
  return words.slice(i);
}

/**
 * `ls | grep -v keep | xargs rm -f` in a directory removes everything there but `keep`;
 * `find DIR … -print0 | xargs -0 rm -f` removes what find lists.
 */
function pipedRemovals(c: ShellCommand): Removal[] {
  const source = c.pipedFrom[0];
  const excludes = c.pipedFrom
    .filter((p) => p.name === 'grep' && p.words.some((w) => w.value === '-v'))
    .map((p) => positional(p.words.slice(1))[0]?.value ?? '');
  const kept = (p: string) => excludes.some((x) => x && basename(p).includes(x));
  if (source?.name === 'find') {
    const selects = findSelection(source);
    return selects ? [{ ...span(c), covers: (p) => selects(p) && !kept(p) }] : [];
  }
  if (!source || source.name !== 'ls' || c.cwd === null) return [];
  const dir = canonicalUnitPath(source.cwd ?? c.cwd);
  const rmArgs = positionalXargs(c.words.slice(1)).slice(1);
  const extra = rmRemovals({ ...c, words: c.words, loop: undefined }, rmArgs);
  return [
    { ...span(c), covers: (p) => dirname(p) === dir && !excludes.some((x) => x && basename(p).includes(x)) },
    ...extra,
  ];
}

function symlinks(c: ShellCommand): SymlinkOp[] {
  if (c.name !== 'ln') return [];
  const args = c.words.slice(1);
  if (!args.some((w) => /^-[a-zA-Z]*s/.test(w.value) || w.value === '--symbolic')) return [];
  const pos = positional(args).filter((w) => !w.dynamic || w.value.startsWith('$('));
  if (pos.length !== 2) return [];
  const [target, linkWord] = pos;
  let link = resolvePath(c.cwd, linkWord.value);
  if (link === null) return [];
  if (linkWord.value.endsWith('/')) link = normalizeContainerPath(`${link}/${basename(target.value)}`);
  return [{ target: target.value, link: canonicalUnitPath(link), ...span(c) }];
}

const SYSTEMCTL_VALUE_OPTIONS = new Set([
  '--root',
  '-t',
  '--type',
  '--state',
  '-p',
  '--property',
  '-H',
  '--host',
  '-M',
  '--machine',
  '-n',
  '--lines',
  '-o',
  '--output',
  '--signal',
  '-s',
  '--kill-whom',
  '--job-mode',
  '--preset-mode',
]);

function systemctlOps(c: ShellCommand): SystemctlOp[] {
  if (c.name !== 'systemctl') return [];
  const rest: ShellWord[] = [];
  const args = c.words.slice(1);
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w.startsWith('-')) {
      if (SYSTEMCTL_VALUE_OPTIONS.has(w)) i++;
      continue;
    }
    rest.push(args[i]);
  }
  if (rest.length === 0) return [];
  const [verb, ...units] = rest;
  return [
    { verb: verb.value, units: units.map((u) => u.value), verbSpan: { start: verb.start, end: verb.end }, ...span(c) },
  ];
}

/**
 * The text an echo means to write: option words dropped, escapes interpreted (as dash always
 * does, and bash with -e). The literal `-e` that dash prints is reported on its own.
 */
function echoText(args: string[]): string {
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(args[i])) i++;
  return (
    args
      .slice(i)
      .join(' ')
      .replace(/\\(n|t|\\|c)/g, (_m, e: string) => (e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : '')) +
    '\n'
  );
}

function writes(c: ShellCommand): FileWrite[] {
  if (c.redirects.length === 0 && c.name !== 'tee') return []; // writes nothing
  const out: FileWrite[] = [];
  const targets = c.redirects.filter((r) => r.op === '>' || r.op === '>>' || r.op === '>|');
  const heredoc = c.redirects.find((r) => r.op === '<<' || r.op === '<<<')?.body;
  let content: string | null = null;
  let echoDashE = false;
  let flagSpan: Span | undefined;
  if (c.name === 'echo') {
    const args = c.words.slice(1);
    echoDashE = args[0]?.value === '-e';
    if (echoDashE) flagSpan = { start: args[0].start, end: args[0].end };
    content = args.some((a) => a.dynamic) ? null : echoText(args.map((a) => a.value));
  } else if (c.name === 'printf') {
    const fmt = c.words[1];
    content =
      fmt && !fmt.dynamic && c.words.length === 2 ? fmt.value.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : null;
  } else if (c.name === 'cat' && heredoc !== undefined) {
    content = heredoc;
  }
  for (const r of targets) {
    const path = resolvePath(c.cwd, r.target);
    if (path) out.push({ path, content, append: r.op === '>>', echoDashE, flagSpan, ...span(c) });
  }
  if (c.name === 'tee') {
    const append = c.words.some((w) => w.value === '-a' || w.value === '--append');
    const feeder = c.pipedFrom[c.pipedFrom.length - 1];
    let piped: string | null = heredoc ?? null;
    let feederDashE = false;
    if (feeder?.name === 'echo') {
      const args = feeder.words.slice(1);
      feederDashE = args[0]?.value === '-e';
      piped = args.some((a) => a.dynamic) ? null : echoText(args.map((a) => a.value));
    }
    for (const w of positional(c.words.slice(1))) {
      const path = resolvePath(c.cwd, w.value);
      if (path) out.push({ path, content: piped, append, echoDashE: feederDashE, ...span(c) });
    }
  }
  return out;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'source', '.']);

function opaqueScript(c: ShellCommand): string | undefined {
  if (SHELLS.has(c.name)) {
    const script = c.words.slice(1).find((w) => !w.value.startsWith('-'));
    if (script && !c.words.some((w) => w.value === '-c')) return script.value;
  }
  if (/\.sh$/.test(c.name)) return c.words[0].value;
  return undefined;
}

export function scriptEffects(commands: ShellCommand[]): ScriptEffects {
  const effects: ScriptEffects = {
    installs: [],
    removals: [],
    links: [],
    systemctl: [],
    writes: [],
    opaqueScripts: [],
  };
  for (const c of commands) {
    const install = packageInstall(c);
    if (install) effects.installs.push(install);
    effects.removals.push(...removals(c));
    effects.links.push(...symlinks(c));
    effects.systemctl.push(...systemctlOps(c));
    effects.writes.push(...writes(c));
    const opaque = opaqueScript(c);
    if (opaque) effects.opaqueScripts.push(opaque);
  }
  return effects;
}
