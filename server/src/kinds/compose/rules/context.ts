/**
 * What a compose rule sees: every service with its RunSpec, what its image sets, whether it runs
 * systemd, the pitfall reports of the shared checks (where each appears: the setting, else the
 * service's key), and fix builders that edit the YAML in the file's own style.
 */
import * as path from 'path';
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLSeq } from 'yaml';
import type { Fix, Position, Range, RelatedLocation, RuleMeta, Severity, TextEdit } from '../../../core/types';
import { ComposeEditor, mergeEdits } from '../edits';
import type { ComposeFile, ComposeService } from '../model';
import { checkPitfalls, type PitfallId, type PitfallReport } from '../../../runspec/pitfalls';
import {
  imageKnowledge,
  judgeSystemd,
  type ImageKnowledge,
  type SystemdJudgement,
} from '../../../runspec/systemdIntent';
import type { MountSpec } from '../../../../../shared/runSpec';
import { COMPOSE_VOCABULARY } from './wording';

export interface ComposeRuleReport {
  range: Range;
  message: string;
  /** What the hover adds to the one-line message. */
  detail?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  severity?: Severity;
  /** The service's key line: an ignore pragma above the service also applies. */
  serviceLine: number;
}

export interface ComposeRule {
  meta: RuleMeta;
  check(ctx: ComposeContext): ComposeRuleReport[];
}

export interface ServiceAnalysis {
  service: ComposeService;
  image: ImageKnowledge;
  judgement: SystemdJudgement;
  reports: PitfallReport[];
}

export interface ComposeContextOptions {
  path?: string;
  readFile?: (file: string) => string | undefined;
}

export const CGROUP_BIND = '/sys/fs/cgroup:/sys/fs/cgroup:rw';

/**
 * New keys inserted at the end of a service. When a fix also appends to the service's last
 * (block) list at the same point, the list items must come first: `fix` orders them so.
 */
const KEY_INSERTIONS = new WeakSet<TextEdit>();

export class ComposeContext {
  readonly editor: ComposeEditor;
  readonly services: ServiceAnalysis[];

  constructor(
    readonly file: ComposeFile,
    options: ComposeContextOptions = {},
  ) {
    this.editor = new ComposeEditor(file);
    const baseDir = options.path ? path.dirname(options.path) : undefined;
    this.services = file.services.map((service) => {
      const image = imageKnowledge(service.spec, { baseDir, readFile: options.readFile });
      const judgement = judgeSystemd(service.spec, image);
      return { service, image, judgement, reports: checkPitfalls(service.spec, judgement, COMPOSE_VOCABULARY) };
    });
  }

