/**
 * The Quadlet generator's view of a file, for the rules that predict its refusals: the group it
 * reads, the release judged, its lookups (`Lookup` = the last assignment, empty or not;
 * `LookupAll` = the assignments after the last empty one) and the Quadlet files beside it that
 * a reference may name. Written from what pkg/systemd/quadlet/quadlet.go does in 5.4 and 5.8.
 */
import type { UnitFileContext } from '../unit/ruleContext';
import type { UnitEntry } from '../unit/unitFile';
import { judgedQuadletRelease, ownQuadletGroup } from '../unit/classify';
import { compareVersions } from '../../knowledge/quadletKeys';
import { baseName, dirName } from '../unit/document';
import { dropInTexts, joinPath } from '../unit/workspace';
import { parseUnitFile, type UnitFile } from '../unit/unitFile';

/** File extensions the generator loads (and references may name); .artifact from 5.8 on. */
export function quadletExtensions(release: string): string[] {
  const base = ['.container', '.volume', '.kube', '.network', '.image', '.build', '.pod'];
  return compareVersions(release, '5.8') >= 0 ? [...base, '.artifact'] : base;
}

/** The release whose generator judges this file (the oldest table when the target has no Quadlet). */
export function judgedRelease(ctx: UnitFileContext): string {
  return judgedQuadletRelease(ctx.doc);
}

export function atLeast(release: string, version: string): boolean {
  return compareVersions(release, version) >= 0;
}

export class GeneratorView {
  readonly group: string;
  readonly release: string;
  private siblings: Set<string> | undefined | null = null;
  private dropIns: UnitFile[] | undefined;

  constructor(readonly ctx: UnitFileContext) {
    this.group = ownQuadletGroup(ctx.doc);
    this.release = judgedRelease(ctx);
  }

  /**
   * The drop-ins the generator merges into the file (`name.d/`, `type.d/`, the template's
   * `name@.type.d/` …), when they can be read: a key they set is not judged from this file alone.
   */
  private mergedDropIns(): UnitFile[] {
    if (this.dropIns) return this.dropIns;
    const access = this.ctx.access;
    if (!access) return (this.dropIns = []);
    const path = this.ctx.doc.path;
    const texts = dropInTexts(path, access).map((d) => d.text);
    const template = /^([^@]+@)[^.]+(\..+)$/.exec(baseName(path));
    if (template) {
      const dir = joinPath(dirName(path), `${template[1]}${template[2]}.d`);
      for (const f of access.listDir(dir) ?? [])
        if (f.endsWith('.conf')) texts.push(access.readFile(joinPath(dir, f)) ?? '');
    }
    return (this.dropIns = texts.map((t) => parseUnitFile(t, { quadlet: true })));
  }

  /** Whether a drop-in assigns the key (the merged file's value is then not this file's). */
  private overridden(key: string, group: string): boolean {
    return this.mergedDropIns().some((d) => d.entries.some((e) => e.section === group && e.key === key));
  }

  /** `Lookup`: the last assignment of the key (its value may be empty); undefined when a drop-in sets it. */
  last(key: string, group = this.group): UnitEntry | undefined {
    return this.overridden(key, group) ? undefined : this.ctx.last(group, key);
  }

  /** The last assignment when its value is not empty (`ok && len(v) > 0`). */
  set(key: string, group = this.group): UnitEntry | undefined {
    const e = this.last(key, group);
    return e && e.value.trim() !== '' ? e : undefined;
  }

  /** `LookupAll`: the assignments after the last empty one (none judged when a drop-in adds to them). */
  all(key: string, group = this.group): UnitEntry[] {
    return this.overridden(key, group) ? [] : this.ctx.list(group, key);
  }

  /**
   * The Quadlet file names the generator would see beside this one (its folder and, as the
   * generator walks unit directories, the folders below), or undefined without file access.
   */
  quadletFiles(): Set<string> | undefined {
    if (this.siblings !== null) return this.siblings;
    const access = this.ctx.access;
    if (!access) return (this.siblings = undefined);
    const extensions = quadletExtensions(this.release);
    const found = new Set<string>();
    const queue = [dirName(this.ctx.doc.path)];
    let budget = 200; // folders read at most: a workspace may be large
    while (queue.length && budget-- > 0) {
      const dir = queue.shift()!;
      for (const name of access.listDir(dir) ?? []) {
        if (extensions.some((x) => name.endsWith(x))) found.add(name);
        else if (!name.includes('.') || name.endsWith('.d')) queue.push(joinPath(dir, name));
      }
    }
    found.add(baseName(this.ctx.doc.path));
    return (this.siblings = found);
  }
}

/** Whitespace-separated words of a value, quotes removed and backslash escapes resolved (`LookupAllArgs`). */
export function words(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|(?:[^\s"'\\]|\\.)+)+/g)) {
    out.push(
      m[0].replace(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\\(.)/g, (_all, dq, sq, esc) =>
        (dq ?? sq ?? esc).replace(/\\(.)/g, '$1'),
      ),
    );
  }
  return out;
}
