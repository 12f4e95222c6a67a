/**
 * The unit-file directive database (directives.json, generated from Debian's man pages by
 * scripts/directives/generate.ts): which sections each file type has, which keys each section
 * takes, and what the man page says about each key. The database is read, and the lookup maps
 * built, on first use: a server that never sees a unit file never holds it (the bundle ships it
 * as compact brotli-compressed JSON, see scripts/build.mjs).
 */
import type { UnitFileType } from './fileTypes';
import {
  quadletGroupKeys,
  quadletGroups,
  quadletGroupSince,
  quadletKeyDoc,
  quadletReleases,
} from '../../../knowledge/quadletKeys';
// Type only: it keeps directives.json in the TypeScript program, so tsc copies it to out/ next to this module.
import type databaseJson from './directives.json';

export type ValueType =
  'boolean' | 'enum' | 'timespan' | 'integer' | 'size' | 'path' | 'unitList' | 'commandLine' | 'string';

/** What the generator could read from the man page; absent fields mean the page does not say. */
export interface DirectiveInfo {
  type: ValueType;
  /**
   * Every accepted literal for an enum; the special values besides the type's own otherwise. `<x>` marks a placeholder
   * (`file:<path>`).
   */
  values?: string[];
  /** May be repeated, or takes a list. */
  multiple?: true;
  deprecated?: true;
  replacement?: string;
  /** systemd version that added it ("Added in version N"). */
  since?: number;
  /** First paragraph of the man page's description, plain text. */
  doc: string;
}

export interface Directive extends DirectiveInfo {
  name: string;
  section: string;
  /** e.g. "systemd.exec(5)". */
  manPage: string;
  /** The release whose man page the text is from, when not the database's ("Podman 5.8"). */
  origin?: string;
}

interface Database {
  debian: { suite: string; architecture: string; packages: Record<string, string> };
  pages: Record<string, string>;
  fileTypes: Record<string, Record<string, string[]>>;
  directives: Record<string, Record<string, DirectiveInfo>>;
}

let database: Database | undefined;

function db(): Database {
  // A require() in a function, not an import: the module (and in dist/ the file read behind it) loads on first use.
  database ??= require('./directives.json') as typeof databaseJson as unknown as Database;
  return database;
}

/** Where the data comes from, for hovers and docs: Debian suite and package versions. */
export const directiveSource: Readonly<Database['debian']> = {
  get suite() {
    return db().debian.suite;
  },
  get architecture() {
    return db().debian.architecture;
  },
  get packages() {
    return db().debian.packages;
  },
};

/** fileType → section → key → directive, each file type built when first asked for. */
const index = new Map<string, Map<string, Map<string, Directive>>>();
/** The directives of one man page group in one section, shared by the file types that have it. */
const byGroupAndSection = new Map<string, Map<string, Directive>>();

/**
 * The sections of one file type: the database's, or for a Quadlet type newer than the database
 * those of addedQuadletType. A one-file CLI run builds its file's type only (a service unit
 * needs four man pages of the database's hundred).
 */
function buildFileType(fileType: string): Map<string, Map<string, Directive>> {
  const sections = db().fileTypes[fileType];
  if (!sections) return addedQuadletType(fileType) ?? new Map();
  const bySection = new Map<string, Map<string, Directive>>();
  for (const [section, groups] of Object.entries(sections)) {
    const keys = new Map<string, Directive>();
    for (const group of groups) {
      const cacheKey = `${group}\0${section}`;
      let directives = byGroupAndSection.get(cacheKey);
      if (!directives) {
        const manPage = group.split(' ')[0];
        directives = new Map(
          Object.entries(db().directives[group]).map(([name, info]) => [name, { ...info, name, section, manPage }]),
        );
        byGroupAndSection.set(cacheKey, directives);
      }
      // the type's own page comes first in a section; a shared page does not override it
      for (const [name, d] of directives) if (!keys.has(name)) keys.set(name, d);
    }
    bySection.set(section, keys);
  }
  return bySection;
}

/**
 * A Quadlet file type newer than the database's man page (`.artifact`, Podman 5.8): the sections
 * of a Quadlet `.image` file (the same oneshot service around it) with the new group instead of
 * [Image], its keys and their text from the release that brought it (quadletKeys.json).
 */
