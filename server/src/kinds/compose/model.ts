/**
 * Compose files (compose.yaml, docker-compose*.yml) read with the `yaml` library, which keeps
 * every node's position: each service becomes a RunSpec with ranges in the file. Handles `image`
 * or `build`, `tmpfs` (string or list), `volumes` in short and long syntax, `cgroup`, `privileged`,
 * `stop_signal`, `environment` as a list or a map, `env_file`, `extends` (same file, or another
 * file when it can be read), YAML anchors, aliases and `<<` merge keys, and `${VAR:-default}`
 * interpolation (defaults are used; unknown variables make a value dynamic).
 */
import * as path from 'path';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { LineIndex } from '../../../../shared/text';
import type { Range } from '../../core/types';
import { parseEnvAssignment, parseTmpfsFlag, parseVolumeFlag } from '../../runspec/commandLine';
import { emptySpec, type Located, type MountSpec, type RunSpec } from '../../../../shared/runSpec';

export interface ComposeService {
  name: string;
  /** The service's key in `services:`. */
  keyRange: Range;
  /** The service's own mapping (where fixes insert keys); undefined when it is empty or not a mapping. */
  map: YAMLMap | undefined;
  /** The service's own pairs by key (not inherited through `<<` or `extends`). */
  own: Map<string, Pair>;
  spec: RunSpec;
}

export interface ComposeFile {
  text: string;
  lines: LineIndex;
  doc: Document;
  /** The `services:` mapping. */
  servicesMap?: YAMLMap;
  services: ComposeService[];
  /** YAML errors (a file with errors still gives the services it can). */
  errors: { range: Range; message: string }[];
}

export interface ComposeReadOptions {
  /** Absolute path of the compose file (to resolve `extends.file`). */
  path?: string;
  readFile?: (file: string) => string | undefined;
}

export function parseCompose(text: string, options: ComposeReadOptions = {}): ComposeFile {
  const lines = new LineIndex(text);
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const toRange = (r: readonly number[] | null | undefined): Range =>
    r
      ? { start: lines.positionAt(r[0]), end: lines.positionAt(r[1]) }
      : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const errors = doc.errors.map((e) => ({ range: toRange(e.pos), message: e.message.split('\n')[0] }));
  const file: ComposeFile = { text, lines, doc, services: [], errors };
  const root = doc.contents;
  if (!isMap(root)) return file;
  const servicesPair = findPair(root, 'services', doc);
  const servicesMap = servicesPair && resolveMap(servicesPair.value as Node, doc);
  if (!servicesMap) return file;
  file.servicesMap = servicesMap;
  const reader = new ServiceReader(doc, toRange, options, servicesMap);
  for (const item of servicesMap.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const name = String(item.key.value);
    if (name === '<<') continue;
    const keyRange = toRange(item.key.range);
    const ownMap = isMap(item.value) ? item.value : undefined;
    const own = new Map<string, Pair>();
    for (const p of ownMap?.items ?? []) if (isPair(p) && isScalar(p.key)) own.set(String(p.key.value), p as Pair);
    const spec = reader.specFor(name, item.value as Node | null, keyRange);
    file.services.push({ name, keyRange, map: ownMap, own, spec });
  }
  return file;
}

/** A YAML node as plain data: mappings with scalar keys become objects (other keys are skipped), aliases resolved. */
export function plain(node: Node | null | undefined, doc: Document, depth = 0): unknown {
  if (depth > 50) return undefined;
  const n = isAlias(node) ? node.resolve(doc) : node;
  if (isScalar(n)) return n.value;
  if (isSeq(n)) return n.items.map((i) => plain(i as Node, doc, depth + 1));
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const p of n.items)
      if (isPair(p) && isScalar(p.key)) out[String(p.key.value)] = plain(p.value as Node | null, doc, depth + 1);
    return out;
  }
  return undefined;
}

function resolveMap(node: Node | null | undefined, doc: Document): YAMLMap | undefined {
  const n = isAlias(node) ? node.resolve(doc) : node;
  return isMap(n) ? (n as YAMLMap) : undefined;
}

