/**
 * Builds the directive database from the man pages' text. Pure: pages in, JSON text out, so
 * the test can rebuild it from the same packages and compare byte for byte.
 */
import { describe, sentences, type DirectiveInfo } from './describe';
import { docbookEntries, markdownEntries, type Entry } from './entries';
import { directiveIndex } from './index';
import { parseManPage, plainText, type ManPage, type RoffNode } from './roff';
import {
  bracketNames,
  headingSection,
  pageWideSections,
  quadletFileTypes,
  quadletSharedSections,
  sameKeysAs,
  sectionSpeller,
  unitTypeSections,
} from './sections';
import { stableJson } from './stableJson';

/** The unit types systemd documents one page each for (systemd.<type>(5)). */
export const UNIT_TYPES = [
  'automount',
  'device',
  'mount',
  'path',
  'scope',
  'service',
  'slice',
  'socket',
  'swap',
  'target',
  'timer',
];
/** Pages whose options apply inside other types' sections, as their DESCRIPTION says. */
const SHARED_PAGES = ['unit', 'exec', 'kill', 'resource-control'];
/** Non-unit systemd file types, each documented by one page with "[X] SECTION OPTIONS" headings. */
export const OTHER_SYSTEMD_TYPES = ['nspawn', 'network', 'netdev', 'link'];
const PODMAN_PAGE = 'podman-systemd.unit.5.gz';

/** Man page files (basename) the database is made from. */
export const PAGE_FILES = [
  'systemd.directives.7.gz',
  ...[...SHARED_PAGES, ...UNIT_TYPES, ...OTHER_SYSTEMD_TYPES].map((t) => `systemd.${t}.5.gz`),
  PODMAN_PAGE,
];

export interface DirectiveDatabase {
  generator: string;
  debian: { suite: string; architecture: string; packages: Record<string, string> };
  /** Man page → the version string its .TH line carries. */
  pages: Record<string, string>;
  /** File type → section → the directive groups (keys of `directives`) valid there. */
  fileTypes: Record<string, Record<string, string[]>>;
  /** Group ("systemd.exec(5)", "systemd.unit(5) [Install]") → key → what the page says. */
  directives: Record<string, Record<string, DirectiveInfo>>;
}

export interface Provenance {
  suite: string;
  architecture: string;
  packages: Record<string, string>;
}

interface Group {
  id: string;
  sections: string[];
  keys: Map<string, DirectiveInfo>;
}

