/**
 * What a unit-file rule may learn from the files around the one being linted, through functions
 * the caller passes (the CLI passes the file system, the language server its workspace), so the
 * core stays transport-free: the Dockerfile that puts a unit into an image, the Containerfile a
 * Quadlet `.build` builds, the drop-ins of a Quadlet file.
 */
import { parseDockerfileText, unquote, type Instruction } from '../../../../shared/dockerfileParser';
import { parseDockerfile, type ImageModel, type Step } from '../dockerfile/model';
import { computeFacts, type SystemdFacts } from '../dockerfile/facts';
import { baseName, dirName } from './document';
import { shellParserLoaded } from '../../shell/bashParser';
import { isDockerfileName } from '../../../../shared/dockerfileNames';
import { globToRegExp } from '../../../../shared/glob';

export interface UnitFileAccess {
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  /** The names in a directory, or undefined when it is not a readable directory. */
  listDir(path: string): string[] | undefined;
}

export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/')) return name;
  if (dir === '' || dir === '.') return name;
  return `${dir.replace(/\/+$/, '')}/${name}`;
}

/** Resolve `.` and `..` segments. */
export function normalizePath(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export interface AnalysedDockerfile {
  path: string;
  model: ImageModel;
  facts: SystemdFacts;
}

/** Parsed Dockerfiles by path and text, so a keystroke in a unit file does not re-parse its neighbours. */
const dockerfileCache = new Map<string, { text: string; analysed: AnalysedDockerfile | null }>();
const CACHE_LIMIT = 200;

export function analyseDockerfile(path: string, text: string): AnalysedDockerfile | null {
  const hit = dockerfileCache.get(path);
  if (hit && hit.text === text) return hit.analysed;
  let analysed: AnalysedDockerfile | null = null;
  try {
    const model = parseDockerfile(text);
    if (model.chain.length) analysed = { path, model, facts: computeFacts(model) };
  } catch (e) {
    // Not an answer to keep: the CLI lints the unit again once the shell parser is loaded.
    if (!shellParserLoaded()) throw e;
    analysed = null; // a Dockerfile the parser cannot read tells us nothing
  }
  if (dockerfileCache.size >= CACHE_LIMIT) dockerfileCache.delete(dockerfileCache.keys().next().value as string);
  dockerfileCache.set(path, { text, analysed });
  return analysed;
}

/** How a unit file gets into an image. */
export interface ImageForUnit {
  dockerfile: AnalysedDockerfile;
  /** The Dockerfile is in the unit's folder, or a COPY/ADD of its build context takes the unit. */
  via: { kind: 'same-folder' } | { kind: 'copy'; step: Step };
}

function copySources(ins: Instruction): string[] {
  if (ins.flag('from')) return [];
  // exec form: COPY ["a", "b", "/dest/"]
  const words = ins.json ? ins.json.map((j) => j.value) : ins.args.map((a) => unquote(a.raw, ins.doc.escapeChar));
  return words.slice(0, -1);
}

const copiesTaking = (relative: string) => (ins: Instruction) =>
  (ins.keyword === 'COPY' || ins.keyword === 'ADD') && copySources(ins).some((src) => copyTakes(src, relative));

/**
 * The COPY and ADD instructions of a Dockerfile by the lexical parse alone (no shell parser), by
 * path and text. A Dockerfile above the unit's folder counts only when one of them takes the unit;
 * most do not (a stray `/tmp/x.Dockerfile` above a unit in /tmp/…), and those are not modelled at
 * all: a CLI run on the unit loads no WebAssembly and parses no RUN for them.
 */
const lexicalCache = new Map<string, { text: string; copies: Instruction[] }>();

function lexicalCopies(path: string, text: string): Instruction[] {
  const hit = lexicalCache.get(path);
  if (hit && hit.text === text) return hit.copies;
  const copies = parseDockerfileText(text).instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
  if (lexicalCache.size >= CACHE_LIMIT) lexicalCache.delete(lexicalCache.keys().next().value as string);
  lexicalCache.set(path, { text, copies });
  return copies;
}

/** Does `COPY source …` (relative to the build context) take the file at `relative`? */
export function copyTakes(source: string, relative: string): boolean {
  const s = normalizePath(source.replace(/^\.\//, ''));
  if (s === '' || s === '.') return true;
  if (s === relative) return true;
  if (/[*?]/.test(s)) {
    const re = globToRegExp(s);
    // a glob matching a directory takes what is below it
    const parts = relative.split('/');
    for (let i = 1; i <= parts.length; i++) if (re.test(parts.slice(0, i).join('/'))) return true;
    return false;
  }
  return relative.startsWith(`${s}/`);
}

/**
 * The images a unit file goes into: Dockerfiles in its folder, and Dockerfiles up to `depth`
 * folders above whose COPY/ADD takes it (the build context taken to be the Dockerfile's folder).
 */
export function imagesForUnit(unitPath: string, access: UnitFileAccess, depth = 4): ImageForUnit[] {
  const out: ImageForUnit[] = [];
  const unitDir = dirName(unitPath);
  let dir = unitDir;
  for (let level = 0; level <= depth; level++) {
    for (const name of access.listDir(dir) ?? []) {
      if (!isDockerfileName(name)) continue;
      const path = joinPath(dir, name);
      const text = access.readFile(path);
      if (text === undefined) continue;
      if (level === 0) {
        const dockerfile = analyseDockerfile(path, text);
        if (dockerfile) out.push({ dockerfile, via: { kind: 'same-folder' } });
        continue;
      }
      const relative = unitPath.replace(/\\/g, '/').slice(dir.length + (dir.endsWith('/') ? 0 : 1));
      const takes = copiesTaking(relative);
      // the model's steps are instructions of the file: none taking it lexically, none in the model
      if (!lexicalCopies(path, text).some(takes)) continue;
      const dockerfile = analyseDockerfile(path, text);
      const step = dockerfile?.model.steps.find((s) => takes(s.parsed));
      if (dockerfile && step) out.push({ dockerfile, via: { kind: 'copy', step } });
    }
    const parent = dirName(dir);
    if (parent === dir || dir === '.' || dir === '') break;
    dir = parent;
  }
  return out;
}

/**
 * Names of the `.conf` drop-ins that apply to a Quadlet or unit file in the same directory (`foo.container.d/`,
 * `container.d/`).
 */
export function dropInTexts(unitPath: string, access: UnitFileAccess): { path: string; text: string }[] {
  const dir = dirName(unitPath);
  const name = baseName(unitPath);
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const dirs = [`${name}.d`, `${extension}.d`];
  // podman-systemd.unit(5): foo-bar-baz.container also reads foo-.container.d and foo-bar-.container.d
  const stem = name.slice(0, name.lastIndexOf('.'));
  const dashes = [...stem.matchAll(/-/g)].map((m) => m.index!);
  for (const i of dashes) dirs.push(`${stem.slice(0, i + 1)}.${extension}.d`);
  const out: { path: string; text: string }[] = [];
  for (const d of dirs) {
    const full = joinPath(dir, d);
    for (const f of access.listDir(full) ?? []) {
      if (!f.endsWith('.conf')) continue;
      const text = access.readFile(joinPath(full, f));
      if (text !== undefined) out.push({ path: joinPath(full, f), text });
    }
  }
  return out;
}