/** A key's pair, looking through `<<` merge keys (own keys first, then merged mappings in order). */
function findPair(map: YAMLMap, key: string, doc: Document, seen = new Set<YAMLMap>()): Pair | undefined {
  if (seen.has(map)) return undefined;
  seen.add(map);
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) return p as Pair;
  for (const p of map.items) {
    if (!isPair(p) || !isScalar(p.key) || p.key.value !== '<<') continue;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    for (const s of sources) {
      const m = resolveMap(s as Node, doc);
      const found = m && findPair(m, key, doc, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, `$$`. */
export function interpolate(value: string): { value: string; dynamic: boolean } {
  let dynamic = false;
  const out = value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, braced: string | undefined, op: string | undefined, arg: string | undefined) => {
      if (m === '$$') return '$';
      if (braced && op && op.endsWith('-')) return arg ?? '';
      dynamic = true;
      return m;
    },
  );
  return { value: out, dynamic };
}

/** Split a string command the way compose does (shell-like words, quotes removed). */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let cur: string | null = null;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const part = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3];
    if (cur !== null && m.index === last) cur += part;
    else {
      if (cur !== null) words.push(cur);
      cur = part;
    }
    last = m.index + m[0].length;
  }
  if (cur !== null) words.push(cur);
  return words;
}

class ServiceReader {
  private readonly extendsStack: string[] = [];

  constructor(
    private readonly doc: Document,
    private readonly toRange: (r: readonly number[] | null | undefined) => Range,
    private readonly options: ComposeReadOptions,
    private readonly services: YAMLMap,
  ) {}

  specFor(name: string, node: Node | null, keyRange: Range): RunSpec {
    const spec = emptySpec('compose', 'unknown', keyRange);
    const map = resolveMap(node, this.doc);
    if (!map) return spec;
    this.apply(spec, map, this.doc, this.toRange, name);
    return spec;
  }

