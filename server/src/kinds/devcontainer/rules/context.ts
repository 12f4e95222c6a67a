/**
 * What a devcontainer rule sees: the devcontainer's RunSpec, what its image sets, whether it runs
 * systemd (never while `overrideCommand` replaces the image's command), the shared pitfall
 * reports (where each appears: the setting, else the file's anchor), and fix builders that edit
 * the JSON in the file's layout.
 */
import * as path from 'path';
import type { Fix, Range, RuleMeta, Severity, TextEdit } from '../../../core/types';
import { mergeEdits } from '../../compose/edits';
import { JsonEditor } from '../edits';
import type { DevcontainerFile } from '../model';
import { nodeAt, propertyOf, type JsonNode } from '../jsonc';
import { checkPitfalls, type PitfallId, type PitfallReport } from '../../../runspec/pitfalls';
import {
  imageKnowledge,
  judgeSystemd,
  type ImageKnowledge,
  type SystemdJudgement,
} from '../../../runspec/systemdIntent';
import type { MountSpec } from '../../../../../shared/runSpec';
import { DEVCONTAINER_VOCABULARY } from './wording';

export interface DevcontainerRuleReport {
  range: Range;
  message: string;
  /** What the hover adds to the one-line message. */
  detail?: string;
  fixes?: Fix[];
  severity?: Severity;
}

export interface DevcontainerRule {
  meta: RuleMeta;
  check(ctx: DevcontainerContext): DevcontainerRuleReport[];
}

export const CGROUP_MOUNT = 'source=/sys/fs/cgroup,target=/sys/fs/cgroup,type=bind';

export class DevcontainerContext {
  readonly editor: JsonEditor;
  readonly image: ImageKnowledge;
  /** The image's own command is replaced (`overrideCommand` is not false). */
  readonly commandOverridden: boolean;
  readonly judgement: SystemdJudgement;
  readonly reports: PitfallReport[];

  constructor(
    readonly file: DevcontainerFile,
    options: { path?: string; readFile?: (file: string) => string | undefined } = {},
  ) {
    this.editor = new JsonEditor(file);
    const baseDir = options.path ? path.dirname(options.path) : undefined;
    this.image = imageKnowledge(file.spec, { baseDir, readFile: options.readFile });
    this.commandOverridden = !file.composeBased && file.overrideCommand?.value !== false;
    const judged = judgeSystemd(file.spec, this.image);
    this.judgement = this.commandOverridden
      ? { ...judged, runsSystemd: 'no', why: 'overrideCommand replaces the command' }
      : judged;
    this.reports = file.composeBased ? [] : checkPitfalls(file.spec, this.judgement, DEVCONTAINER_VOCABULARY);
  }

  each(pitfall: PitfallId, build: (report: PitfallReport) => Fix[]): DevcontainerRuleReport[] {
    return this.reports
      .filter((r) => r.pitfall === pitfall)
      .map((report) => {
        let fixes: Fix[];
        try {
          fixes = build(report).filter((f) => f.edits.length > 0);
        } catch {
          fixes = [];
        }
        return {
          range: report.range ?? this.file.anchor,
          message: report.message,
          detail: report.detail,
          severity: report.severity,
          fixes,
        };
      });
  }

  private node(...p: (string | number)[]): JsonNode | undefined {
    return nodeAt(this.file.root, p);
  }

  /** Append arguments to `runArgs` (creating it). */
  runArgsEdits(args: string[]): TextEdit[] {
    if (!args.length || !this.file.root) return [];
    const runArgs = this.node('runArgs');
    if (runArgs?.type === 'array')
      return [
        this.editor.appendToArray(
          runArgs,
          args.map((a) => JSON.stringify(a)),
        ),
      ];
    return [this.editor.addProperty(this.file.root, 'runArgs', `[${args.map((a) => JSON.stringify(a)).join(', ')}]`)];
  }