export function buildDatabase(files: Map<string, string>, provenance: Provenance): DirectiveDatabase {
  const page = (file: string): ManPage => {
    const text = files.get(file);
    if (text === undefined) throw new Error(`man page ${file} is missing from the packages`);
    return parseManPage(text);
  };
  const index = directiveIndex(page('systemd.directives.7.gz'));
  const groups = new Map<string, Group>();
  const pages: Record<string, string> = {};
  const addGroup = (id: string, sections: string[]): Group => {
    const g = groups.get(id) ?? { id, sections, keys: new Map() };
    groups.set(id, g);
    return g;
  };

  // systemd pages: entries, checked against systemd.directives(7)
  const sectionAliases = new Map<string, Map<string, string>>();
  for (const type of [...SHARED_PAGES, ...UNIT_TYPES, ...OTHER_SYSTEMD_TYPES]) {
    const p = page(`systemd.${type}.5.gz`);
    pages[p.name] = p.source;
    const entries = docbookEntries(p);
    checkAgainstIndex(p.name, entries, index.get(p.name) ?? new Set());
    const spell = sectionSpeller(p);
    const wide = pageWideSections(p);
    for (const entry of entries) {
      const upper = headingSection(entry.heading);
      const group = upper ? addGroup(`${p.name} [${spell(upper)}]`, [spell(upper)]) : addGroup(p.name, wide);
      if (!upper && wide.length === 0)
        throw new Error(`${p.name}: "${entry.term}" is under "${entry.heading}", and the page names no section for it`);
      for (const key of entry.keys) group.keys.set(key, describe(entry, key, { podman: false }));
    }
    for (const [key, info] of historyDeprecations(p)) {
      const group = addGroup(p.name, wide);
      if (!group.keys.has(key)) group.keys.set(key, info);
    }
    const aliases = new Map<string, string>();
    for (const [from, to] of sameKeysAs(p)) aliases.set(spell(from), `${p.name} [${spell(to)}]`);
    sectionAliases.set(p.name, aliases);
  }

  // podman-systemd.unit(5): one section per Quadlet file type, plus the shared [Quadlet]
  const podman = page(PODMAN_PAGE);
  pages[podman.name] = podman.source;
  const examples = podmanExamples(podman);
  for (const entry of markdownEntries(podman)) {
    const section = /\[(\w+)\]$/.exec(entry.heading)?.[1];
    if (!section)
      throw new Error(`${podman.name}: "${entry.term}" is under "${entry.heading}", which names no section`);
    const group = addGroup(`${podman.name} [${section}]`, [section]);
    for (const key of entry.keys)
      group.keys.set(key, describe(entry, key, { podman: true, example: examples.get(section)?.get(key) }));
  }
  checkAgainstTables(podman.name, groups, examples);

  const fileTypes: Record<string, Record<string, string[]>> = {};
  // in the order of pageNames: the type's own page first, so a shared page never overrides it
  const groupsIn = (section: string, pageNames: string[]) =>
    pageNames.flatMap((name) =>
      [...groups.values()].filter((g) => g.id.split(' ')[0] === name && g.sections.includes(section)).map((g) => g.id),
    );
  const shared = SHARED_PAGES.map((t) => `systemd.${t}(5)`);
  for (const type of UNIT_TYPES) {
    const sections: Record<string, string[]> = {};
    for (const section of unitTypeSections(page(`systemd.${type}.5.gz`)))
      sections[section] = groupsIn(section, [`systemd.${type}(5)`, ...shared]);
    fileTypes[type] = sections;
  }
  for (const type of OTHER_SYSTEMD_TYPES) {
    const name = `systemd.${type}(5)`;
    const sections: Record<string, string[]> = {};
    for (const g of groups.values()) if (g.id.startsWith(`${name} [`)) sections[g.sections[0]] = [g.id];
    for (const [section, target] of sectionAliases.get(name) ?? []) sections[section] = [target];
    fileTypes[type] = sections;
  }
  // A Quadlet file becomes a .service unit: "options defined in the [Service] table and [Install]
  // tables pass directly to systemd" and "all other sections are passed on untouched" — so it has
  // the service's sections besides its own and the shared [Quadlet] one.
  const sharedQuadlet = quadletSharedSections(podman);
  for (const { extension, section } of quadletFileTypes(podman)) {
    const sections: Record<string, string[]> = { ...fileTypes.service };
    for (const s of [section, ...sharedQuadlet]) sections[s] = [`${podman.name} [${s}]`];
    fileTypes[`quadlet-${extension}`] = sections;
  }

  const directives: Record<string, Record<string, DirectiveInfo>> = {};
  for (const g of groups.values()) {
    inheritSimilar(g.keys);
    directives[g.id] = Object.fromEntries(g.keys);
  }
  return {
    generator: 'scripts/directives/generate.ts (docs/directive-database.md)',
    debian: { suite: provenance.suite, architecture: provenance.architecture, packages: provenance.packages },
    pages,
    fileTypes,
    directives,
  };
}

/** The JSON text committed to the repository. */
export function databaseJson(db: DirectiveDatabase): string {
  return stableJson(db, 3) + '\n';
}

