/**
 * The one place that knows which kind of file a path and a text are: the CLI, the folder walk and
 * the language server all ask `detectKind` (or `documentKind` for an editor's language id), and
 * none of them names a kind itself. This is the detection half of the kind registry: a table with
 * one entry per kind, each with its name patterns, its content test and the language ids it serves.
 *
 * A name can be certain (`Dockerfile`, `compose.yaml`, `web.service`) or only a hint
 * (`Dockerfile.fedora`, `stack.yml`, `app.volume`): hints are confirmed by the content. Files with
 * no hint at all are tried as Dockerfiles by content (`build/ci`, a Dockerfile by any name).
 */
import { parseDockerfileText } from '../../../shared/dockerfileParser';
import { DOCKERFILE_INSTRUCTIONS } from './dockerfile/buildkitErrors';
import { templateTarget, unitFileType, untitledUnitName } from './unit/fileType';

export { untitledUnitName };
import { DOCKERFILE_CERTAIN, DOCKERFILE_HINT } from '../../../shared/dockerfileNames';

/** The file kinds the linter judges. */
export type LintKind = 'dockerfile' | 'compose' | 'devcontainer' | 'unit' | 'quadlet' | 'nspawn';

/** Kinds that are recognised only to be skipped with a reason. */
export type SkippedKind = 'kubernetes';

export interface KindEntry {
  kind: LintKind | SkippedKind;
  /** One line for `--help` and `--list-files`. */
  description: string;
  /** VS Code language ids whose documents may be of this kind (confirmed by name or content). */
  languageIds: readonly string[];
  /**
   * What the name says: 'certain' (no content test), 'hint' (the content decides), or undefined.
   * `path` uses `/` separators.
   */
  byName(path: string): 'certain' | 'hint' | undefined;
  /** Whether the text is of this kind; `path` is there for kinds whose test depends on the name. */
  byContent(text: string, path: string): boolean;
  /** For skipped kinds: why they are not linted. */
  skipReason?: string;
}

export type Detection =
  | {
      lint: LintKind;
      /** The path the file is judged as (`x.service.in` → `x.service`). */ lintPath: string;
      why: string;
    }
  | { skip: string; kind?: SkippedKind };

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const slashes = (path: string) => path.replace(/\\/g, '/');

// ---------------------------------------------------------------------------- content tests

/**
 * A Dockerfile judged by its instructions: the first one (after ARGs) is FROM, and at least four
 * in five of them are instructions BuildKit knows. Prose, scripts and INI files fail the first test.
 */
export function looksLikeDockerfile(text: string): boolean {
  const doc = parseDockerfileText(text);
  const ins = doc.instructions;
  const first = ins.find((i) => i.keyword !== 'ARG');
  if (!first || first.keyword !== 'FROM' || first.args.length === 0) return false;
  const known = ins.filter((i) => DOCKERFILE_INSTRUCTIONS.has(i.keyword)).length;
  return known * 5 >= ins.length * 4;
}

/** Top-level keys of a YAML text (lines that start a key in column 0), from a quick line scan. */
function topLevelYamlKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/^(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][\w.-]*))[ \t]*:(?=[ \t]|$)/gm))
    keys.add(m[1] ?? m[2] ?? m[3]);
  return keys;
}

/** Keys a compose service may have (compose-spec): one of them marks a mapping as a service. */
const SERVICE_KEYS = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'volumes',
  'depends_on',
  'extends',
  'deploy',
  'networks',
  'restart',
  'container_name',
  'privileged',
  'tmpfs',
  'cgroup',
  'cgroup_parent',
  'cap_add',
  'stop_signal',
  'healthcheck',
  'labels',
  'expose',
  'working_dir',
  'user',
  'hostname',
  'init',
  'profiles',
  'secrets',
  'configs',
  'devices',
  'security_opt',
  'network_mode',
  'stdin_open',
  'tty',
  'logging',
  'ulimits',
  'platform',
]);

/**
 * A compose file: a YAML mapping with `services:` whose entries are mappings with service keys
 * (`image:`, `build:`, …), read from the indentation without a YAML parse. A Kubernetes manifest
 * (top-level `apiVersion:` and `kind:`) is not one.
 */
export function looksLikeCompose(text: string): boolean {
  const keys = topLevelYamlKeys(text);
  if (!keys.has('services') || (keys.has('apiVersion') && keys.has('kind'))) return false;
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^(?:services|"services"|'services')[ \t]*:[ \t]*(#.*)?$/.test(l));
  if (at < 0) return false;
  let serviceIndent = -1;
  let keyIndent = -1;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = /^ */.exec(line)![0].length;
    if (indent === 0) break; // the next top-level key
    const key = /^ *(?:"([^"]+)"|'([^']+)'|([^\s:#][^:#]*?))[ \t]*:(?=[ \t]|$)/.exec(line);
    if (!key) continue;
    const name = key[1] ?? key[2] ?? key[3];
    if (serviceIndent < 0) serviceIndent = indent;
    if (indent === serviceIndent) {
      keyIndent = -1;
      continue;
    }
    if (keyIndent < 0) keyIndent = indent;
    if (indent === keyIndent && SERVICE_KEYS.has(name)) return true;
  }
  return false;
}