  mountEdits(mount: string): TextEdit[] {
    if (!this.file.root) return [];
    const mounts = this.node('mounts');
    if (mounts?.type === 'array') return [this.editor.appendToArray(mounts, [JSON.stringify(mount)])];
    return [this.editor.addProperty(this.file.root, 'mounts', `[${JSON.stringify(mount)}]`)];
  }

  /** Add a variable to `containerEnv` (creating it). */
  envEdits(name: string, value: string): TextEdit[] {
    if (!this.file.root) return [];
    const env = this.node('containerEnv');
    if (env?.type === 'object') return [this.editor.addProperty(env, name, JSON.stringify(value))];
    return [this.editor.addProperty(this.file.root, 'containerEnv', this.editor.value({ [name]: value }, 1))];
  }

  overrideCommandEdits(): TextEdit[] {
    const existing = this.node('overrideCommand');
    if (existing) return [this.editor.replace(existing, 'false')];
    try {
      return this.file.root ? [this.editor.addProperty(this.file.root, 'overrideCommand', 'false')] : [];
    } catch {
      return []; // a file cut short by a syntax error
    }
  }

  removePrivileged(): TextEdit[] {
    const prop = propertyOf(this.file.root, 'privileged');
    return prop && this.file.root ? [this.editor.removeProperty(this.file.root, prop)] : [];
  }

  /** The nodes (in `mounts` or `runArgs`) a value written at `range` was read from (`-v x` is two). */
  nodesAt(range: Range): { array: JsonNode; nodes: JsonNode[] } | undefined {
    for (const key of ['mounts', 'runArgs']) {
      const array = this.node(key);
      if (array?.type !== 'array') continue;
      const items = array.children ?? [];
      for (let i = 0; i < items.length; i++) {
        const r = this.rangeOf(items[i]);
        if (!sameStart(r, range)) continue;
        const nodes = [items[i]];
        if (!sameEnd(r, range) && items[i + 1] && sameEnd(this.rangeOf(items[i + 1]), range)) nodes.push(items[i + 1]);
        return { array, nodes };
      }
    }
    return undefined;
  }

  private rangeOf(n: JsonNode): Range {
    return { start: this.file.lines.positionAt(n.offset), end: this.file.lines.positionAt(n.offset + n.length) };
  }

  /** Rewrite the string that holds the value written at `range` (its last node). */
  rewriteValue(range: Range, rewrite: (value: string) => string): TextEdit[] {
    const found = this.nodesAt(range);
    if (!found) return [];
    const node = found.nodes[found.nodes.length - 1];
    if (node.type !== 'string') return [];
    const next = rewrite(node.value as string);
    return next === node.value ? [] : [this.editor.replace(node, JSON.stringify(next))];
  }

  deleteMount(mount: MountSpec): TextEdit[] {
    const found = this.nodesAt(mount.range);
    return found ? [this.editor.deleteElements(found.array, found.nodes)] : [];
  }
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function sameEnd(a: Range, b: Range): boolean {
  return a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * `:ro` → `:rw` in `-v` syntax, `readonly`/`ro` dropped in `--mount` syntax (an option prefix such as `--volume=` is
 * kept).
 */
export function writableMountText(text: string): string {
  const prefix = /^(--mount=|--volume=|-v)/.exec(text)?.[0] ?? '';
  const value = text.slice(prefix.length);
  if (/(^|,)(type|target|destination|dst)=/.test(value)) {
    return (
      prefix +
      value
        .split(',')
        .filter((p) => !/^(readonly|ro)(=(true|1))?$/i.test(p.trim()))
        .join(',')
    );
  }
  const parts = value.split(':');
  if (parts.length >= 3)
    parts[parts.length - 1] = parts[parts.length - 1]
      .split(',')
      .map((o) => (o === 'ro' ? 'rw' : o))
      .join(',');
  return prefix + parts.join(':');
}

export function fix(title: string, edits: TextEdit[], preferred = false): Fix {
  return { title, edits: mergeEdits(edits), preferred: preferred || undefined };
}