/** A parse that loses or invents directives is a generator bug: fail loudly. */
function checkAgainstIndex(pageName: string, entries: Entry[], indexed: Set<string>): void {
  const found = new Set(entries.flatMap((e) => e.keys));
  const missing = [...indexed].filter((k) => !found.has(k));
  const extra = [...found].filter((k) => !indexed.has(k));
  if (missing.length || extra.length) {
    throw new Error(
      `${pageName}: parse disagrees with systemd.directives(7): missing ${missing.join(' ') || '-'}, not ` +
        `indexed ${extra.join(' ') || '-'}`,
    );
  }
}

/**
 * Directives a page's HISTORY declares deprecated ("Options for controlling the Legacy Control
 * Group Hierarchy … are now fully deprecated: CPUShares=weight, …"): they no longer have an
 * entry of their own but systemd still parses them.
 */
function historyDeprecations(p: ManPage): Map<string, DirectiveInfo> {
  const found = new Map<string, DirectiveInfo>();
  let inHistory = false;
  const visit = (nodes: RoffNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'SH') inHistory = node.title === 'HISTORY';
      else if (inHistory && node.kind === 'indent') visit(node.children);
      else if (inHistory && node.kind === 'para') {
        if (!/\bdeprecated\b/.test(plainText(node.runs))) continue;
        // the paragraph without its list of names: "… are now fully deprecated. Please switch …"
        const doc = sentences(node)
          .map((s) => s.text.replace(/:\s.*$/, '.'))
          .join(' ');
        for (const run of node.runs) {
          const key = run.font === 'I' ? /^([A-Z][A-Za-z0-9]*)=$/.exec(run.text.trim())?.[1] : undefined;
          if (key) found.set(key, { type: 'string', deprecated: true, doc });
        }
      }
    }
  };
  visit(p.nodes);
  return found;
}

/** podman's "[Container] options | podman run equivalent" tables: section → key → example value. */
function podmanExamples(p: ManPage): Map<string, Map<string, string>> {
  const examples = new Map<string, Map<string, string>>();
  for (const node of p.nodes) {
    if (node.kind !== 'table' || node.rows.length === 0) continue;
    const section = bracketNames(node.rows[0][0] ?? '')[0];
    if (!section) continue;
    const keys = examples.get(section) ?? new Map<string, string>();
    for (const row of node.rows.slice(1)) {
      const m = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(row[0] ?? '');
      if (m && !keys.has(m[1])) keys.set(m[1], m[2]);
    }
    examples.set(section, keys);
  }
  return examples;
}

/** The option tables and the option descriptions of the podman page must list the same keys. */
function checkAgainstTables(
  pageName: string,
  groups: Map<string, Group>,
  examples: Map<string, Map<string, string>>,
): void {
  for (const [section, keys] of examples) {
    const described = groups.get(`${pageName} [${section}]`)?.keys ?? new Map();
    const missing = [...keys.keys()].filter((k) => !described.has(k));
    const extra = [...described.keys()].filter((k) => !keys.has(k));
    if (missing.length || extra.length) {
      throw new Error(
        `${pageName} [${section}]: option table and descriptions disagree: ` +
          `undescribed ${missing.join(' ') || '-'}, not in table ${extra.join(' ') || '-'}`,
      );
    }
  }
}

/**
 * "Similar to Wants=, but …", "Takes the same values as the FailureAction=/SuccessAction=
 * settings": a directive the page describes by another one's value takes that one's type.
 */
function inheritSimilar(keys: Map<string, DirectiveInfo>): void {
  for (const info of keys.values()) {
    if (info.type !== 'string' || info.values) continue;
    const m =
      /^(?:Similar to|Same as|Like|Equivalent to) (\w+)=|\b(?:takes|accepts) the same values as (?:the )?(\w+)=|\btakes a value in the same format as (\w+)=/i.exec(
        info.doc,
      );
    const source = m && keys.get(m[1] ?? m[2] ?? m[3]);
    if (!source || source === info) continue;
    info.type = source.type;
    if (source.values) info.values = source.values;
    if (source.multiple) info.multiple = true;
  }
}