  /** Apply `extends` first (the parent's settings), then the service's own keys over them. */
  private apply(
    spec: RunSpec,
    map: YAMLMap,
    doc: Document,
    toRange: (r: readonly number[] | null | undefined) => Range,
    name: string,
  ): void {
    const ext = findPair(map, 'extends', doc);
    if (ext) this.applyExtends(spec, ext, doc, name);
    const scalar = (key: string): Located<string> | undefined => {
      const p = findPair(map, key, doc);
      const v = p && (isAlias(p.value) ? p.value.resolve(doc) : p.value);
      if (!p || !isScalar(v) || v.value === null || v.value === undefined) return undefined;
      const { value, dynamic } = interpolate(String(v.value));
      return { value, range: toRange(v.range), dynamic: dynamic || undefined };
    };
    const seq = (
      key: string,
    ): { value: string | Record<string, unknown>; node: Node; range: Range; dynamic?: boolean }[] | undefined => {
      const p = findPair(map, key, doc);
      if (!p) return undefined;
      const v = isAlias(p.value) ? p.value.resolve(doc) : p.value;
      if (isScalar(v)) {
        if (v.value === null) return [];
        const { value, dynamic } = interpolate(String(v.value));
        return [{ value, node: v, range: toRange(v.range), dynamic: dynamic || undefined }];
      }
      if (!isSeq(v)) return undefined;
      return v.items.map((raw) => {
        const item = (isAlias(raw) ? raw.resolve(doc) : raw) as Node;
        if (isScalar(item)) {
          const { value, dynamic } = interpolate(String(item.value));
          return { value, node: item, range: toRange(item.range), dynamic: dynamic || undefined };
        }
        const js = isMap(item) ? (plain(item, doc) as Record<string, unknown>) : {};
        return { value: js, node: item, range: toRange(item.range) };
      });
    };
    const bool = (key: string): Located<boolean> | undefined => {
      const s = scalar(key);
      return s ? { value: /^(true|yes|on|1)$/i.test(s.value), range: s.range } : undefined;
    };

    const image = scalar('image');
    if (image) spec.image = image;
    const build = findPair(map, 'build', doc);
    if (build) {
      const v = isAlias(build.value) ? build.value.resolve(doc) : build.value;
      const range = toRange((v as Node | null)?.range ?? (build.key as Node).range);
      if (isScalar(v)) spec.build = { context: interpolate(String(v.value)).value, dockerfile: 'Dockerfile', range };
      else if (isMap(v)) {
        const js = plain(v, doc) as Record<string, unknown>;
        spec.build = {
          context: interpolate(String(js.context ?? '.')).value,
          dockerfile: interpolate(String(js.dockerfile ?? 'Dockerfile')).value,
          range,
        };
        if (typeof js.target === 'string') spec.build.target = interpolate(js.target).value;
        if (typeof js.dockerfile_inline === 'string') spec.build.inline = js.dockerfile_inline;
      }
    }
    for (const key of ['command', 'entrypoint'] as const) {
      const p = findPair(map, key, doc);
      if (!p) continue;
      const v = isAlias(p.value) ? p.value.resolve(doc) : p.value;
      const range = toRange((v as Node | null)?.range ?? (p.key as Node).range);
      let words: string[] | undefined;
      let dynamic = false;
      if (isScalar(v) && v.value !== null) {
        const i = interpolate(String(v.value));
        words = splitCommand(i.value);
        dynamic = i.dynamic;
      } else if (isSeq(v)) {
        words = v.items.map((x) => {
          const i = interpolate(String(isScalar(x) ? x.value : ''));
          dynamic ||= i.dynamic;
          return i.value;
        });
      }
      if (words) spec[key] = { value: words, range, dynamic: dynamic || undefined };
    }

    // environment: list of K=V / K, or a map K: V.
    const envPair = findPair(map, 'environment', doc);
    if (envPair) {
      const v = isAlias(envPair.value) ? envPair.value.resolve(doc) : envPair.value;
      if (isSeq(v)) {
        for (const item of v.items) {
          if (!isScalar(item)) continue;
          const i = interpolate(String(item.value));
          setEnv(spec, parseEnvAssignment(i.value, toRange(item.range), i.dynamic || undefined));
        }
      } else if (isMap(v)) {
        for (const p of v.items) {
          if (!isPair(p) || !isScalar(p.key)) continue;
          const val = isScalar(p.value) ? p.value.value : undefined;
          const i = val === null || val === undefined ? undefined : interpolate(String(val));
          const range = {
            start: toRange(p.key.range).start,
            end: toRange(((p.value as Node | null) ?? p.key).range).end,
          };
          setEnv(spec, { name: String(p.key.value), value: i?.value, range, dynamic: i?.dynamic || undefined });
        }
      }
    }
    for (const f of seq('env_file') ?? []) {
      const value = typeof f.value === 'string' ? f.value : String(f.value.path ?? '');
      spec.envFiles.push({ value, range: f.range, dynamic: f.dynamic });
    }

    // tmpfs and volumes (a later mount on the same target replaces an inherited one).
    for (const t of seq('tmpfs') ?? [])
      if (typeof t.value === 'string') setMount(spec, parseTmpfsFlag(t.value, t.range, 'compose-tmpfs', t.dynamic));
    for (const vol of seq('volumes') ?? []) {
      if (typeof vol.value === 'string')
        setMount(spec, parseVolumeFlag(vol.value, vol.range, 'compose-volume-short', vol.dynamic));
      else setMount(spec, longVolume(vol.value, vol.range));
    }

    const cgroup = scalar('cgroup');
    if (cgroup) spec.cgroupns = cgroup;
    const privileged = bool('privileged');
    if (privileged) spec.privileged = privileged;
    for (const [key, list] of [
      ['cap_add', spec.capAdd],
      ['cap_drop', spec.capDrop],
      ['security_opt', spec.securityOpt],
      ['ports', spec.ports],
    ] as const) {
      for (const item of seq(key) ?? [])
        if (typeof item.value === 'string') list.push({ value: item.value, range: item.range, dynamic: item.dynamic });
    }
    const stop = scalar('stop_signal');
    if (stop) spec.stopSignal = stop;
    const restart = scalar('restart');
    if (restart) spec.restart = restart;
    const tty = bool('tty');
    if (tty) spec.tty = tty;
    const stdin = bool('stdin_open');
    if (stdin) spec.interactive = stdin;
    const cname = scalar('container_name');
    if (cname) spec.name = cname;
    const hostname = scalar('hostname');
    if (hostname) spec.hostname = hostname;
    const network = scalar('network_mode');
    if (network) spec.network = network;
    const init = bool('init');
    if (init) spec.init = init;
  }

