/**
 * Where a file in the built image came from: the COPY/ADD instructions of the target stage's
 * chain (not `--from` copies, not URLs), their sources expanded in the build context, and the
 * paths they land on (Docker's rules: a directory source copies its contents; several sources
 * or a destination ending in `/` mean a directory; a single file to a destination without `/`
 * lands on that path, or inside it when the image already has that directory, so both are
 * kept). A later instruction that lands on the same path wins. Used by verify-image to show a
 * finding in `/etc/systemd/system/app.service` on the build context's `app.service`. Reads the
 * file with parser.ts alone (no shell parser), so the extension can use it without the lint core.
 */
import { parseDockerfileText, unquote, type Instruction } from './dockerfileParser';
import { globToRegExp } from './glob';

export interface ContextAccess {
  /** Entries of a directory of the build context (absolute path), or undefined when it is not a directory. */
  listDir(dir: string): Array<{ name: string; dir: boolean }> | undefined;
  /** Whether a path exists as a file. */
  isFile(file: string): boolean;
}

export interface CopySource {
  /** Absolute path of the file in the build context. */
  file: string;
  /** 1-based line of the COPY/ADD instruction. */
  instructionLine: number;
  instruction: string;
}

const posixJoin = (a: string, b: string): string => (a.endsWith('/') ? a + b : `${a}/${b}`).replace(/\/{2,}/g, '/');
const normalize = (p: string): string => {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
};

/** Files below a context directory, as paths relative to it (bounded). */
function walk(access: ContextAccess, root: string, rel = '', out: string[] = [], depth = 0): string[] {
  if (depth > 12 || out.length > 5000) return out;
  for (const e of access.listDir(rel ? posixJoin(root, rel) : root) ?? []) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.dir) walk(access, root, r, out, depth + 1);
    else out.push(r);
  }
  return out;
}

/** A COPY/ADD source (relative to the context) → [context file, path below the source] pairs. */
function expandSource(
  access: ContextAccess,
  context: string,
  source: string,
): Array<{ file: string; below: string | null }> {
  const s = normalize(source).slice(1);
  if (/[*?[]/.test(s)) {
    const dir = s.includes('/') ? s.slice(0, s.lastIndexOf('/')) : '';
    const re = globToRegExp(s.slice(dir ? dir.length + 1 : 0));
    const out: Array<{ file: string; below: string | null }> = [];
    for (const e of access.listDir(dir ? posixJoin(context, dir) : context) ?? []) {
      if (!re.test(e.name)) continue;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.dir)
        for (const f of walk(access, posixJoin(context, rel)))
          out.push({ file: posixJoin(context, `${rel}/${f}`), below: f });
      else out.push({ file: posixJoin(context, rel), below: null });
    }
    return out;
  }
  const abs = s ? posixJoin(context, s) : context;
  if (access.isFile(abs)) return [{ file: abs, below: null }];
  if (access.listDir(abs)) return walk(access, abs).map((f) => ({ file: posixJoin(abs, f), below: f }));
  return [];
}

interface StageInfo {
  name: string | null;
  reference: string | null;
  parent: number | null;
  instructions: Instruction[];
}

/** `${NAME}`, `${NAME:-default}` and `$NAME` from the global ARGs; null when one has no value. */
function substitute(value: string, args: Map<string, string | null>): string | null {
  let unresolved = false;
  const out = value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, a: string, def: string | undefined, b: string) => {
      const v = args.get(a ?? b);
      if (v !== undefined && v !== null && v !== '') return v;
      if (def !== undefined) return def;
      unresolved = true;
      return '';
    },
  );
  return unresolved ? null : out;
}

/** The stages from the external base to the target (`FROM <stage name>` followed back). */
function stageChain(text: string, target?: string): { chain: StageInfo[]; lines: (offset: number) => number } {
  const doc = parseDockerfileText(text);
  const stages: StageInfo[] = [];
  const globalArgs = new Map<string, string | null>();
  for (const ins of doc.instructions) {
    if (ins.keyword === 'FROM') {
      const args = ins.args;
      const image = args[0] ? unquote(args[0].raw, doc.escapeChar) : null;
      const name = args.length > 2 && args[1].raw.toUpperCase() === 'AS' ? args[2].raw : null;
      const reference = image === null ? null : substitute(image, globalArgs);
      const parent =
        reference === null
          ? -1
          : stages.findIndex((st) => st.name !== null && st.name.toLowerCase() === reference.toLowerCase());
      stages.push({ name, reference, parent: parent >= 0 ? parent : null, instructions: [] });
    } else if (stages.length) stages[stages.length - 1].instructions.push(ins);
    else if (ins.keyword === 'ARG') for (const p of ins.properties) globalArgs.set(p.name, p.value);
  }
  let t = stages[stages.length - 1];
  if (target) {
    t = stages.find((st) => st.name?.toLowerCase() === target.toLowerCase()) as StageInfo;
    if (!t) throw new Error(`no build stage named "${target}"`);
  }
  const chain: StageInfo[] = [];
  for (let st: StageInfo | undefined = t; st; st = st.parent !== null ? stages[st.parent] : undefined) {
    if (chain.includes(st)) break;
    chain.unshift(st);
  }
  return { chain, lines: (offset) => doc.position(offset).line + 1 };
}

/** Image path → where it came from, for the Dockerfile's target stage. */
export function copyMap(
  dockerfileText: string,
  contextDir: string,
  access: ContextAccess,
  target?: string,
): Map<string, CopySource> {
  const { chain, lines } = stageChain(dockerfileText, target);
  const map = new Map<string, CopySource>();
  const context = contextDir.replace(/\\/g, '/');
  for (const stage of chain) {
    let workdir = '/';
    for (const ins of stage.instructions) {
      if (ins.keyword === 'WORKDIR') {
        const w = words(ins)[0];
        if (w) workdir = w.startsWith('/') ? normalize(w) : normalize(posixJoin(workdir, w));
        continue;
      }
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flag('from')) continue;
      const all = words(ins);
      if (all.length < 2) continue;
      const sources = all.slice(0, -1).filter((src) => !/^[a-z]+:\/\//i.test(src));
      const rawDest = all[all.length - 1];
      const dest = rawDest.startsWith('/') ? rawDest : posixJoin(workdir, rawDest);
      const destIsDir = rawDest.endsWith('/') || all.length > 2;
      const info = (file: string): CopySource => ({
        file,
        instructionLine: lines(ins.start),
        instruction: dockerfileText.slice(ins.start, ins.end).split('\n')[0],
      });
      for (const source of sources) {
        for (const { file, below } of expandSource(access, context, source)) {
          const base = file.slice(file.lastIndexOf('/') + 1);
          if (below !== null) map.set(normalize(posixJoin(dest, below)), info(file));
          else if (destIsDir) map.set(normalize(posixJoin(dest, base)), info(file));
          else {
            map.set(normalize(dest), info(file));
            // `COPY app.service /etc/systemd/system`: the directory exists in the image, so it lands inside.
            map.set(normalize(posixJoin(dest, base)), info(file));
          }
        }
      }
    }
  }
  return map;
}

function words(ins: Instruction): string[] {
  return ins.json ? ins.json.map((j) => j.value) : ins.args.map((a) => unquote(a.raw, ins.doc.escapeChar));
}

/** The external image the target stage builds on (global ARG defaults substituted), or null. */
export function baseImageOf(dockerfileText: string, target?: string): string | null {
  const ref = stageChain(dockerfileText, target).chain[0]?.reference ?? null;
  return ref && ref.toLowerCase() !== 'scratch' ? ref : null;
}