/** A Kubernetes or OpenShift manifest: top-level `apiVersion:` and `kind:` (in any of its documents). */
export function looksLikeKubernetes(text: string): boolean {
  const keys = topLevelYamlKeys(text);
  return keys.has('apiVersion') && keys.has('kind');
}

/**
 * An INI file of systemd's syntax: the first line that is not blank or a comment is a section
 * header. Empty and comment-only files pass (an empty drop-in is still one).
 */
export function looksLikeIni(text: string): boolean {
  const m = /^[ \t]*([^\s#;])/m.exec(text);
  return !m || m[1] === '[';
}

/** Section names of an INI text. */
function iniSections(text: string): Set<string> {
  return new Set([...text.matchAll(/^[ \t]*\[([^\]\n]+)\]/gm)].map((m) => m[1].trim()));
}

/** Unit-like extensions whose name alone is enough (with an INI content); the others need their own section. */
const COMMON_UNIT_EXTENSIONS =
  /\.(service|socket|timer|mount|automount|swap|target|slice|scope|container|nspawn|netdev|network|pod|kube)$/;
/** The section a rarer extension needs (other tools use `.path`, `.link`, `.image`, `.build`, `.volume`). */
const REQUIRED_SECTION: Record<string, readonly string[]> = {
  path: ['Path'],
  link: ['Match', 'Link'],
  image: ['Image'],
  build: ['Build'],
  artifact: ['Artifact'],
  volume: ['Volume'],
  device: ['Unit'],
};

/** The unit-like family of a path (after a `.in` template suffix is dropped), or undefined. */
function unitFamily(path: string, text = ''): 'unit' | 'quadlet' | 'nspawn' | undefined {
  if (/\.quadlets$/.test(path)) return 'quadlet';
  const type = unitFileType(templateTarget(path), text);
  if (!type) return undefined;
  return type === 'nspawn' ? 'nspawn' : type.startsWith('quadlet-') ? 'quadlet' : 'unit';
}

/** Any unit-like name is a hint for each of the three families: `.network` is networkd's or Quadlet's by content. */
function unitByName(path: string): 'hint' | undefined {
  return unitFamily(path) ? 'hint' : undefined;
}

function unitByContent(family: 'unit' | 'quadlet' | 'nspawn') {
  return (text: string, path: string) => unitFamily(path, text) === family && unitLike(text, path);
}

/** A unit-like file by content: INI syntax, and for rarer extensions the section of its type. */
function unitLike(text: string, path: string): boolean {
  if (!looksLikeIni(text)) return false;
  const target = templateTarget(path);
  const name = base(target);
  if (/\.quadlets$/.test(name) || COMMON_UNIT_EXTENSIONS.test(name) || /\.conf$/.test(name)) return true;
  const ext = name.slice(name.lastIndexOf('.') + 1);
  const sections = iniSections(text);
  return sections.size === 0 || (REQUIRED_SECTION[ext] ?? []).some((s) => sections.has(s));
}

// ---------------------------------------------------------------------------- name patterns

/** compose.yaml, compose.override.yml, docker-compose.yml, docker-compose.prod.yaml, docker-compose-dev.yml. */
const COMPOSE_CERTAIN = /^compose(\.[\w-]+)*\.ya?ml$|^docker-compose[\w.-]*\.ya?ml$/i;

/** .devcontainer.json, .devcontainer/devcontainer.json, .devcontainer/<name>/devcontainer.json. */
export function isDevcontainerPath(path: string): boolean {
  const parts = slashes(path).split('/');
  const name = parts[parts.length - 1];
  if (name === '.devcontainer.json') return true;
  return (
    name === 'devcontainer.json' &&
    (parts[parts.length - 2] === '.devcontainer' || parts[parts.length - 3] === '.devcontainer')
  );
}

// ---------------------------------------------------------------------------- the table

/** Every kind, in the order detection tries them. */
export const KINDS: readonly KindEntry[] = [
  {
    kind: 'dockerfile',
    description: 'Dockerfile or Containerfile (any name: judged by its instructions)',
    languageIds: ['dockerfile'],
    byName: (path) =>
      DOCKERFILE_CERTAIN.test(base(path)) ? 'certain' : DOCKERFILE_HINT.test(base(path)) ? 'hint' : undefined,
    byContent: looksLikeDockerfile,
  },
  {
    kind: 'compose',
    description: 'compose file (compose.yaml, docker-compose*.yml, or any YAML with services)',
    languageIds: ['dockercompose', 'yaml'],
    byName: (path) => (COMPOSE_CERTAIN.test(base(path)) ? 'certain' : /\.ya?ml$/i.test(path) ? 'hint' : undefined),
    byContent: looksLikeCompose,
  },
  {
    kind: 'kubernetes',
    description: 'Kubernetes or OpenShift manifest (recognised and skipped)',
    languageIds: ['yaml'],
    byName: (path) => (/\.ya?ml$/i.test(path) ? 'hint' : undefined),
    byContent: looksLikeKubernetes,
    skipReason: 'a Kubernetes/OpenShift manifest (apiVersion and kind): not linted',
  },
  {
    kind: 'devcontainer',
    description: 'devcontainer.json (.devcontainer/, .devcontainer.json)',
    languageIds: ['json', 'jsonc'],
    byName: (path) => (isDevcontainerPath(path) ? 'certain' : undefined),
    byContent: () => true,
  },
  {
    kind: 'quadlet',
    description: 'Quadlet file (.container, .pod, .kube, .network, .volume, .image, .build, .artifact, .quadlets)',
    languageIds: ['systemd-unit'],
    byName: unitByName,
    byContent: unitByContent('quadlet'),
  },
  {
    kind: 'nspawn',
    description: 'systemd-nspawn settings (.nspawn)',
    languageIds: ['systemd-unit'],
    byName: unitByName,
    byContent: unitByContent('nspawn'),
  },
  {
    kind: 'unit',
    description: 'systemd unit of any type, drop-in or *.in template (.service, .socket, .timer, .mount …)',
    languageIds: ['systemd-unit'],
    byName: unitByName,
    byContent: unitByContent('unit'),
  },
];

/** The kinds the linter judges (for `--kind` and `--help`), in table order. */
export const LINT_KINDS: readonly LintKind[] = KINDS.filter((k) => !k.skipReason).map((k) => k.kind as LintKind);

const entry = (kind: LintKind | SkippedKind) => KINDS.find((k) => k.kind === kind)!;

function found(e: KindEntry, path: string, why: string): Detection {
  if (e.skipReason) return { skip: e.skipReason, kind: e.kind as SkippedKind };
  return {
    lint: e.kind as LintKind,
    lintPath: e.kind === 'unit' || e.kind === 'quadlet' || e.kind === 'nspawn' ? templateTarget(path) : path,
    why,
  };
}

/**
 * The kind of a file from its path and, where the name is only a hint or says nothing, its text.
 * Without a text only certain names are judged (what a folder walk may pick up unread).
 */
export function detectKind(path: string, text?: string): Detection {
  const p = slashes(path);
  let hinted = false;
  for (const e of KINDS) {
    const name = e.byName(p);
    if (name === 'certain')
      return found(e, p, `named like a ${e.kind === 'devcontainer' ? 'devcontainer.json' : e.kind}`);
    if (name !== 'hint') continue;
    hinted = true;
    // Any YAML name hints at compose and Kubernetes alike: there the content alone decides.
    const why = e.languageIds.includes('yaml') ? `${e.kind} by content` : `${e.kind} by name and content`;
    if (text !== undefined && e.byContent(text, p)) return found(e, p, why);
  }
  if (text === undefined) return { skip: hinted ? 'needs its content read' : 'not a file kind this linter knows' };
  // No name for it: a Dockerfile judged by its instructions (YAML, JSON and INI names are not).
  if (!hinted && !/\.(ya?ml|json|md|txt|rst)$/i.test(p) && looksLikeDockerfile(text))
    return found(entry('dockerfile'), p, 'dockerfile by content');
  if (DOCKERFILE_HINT.test(base(p))) return { skip: 'named like a Dockerfile but holds no Dockerfile instructions' };
  return { skip: 'not a file kind this linter knows (Dockerfile, compose, devcontainer.json, unit, Quadlet, .nspawn)' };
}

/** Whether a walk should read a file to decide (its name is a hint, or it has no extension the walk can rule out). */
export function worthReading(path: string): boolean {
  const p = slashes(path);
  if (KINDS.some((e) => e.byName(p))) return true;
  // Extension-less files and *.docker may be Dockerfiles by content; everything else with an extension is not read.
  return !/\.[^/.]+$/.test(base(p)) || /\.docker$/i.test(p);
}

/**
 * Which linter an editor document gets, from its language id, path and text: Dockerfiles by
 * language, unit files by language and then path, compose files by name or content (VS Code sees
 * them as YAML), devcontainer.json by path.
 */
export function documentKind(languageId: string, path: string | undefined, text: string): LintKind | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  if (languageId === 'systemd-unit') return unitFamily(slashes(path ?? untitledUnitName(text)), text) ?? 'unit';
  const candidates = KINDS.filter((e) => e.languageIds.includes(languageId));
  if (candidates.length === 0) return undefined;
  const p = path ? slashes(path) : languageId === 'yaml' ? 'untitled.yaml' : '';
  for (const e of candidates) {
    const name = e.byName(p);
    if (name === 'certain' || (name === 'hint' && e.byContent(text, p)))
      return e.skipReason ? undefined : (e.kind as LintKind);
  }
  return undefined;
}