  /** Reports of one pitfall across services, each turned into a rule report via `build`. */
  each(pitfall: PitfallId, build: (svc: ServiceAnalysis, report: PitfallReport) => Fix[]): ComposeRuleReport[] {
    const out: ComposeRuleReport[] = [];
    for (const svc of this.services) {
      for (const report of svc.reports.filter((r) => r.pitfall === pitfall)) {
        let fixes: Fix[];
        try {
          fixes = build(svc, report).filter((f) => f.edits.length > 0);
        } catch {
          fixes = [];
        }
        out.push({
          range: report.range ?? svc.service.keyRange,
          message: `Service "${svc.service.name}": ${report.message}`,
          detail: report.detail,
          severity: report.severity,
          fixes,
          serviceLine: svc.service.keyRange.start.line,
        });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------- fix builders

  private ownPair(svc: ServiceAnalysis, key: string): Pair | undefined {
    return svc.service.own.get(key);
  }

  /** The key is set on the service only through `<<` or `extends` (a new own key would replace the inherited value). */
  private inheritedOnly(svc: ServiceAnalysis, key: string, has: boolean): boolean {
    return has && !this.ownPair(svc, key);
  }

  /**
   * Insertion point for new keys: after the last pair with a scalar value (so new keys never land
   * where an item is appended to a block list, even when several fixes are applied together),
   * else after the service's key; pairs the same fix deletes are skipped.
   */
  private insertionPoint(svc: ServiceAnalysis, excluding: Pair[] = []): Position {
    const map = svc.service.map;
    const pairs = (map?.items ?? []).filter((p) => !excluding.includes(p as Pair)) as Pair[];
    const scalars = pairs.filter((p) => p.value === null || isScalar(p.value));
    const last = scalars[scalars.length - 1];
    if (!last) return this.editor.endOfLine(svc.service.keyRange.start.line);
    return this.editor.endOfLine(this.editor.lastLine(((last.value as Node | null) ?? last.key) as Node));
  }

  /** Add a key with a scalar or list value (block lines, or `, key: value` in a flow mapping). */
  private addKey(svc: ServiceAnalysis, key: string, value: string | string[], excluding: Pair[] = []): TextEdit {
    const map = svc.service.map;
    if (map?.flow) {
      const close = this.file.text.lastIndexOf('}', map.range![1]);
      const inner = this.file.text.slice(map.range![0] + 1, close).trim();
      const text =
        typeof value === 'string'
          ? this.editor.quote(value, '')
          : `[${value.map((v) => this.editor.quote(v, '')).join(', ')}]`;
      return {
        range: { start: this.editor.pos(close), end: this.editor.pos(close) },
        newText: `${inner ? ', ' : ''}${key}: ${text}`,
      };
    }
    return this.insertAt(this.insertionPoint(svc, excluding), this.editor.keyLines(svc.service, key, value));
  }

  private insertAt(at: Position, newText: string): TextEdit {
    const edit = { range: { start: at, end: at }, newText };
    KEY_INSERTIONS.add(edit);
    return edit;
  }

  /** Add tmpfs targets (to the service's `tmpfs` list, or a new `tmpfs:` key). */
  tmpfsEdits(svc: ServiceAnalysis, dirs: string[], excluding: Pair[] = []): TextEdit[] {
    if (!dirs.length) return [];
    const pair = this.ownPair(svc, 'tmpfs');
    const hasTmpfs = svc.service.spec.mounts.some((m) => m.via === 'compose-tmpfs');
    if (!pair && this.inheritedOnly(svc, 'tmpfs', hasTmpfs)) throw new Error('inherited tmpfs');
    if (pair) {
      const v = pair.value as Node | null;
      if (isSeq(v) && v.items.length) return [this.editor.appendToSequence(v as YAMLSeq, dirs)];
      if (isScalar(v) && v.value !== null)
        return [
          {
            range: this.editor.rangeOf(v),
            newText: `[${[this.editor.quote(String(v.value), quoteOf(v)), ...dirs].join(', ')}]`,
          },
        ];
      // `tmpfs:` with no value or an empty list
      return [
        {
          range: {
            start: this.editor.pos((pair.key as Node).range![0]),
            end: v?.range ? this.editor.pos(v.range[1]) : this.editor.pos((pair.key as Node).range![1]),
          },
          newText: `tmpfs: [${dirs.join(', ')}]`,
        },
      ];
    }
    return [this.addKey(svc, 'tmpfs', dirs, excluding)];
  }

  /** `cgroup: host` (added, or replacing another value). */
  cgroupHostEdits(svc: ServiceAnalysis, excluding: Pair[] = []): TextEdit[] {
    if (svc.service.spec.cgroupns?.value === 'host') return [];
    const pair = this.ownPair(svc, 'cgroup');
    if (pair && isScalar(pair.value)) return [this.editor.replaceScalar(pair.value as Scalar, 'host')];
    return [this.addKey(svc, 'cgroup', 'host', excluding)];
  }

  /** Add a volume (short syntax, or long syntax when the list uses it). */
  volumeEdits(
    svc: ServiceAnalysis,
    short: string,
    long: { type: string; source: string; target: string },
    excluding: Pair[] = [],
  ): TextEdit[] {
    const pair = this.ownPair(svc, 'volumes');
    const hasVolumes = svc.service.spec.mounts.some(
      (m) => m.via === 'compose-volume-short' || m.via === 'compose-volume-long',
    );
    if (!pair && this.inheritedOnly(svc, 'volumes', hasVolumes)) throw new Error('inherited volumes');
    if (pair && isSeq(pair.value) && (pair.value as YAMLSeq).items.length) {
      const seq = pair.value as YAMLSeq;
      const first = seq.items[0] as Node;
      if (isMap(first) && !seq.flow) {
        const at = this.editor.pos(first.range![0]);
        const dashLine = this.file.lines.lineText(at.line);
        const dash = dashLine.lastIndexOf('-', at.character);
        const end = this.editor.endOfLine(this.editor.lastLine(seq.items[seq.items.length - 1] as Node));
        const eol = this.editor.eol;
        const pad = ' '.repeat(at.character);
        const text =
          `${eol}${' '.repeat(dash)}-${' '.repeat(at.character - dash - 1)}type: ` +
          `${long.type}${eol}${pad}source: ${long.source}${eol}${pad}target: ${long.target}`;
        return [{ range: { start: end, end }, newText: text }];
      }
      return [this.editor.appendToSequence(seq, [short])];
    }
    if (pair) {
      const v = pair.value as Node | null;
      return [
        {
          range: {
            start: this.editor.pos((pair.key as Node).range![0]),
            end: v?.range ? this.editor.pos(v.range[1]) : this.editor.pos((pair.key as Node).range![1]),
          },
          newText: `volumes: [${short}]`,
        },
      ];
    }
    return [this.addKey(svc, 'volumes', [short], excluding)];
  }

  /** The writable /sys/fs/cgroup bind (with `cgroup: host`, the arrangement that works on cgroup v1 and v2). */
  cgroupBindEdits(svc: ServiceAnalysis, excluding: Pair[] = []): TextEdit[] {
    return this.volumeEdits(
      svc,
      CGROUP_BIND,
      { type: 'bind', source: '/sys/fs/cgroup', target: '/sys/fs/cgroup' },
      excluding,
    );
  }

  /** The YAML node of a mount in the service's own `volumes`/`tmpfs` list. */
  mountNode(svc: ServiceAnalysis, mount: MountSpec): { pair: Pair; seq: YAMLSeq; item: Node } | undefined {
    const key = mount.via === 'compose-tmpfs' ? 'tmpfs' : 'volumes';
    const pair = this.ownPair(svc, key);
    if (!pair || !isSeq(pair.value)) return undefined;
    const seq = pair.value as YAMLSeq;
    for (const item of seq.items as Node[]) {
      if (!item.range) continue;
      const r = this.editor.rangeOf(item);
      if (r.start.line === mount.range.start.line && r.start.character === mount.range.start.character)
        return { pair, seq, item };
    }
    return undefined;
  }

  /** Replace a short-syntax volume's text, keeping its quotes. */
  replaceMount(svc: ServiceAnalysis, mount: MountSpec, value: string): TextEdit[] {
    const found = this.mountNode(svc, mount);
    if (!found || !isScalar(found.item)) return [];
    return [this.editor.replaceScalar(found.item as Scalar, value)];
  }

  deleteMount(svc: ServiceAnalysis, mount: MountSpec): TextEdit[] {
    const found = this.mountNode(svc, mount);
    return found ? [this.editor.deleteItem(found.pair, found.seq, found.item)] : [];
  }

  /** `read_only: true` → false in a long-syntax volume, or `:ro` → `:rw` in the short syntax. */
  makeWritable(svc: ServiceAnalysis, mount: MountSpec): TextEdit[] {
    const found = this.mountNode(svc, mount);
    if (!found) return [];
    if (isScalar(found.item)) {
      const text = String((found.item as Scalar).value);
      const parts = text.split(':');
      if (parts.length < 3) return [];
      const opts = parts[2].split(',').map((o) => (o === 'ro' || o === 'readonly' ? 'rw' : o));
      return [this.editor.replaceScalar(found.item as Scalar, [parts[0], parts[1], opts.join(',')].join(':'))];
    }
    if (isMap(found.item)) {
      const ro = found.item.items.find((p) => isScalar(p.key) && p.key.value === 'read_only');
      if (ro && isScalar(ro.value)) return [this.editor.replaceScalar(ro.value as Scalar, 'false')];
    }
    return [];
  }

  stopSignalEdits(svc: ServiceAnalysis, signal: string): TextEdit[] {
    const pair = this.ownPair(svc, 'stop_signal');
    if (pair && isScalar(pair.value)) return [this.editor.replaceScalar(pair.value as Scalar, signal)];
    return [this.addKey(svc, 'stop_signal', signal)];
  }

  /** Add a variable to `environment` (list or map, as the service or else most of the file writes it). */
  envEdits(svc: ServiceAnalysis, name: string, value: string): TextEdit[] {
    const pair = this.ownPair(svc, 'environment');
    const hasEnv = svc.service.spec.env.length > 0;
    if (!pair && this.inheritedOnly(svc, 'environment', hasEnv)) return [];
    if (pair) {
      const v = pair.value as Node | null;
      if (isSeq(v) && v.items.length) return [this.editor.appendToSequence(v as YAMLSeq, [`${name}=${value}`])];
      if (isMap(v) && v.items.length) return [this.editor.appendToMap(v, [[name, value]])];
      const keyRange = (pair.key as Node).range!;
      const end = v?.range ? this.editor.pos(v.range[1]) : this.editor.pos(keyRange[1]);
      return [{ range: { start: this.editor.pos(keyRange[0]), end }, newText: `environment: [${name}=${value}]` }];
    }
    if (this.fileUsesEnvironmentMaps() && !svc.service.map?.flow) {
      const col = this.editor.keyColumn(svc.service);
      const eol = this.editor.eol;
      return [
        this.insertAt(
          this.insertionPoint(svc),
          `${eol}${' '.repeat(col)}environment:${eol}${' '.repeat(col + this.editor.mapIndent())}${name}: ${value}`,
        ),
      ];
    }
    return [this.addKey(svc, 'environment', [`${name}=${value}`])];
  }

  private fileUsesEnvironmentMaps(): boolean {
    let maps = 0;
    let lists = 0;
    for (const s of this.file.services) {
      const v = s.own.get('environment')?.value;
      if (isMap(v)) maps++;
      else if (isSeq(v)) lists++;
    }
    return maps > lists;
  }

  /** Delete a whole `key: value` pair of the service. */
  deletePair(pair: Pair): TextEdit {
    const from = this.editor.pos((pair.key as Node).range![0]).line;
    const to = this.editor.lastLine(((pair.value as Node | null) ?? pair.key) as Node);
    return this.editor.deleteLines(from, to);
  }

  ownPrivileged(svc: ServiceAnalysis): Pair | undefined {
    return this.ownPair(svc, 'privileged');
  }
}

export function fix(title: string, edits: TextEdit[], preferred = false): Fix {
  const ordered = [...edits.filter((e) => !KEY_INSERTIONS.has(e)), ...edits.filter((e) => KEY_INSERTIONS.has(e))];
  return { title, edits: mergeEdits(ordered), preferred: preferred || undefined };
}

function quoteOf(node: Scalar): '' | "'" | '"' {
  return node.type === 'QUOTE_SINGLE' ? "'" : node.type === 'QUOTE_DOUBLE' ? '"' : '';
}