  private applyExtends(spec: RunSpec, ext: Pair, doc: Document, name: string): void {
    const v = isAlias(ext.value) ? ext.value.resolve(doc) : ext.value;
    let service: string | undefined;
    let file: string | undefined;
    if (isScalar(v)) service = String(v.value);
    else if (isMap(v)) {
      const js = plain(v, doc) as Record<string, unknown>;
      if (typeof js.service === 'string') service = js.service;
      if (typeof js.file === 'string') file = js.file;
    }
    if (!service) {
      spec.incomplete = true;
      return;
    }
    const key = `${file ?? ''}#${service}`;
    if (this.extendsStack.includes(key) || this.extendsStack.length > 10) {
      spec.incomplete = true;
      return;
    }
    this.extendsStack.push(key);
    try {
      if (!file) {
        if (service === name && this.extendsStack.length === 1) return;
        const parent = findPair(this.services, service, this.doc);
        const parentMap = parent && resolveMap(parent.value as Node, this.doc);
        if (!parentMap) {
          spec.incomplete = true;
          return;
        }
        this.apply(spec, parentMap, this.doc, this.toRange, service);
        return;
      }
      // Another file: its ranges are not in this document, so values point at the extends key.
      const base = this.options.path ? path.dirname(this.options.path) : undefined;
      const text =
        base !== undefined && this.options.readFile ? this.options.readFile(path.resolve(base, file)) : undefined;
      if (text === undefined) {
        spec.incomplete = true;
        return;
      }
      const otherDoc = parseDocument(text, { uniqueKeys: false });
      const root = otherDoc.contents;
      const services = isMap(root)
        ? resolveMap(findPair(root, 'services', otherDoc)?.value as Node, otherDoc)
        : undefined;
      const parent = services && findPair(services, service, otherDoc);
      const parentMap = parent && resolveMap(parent.value as Node, otherDoc);
      if (!parentMap) {
        spec.incomplete = true;
        return;
      }
      const here = this.toRange((ext.key as Node).range);
      this.apply(spec, parentMap, otherDoc, () => here, service);
    } finally {
      this.extendsStack.pop();
    }
  }
}

function setEnv(spec: RunSpec, env: RunSpec['env'][number]): void {
  const i = spec.env.findIndex((e) => e.name === env.name);
  if (i >= 0) spec.env.splice(i, 1);
  spec.env.push(env);
}

function setMount(spec: RunSpec, mount: MountSpec): void {
  const i = spec.mounts.findIndex((m) => m.target === mount.target);
  if (i >= 0) spec.mounts.splice(i, 1);
  spec.mounts.push(mount);
}

/** Long volume syntax: `{type, source, target, read_only, bind, volume, tmpfs}`. */
function longVolume(js: Record<string, unknown>, range: Range): MountSpec {
  const type = String(js.type ?? 'volume');
  const kind = type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other';
  const source = js.source !== undefined ? interpolate(String(js.source)) : undefined;
  const target = interpolate(String(js.target ?? ''));
  const readOnly = js.read_only === true || js.read_only === 'true';
  const options: string[] = [];
  const tmpfs = js.tmpfs as Record<string, unknown> | undefined;
  if (tmpfs && typeof tmpfs === 'object') for (const [k, v] of Object.entries(tmpfs)) options.push(`${k}=${v}`);
  return {
    kind,
    source: kind === 'tmpfs' ? undefined : source?.value,
    target: target.value,
    readOnly,
    mode: readOnly ? 'ro' : undefined,
    options,
    range,
    via: 'compose-volume-long',
    dynamic: source?.dynamic || target.dynamic || undefined,
  };
}