function addedQuadletType(fileType: string): Map<string, Map<string, Directive>> | undefined {
  if (!fileType.startsWith('quadlet-') || !db().fileTypes['quadlet-image']) return undefined;
  // every group but [Quadlet] (shared by all) is a file type's own
  const groups = new Set(quadletReleases().flatMap((r) => quadletGroups(r).filter((g) => g !== 'Quadlet')));
  const group = [...groups].find((g) => `quadlet-${g.toLowerCase()}` === fileType);
  if (!group) return undefined;
  const since = quadletGroupSince(group)!;
  const keys = new Map<string, Directive>();
  for (const name of quadletGroupKeys(since, group)) {
    const doc = quadletKeyDoc(group, name) ?? `A key of [${group}] (Podman ${since}).`;
    const manPage = 'podman-systemd.unit(5)';
    keys.set(name, { name, section: group, manPage, origin: `podman ${since}`, type: 'string', doc });
  }
  const sections = new Map([...sectionMap('quadlet-image' as UnitFileType)].filter(([s]) => s !== 'Image'));
  sections.set(group, keys);
  return sections;
}

function sectionMap(fileType: UnitFileType): Map<string, Map<string, Directive>> {
  let sections = index.get(fileType);
  if (!sections) index.set(fileType, (sections = buildFileType(fileType)));
  return sections;
}

/** Every file type the database knows. */
export function knownFileTypes(): UnitFileType[] {
  return Object.keys(db().fileTypes).sort() as UnitFileType[];
}

/**
 * Sorted lists derived from the index, built once per file type (and section): the linter asks
 * for them for every entry of every file, and the index never changes.
 */
interface SortedViews {
  sections: readonly string[];
  keys: Map<string, readonly Directive[]>;
  /** key → the sections that define it. */
  sectionsOfKey: Map<string, readonly string[]> | undefined;
}
const views = new Map<string, SortedViews>();

function viewsOf(fileType: UnitFileType): SortedViews {
  let v = views.get(fileType);
  if (!v) {
    v = { sections: Object.freeze([...sectionMap(fileType).keys()].sort()), keys: new Map(), sectionsOfKey: undefined };
    views.set(fileType, v);
  }
  return v;
}

/** The sections a file of this type may have, sorted. */
export function sectionsFor(fileType: UnitFileType): readonly string[] {
  return viewsOf(fileType).sections;
}

/** Whether a file of this type has `[section]` (case-sensitive). */
export function hasSection(fileType: UnitFileType, section: string): boolean {
  return sectionMap(fileType).has(section);
}

/** The keys `[section]` takes in a file of this type, or undefined when the type has no such section. */
export function sectionKeys(fileType: UnitFileType, section: string): ReadonlyMap<string, Directive> | undefined {
  return sectionMap(fileType).get(section);
}

/** The directive `key` in `[section]` of a file of this type (section and key are case-sensitive, as in systemd). */
export function lookupKey(fileType: UnitFileType, section: string, key: string): Directive | undefined {
  return sectionMap(fileType).get(section)?.get(key);
}

/** Every directive `[section]` takes in a file of this type, sorted by name. */
export function keysIn(fileType: UnitFileType, section: string): readonly Directive[] {
  const v = viewsOf(fileType);
  let keys = v.keys.get(section);
  if (!keys) {
    keys = Object.freeze(
      [...(sectionMap(fileType).get(section)?.values() ?? [])].sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      ),
    );
    v.keys.set(section, keys);
  }
  return keys;
}

/** The sections of this file type in which `key` is valid: "ExecStart= belongs in [Service]". */
export function sectionsDefining(fileType: UnitFileType, key: string): readonly string[] {
  const v = viewsOf(fileType);
  if (!v.sectionsOfKey) {
    const byKey = new Map<string, string[]>();
    for (const section of v.sections) {
      for (const name of sectionMap(fileType).get(section)!.keys()) {
        const list = byKey.get(name);
        if (list) list.push(section);
        else byKey.set(name, [section]);
      }
    }
    v.sectionsOfKey = byKey;
  }
  return v.sectionsOfKey.get(key) ?? NONE;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The known key closest to a misspelt one ("did you mean"), or undefined when none is close:
 * case-insensitive Damerau–Levenshtein distance within a third of the key's length (at least 1).
 */
export function nearestKey(fileType: UnitFileType, section: string, key: string): string | undefined {
  return nearest(key, sectionMap(fileType).get(section)?.keys() ?? []);
}

/** The known section closest to a misspelt one ("[service]" → "Service"). */
export function nearestSection(fileType: UnitFileType, section: string): string | undefined {
  return nearest(section, sectionMap(fileType).keys());
}

function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) return candidate;
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const d = editDistance(lower, candidate.toLowerCase(), limit);
    if (d <= limit && (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. With
 * `max`, any distance above it comes back as max + 1: a row's smallest value never decreases
 * down the table, so the work stops at the first row above `max` (a long misspelt key against
 * every key of [Service] took tens of milliseconds with the whole table, fuzz seed 1964571342).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const n = b.length;
  let before: number[] = new Array<number>(n + 1).fill(0);
  let previous: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  let current: number[] = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[n];
}
