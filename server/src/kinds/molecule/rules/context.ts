/**
 * What a Molecule rule sees: each container platform of the scenario with its RunSpec, what its
 * image is known to run, whether it runs systemd, the pitfall reports of the shared table, and
 * edits of molecule.yml in the file's own style (the compose editor's: block or flow lists and
 * mappings, quotes, line endings).
 */
import { isMap, isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import type { Fix, Range, RuleMeta, Severity, TextEdit } from '../../../core/types';
import { checkPitfalls, type PitfallId, type PitfallReport } from '../../../runspec/pitfalls';
import {
  imageKnowledge,
  judgeSystemd,
  type ImageKnowledge,
  type SystemdJudgement,
} from '../../../runspec/systemdIntent';
import type { MountSpec } from '../../../../../shared/runSpec';
import { ComposeEditor, mergeEdits } from '../../compose/edits';
import type { MoleculePlatform, MoleculeScenario } from '../model';
import { MOLECULE_VOCABULARY } from './wording';

export interface MoleculeRuleReport {
  range: Range;
  message: string;
  detail?: string;
  fixes?: Fix[];
  severity?: Severity;
  /** The platform's `- name:` line: an ignore pragma above the platform also applies. */
  pragmaLines: number[];
}

export interface MoleculeRule {
  meta: RuleMeta;
  check(ctx: MoleculeContext): MoleculeRuleReport[];
}

export interface PlatformAnalysis {
  platform: MoleculePlatform;
  image: ImageKnowledge;
  judgement: SystemdJudgement;
  reports: PitfallReport[];
}

export const WRITABLE_CGROUP_BIND = '/sys/fs/cgroup:/sys/fs/cgroup:rw';

export class MoleculeContext {
  readonly platforms: PlatformAnalysis[];
  private readonly editor: ComposeEditor;

  constructor(readonly scenario: MoleculeScenario) {
    // The compose editor needs only the text, its lines and the YAML document.
    this.editor = new ComposeEditor({
      text: scenario.text,
      lines: scenario.lines,
      doc: scenario.doc,
      services: [],
      errors: [],
    });
    this.platforms = scenario.platforms.map((platform) => {
      const image = imageKnowledge(platform.spec);
      const judgement = judgeSystemd(platform.spec, image);
      return { platform, image, judgement, reports: checkPitfalls(platform.spec, judgement, MOLECULE_VOCABULARY) };
    });
  }

  /** Reports of one pitfall across platforms, each turned into a rule report via `build`. */
  each(pitfall: PitfallId, build: (p: PlatformAnalysis, report: PitfallReport) => Fix[]): MoleculeRuleReport[] {
    return this.platforms.flatMap((p) =>
      p.reports
        .filter((r) => r.pitfall === pitfall)
        .map((report) => {
          let fixes: Fix[];
          try {
            fixes = build(p, report).filter((f) => f.edits.length > 0);
          } catch {
            fixes = [];
          }
          return {
            range: report.range ?? p.platform.anchor,
            message: `Platform "${p.platform.name}": ${report.message}`,
            detail: report.detail,
            severity: report.severity,
            fixes,
            pragmaLines: [p.platform.anchor.start.line],
          };
        }),
    );
  }

  // ---------------------------------------------------------------------------- edits

  /** Set a scalar key of the platform: replace its value, or add the key. */
  setKey(p: MoleculePlatform, key: string, value: string): TextEdit[] {
    const pair = p.own.get(key);
    if (pair && isScalar(pair.value)) return [this.editor.replaceScalar(pair.value, value)];
    if (pair) return [];
    return [this.editor.appendToMap(p.map, [[key, value]])];
  }

  /** Add items to a list key of the platform (a new block list when the key is absent). */
  addToList(p: MoleculePlatform, key: string, items: string[]): TextEdit[] {
    const pair = p.own.get(key);
    if (pair && isSeq(pair.value) && (pair.value as YAMLSeq).items.length > 0)
      return [this.editor.appendToSequence(pair.value as YAMLSeq, items)];
    if (pair || p.map.flow) return [];
    const keyNode = p.map.items[0]?.key as Node | undefined;
    const col = keyNode?.range ? this.editor.pos(keyNode.range[0]).character : 4;
    const eol = this.editor.eol;
    const lines = items.map((v) => `${eol}${' '.repeat(col + 2)}- ${this.editor.quote(v, '')}`).join('');
    const last = p.map.items[p.map.items.length - 1];
    const end = this.editor.endOfLine(this.editor.lastLine(((last?.value as Node | null) ?? last?.key) as Node));
    return [{ range: { start: end, end }, newText: `${eol}${' '.repeat(col)}${key}:${lines}` }];
  }

  /** Add `name: value` to the platform's `env:` mapping (or a new one). */
  setEnv(p: MoleculePlatform, name: string, value: string): TextEdit[] {
    const env = p.own.get('env')?.value;
    if (isMap(env) && env.items.length > 0) return [this.editor.appendToMap(env, [[name, value]])];
    if (p.own.has('env')) return [];
    const keyNode = p.map.items[0]?.key as Node | undefined;
    const col = keyNode?.range ? this.editor.pos(keyNode.range[0]).character : 4;
    const eol = this.editor.eol;
    const last = p.map.items[p.map.items.length - 1];
    const end = this.editor.endOfLine(this.editor.lastLine(((last?.value as Node | null) ?? last?.key) as Node));
    return [
      {
        range: { start: end, end },
        newText: `${eol}${' '.repeat(col)}env:${eol}${' '.repeat(col + 2)}${name}: ${value}`,
      },
    ];
  }

  /** Remove the platform's `privileged:` line. */
  removeKey(p: MoleculePlatform, key: string): TextEdit[] {
    const pair = p.own.get(key);
    if (!pair?.key || !(pair.key as Node).range || p.map.flow) return [];
    const from = this.editor.pos((pair.key as Node).range![0]).line;
    return [this.editor.deleteLines(from, this.editor.lastLine(((pair.value as Node | null) ?? pair.key) as Node))];
  }

  /** The list item a mount was read from, with its list. */
  private mountItem(p: MoleculePlatform, mount: MountSpec) {
    for (const key of ['volumes', 'tmpfs']) {
      const pair = p.own.get(key);
      if (!pair || !isSeq(pair.value)) continue;
      const seq = pair.value as YAMLSeq;
      const item = seq.items.find(
        (i) =>
          isScalar(i) &&
          i.range &&
          this.editor.pos(i.range[0]).line === mount.range.start.line &&
          this.editor.pos(i.range[0]).character === mount.range.start.character,
      );
      if (item && isScalar(item)) return { pair, seq, item };
    }
    return undefined;
  }

  replaceMount(p: MoleculePlatform, mount: MountSpec, value: string): TextEdit[] {
    const found = this.mountItem(p, mount);
    return found ? [this.editor.replaceScalar(found.item, value)] : [];
  }

  deleteMount(p: MoleculePlatform, mount: MountSpec): TextEdit[] {
    const found = this.mountItem(p, mount);
    return found ? [this.editor.deleteItem(found.pair, found.seq, found.item as Node)] : [];
  }
}

export function moleculeFix(title: string, edits: TextEdit[], preferred: boolean): Fix {
  return { title, edits: mergeEdits(edits), preferred: preferred || undefined };
}
