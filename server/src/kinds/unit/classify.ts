/**
 * What the directive database (and the legacy table) says about one `Key=value` line of a
 * document: a documented key, a legacy one, a key that belongs in another section, an unknown
 * key, or a line in a section the file type does not have. Rules, hover and completion share it.
 */
import { hasSection, sectionKeys, sectionsDefining, sectionsFor, type Directive } from './knowledge/directives';
import { keyHistory, releaseKeys, releaseNote, type KeyNote } from './knowledge/releases';
import { legacyKey, type LegacyKey } from './legacy';
import { newestSystemd } from '../../core/targetVersions';
import { isQuadletType, type UnitDocument } from './document';
import { quadletAccepts, quadletKeySince, quadletReleases, quadletTarget } from '../../knowledge/quadletKeys';
import type { UnitEntry } from './unitFile';

export type EntryStatus =
  | { status: 'known'; directive: Directive }
  | { status: 'legacy'; legacy: LegacyKey }
  /** Accepted by the target systemd only to warn: removed and ignored, obsolete (read as another key), deprecated. */
  | { status: 'tolerated'; note: KeyNote; release: number; directive?: Directive }
  /** Not accepted by the target systemd, but by an earlier or later release in our tables. */
  | { status: 'not-in-release'; release: number; firstLater?: number; lastEarlier?: number; since?: number }
  /** Valid in other sections of this file type, not in this one. */
  | { status: 'wrong-section'; sections: readonly string[] }
  /** In a Quadlet group: `release` is the Podman release judged, `since` the first we know that takes the key. */
  | { status: 'unknown'; quadlet?: { release: string; since?: string } }
  /** In a section the file type does not have (the section is the finding). */
  | { status: 'unknown-section' }
  /** `X-` key or section: ignored by design. */
  | { status: 'extension' }
  /** Before any section header (a syntax finding). */
  | { status: 'outside' };

export function isExtensionName(name: string): boolean {
  return name.startsWith('X-');
}

/**
 * Old section names networkd still reads: `[DHCP]` for `[DHCPv4]` (systemd 257's own
 * /usr/lib/systemd/network/80-container-host0.network uses it) and `[DHCPv6PrefixDelegation]`,
 * renamed to `[DHCPPrefixDelegation]` (NEWS, systemd 250).
 */
const SECTION_ALIASES: Partial<Record<UnitDocument['fileType'], Record<string, string>>> = {
  network: { DHCP: 'DHCPv4', DHCPv6PrefixDelegation: 'DHCPPrefixDelegation' },
};

/** The section whose keys a section takes (itself, or the new name of an old one). */
export function canonicalSection(doc: UnitDocument, section: string): string {
  return SECTION_ALIASES[doc.fileType]?.[section] ?? section;
}

export function sectionKnown(doc: UnitDocument, section: string): boolean {
  return hasSection(doc.fileType, canonicalSection(doc, section));
}

/**
 * An entry as the target systemd release reads it. In the sections systemd itself parses
 * ([Unit], [Service] … [Install]) the release's own key table decides; the man-page database
 * gives the text. Other sections (Quadlet's own, .nspawn, networkd) go by the database alone.
 */
export function classifyEntry(doc: UnitDocument, entry: UnitEntry, release: number = newestSystemd()): EntryStatus {
  const section = entry.section;
  if (section === null) return { status: 'outside' };
  if (isExtensionName(section) || isExtensionName(entry.key)) return { status: 'extension' };
  const canonical = canonicalSection(doc, section);
  if (isQuadletType(doc.fileType) && isOwnQuadletGroup(doc, canonical)) {
    return classifyQuadletKey(doc, canonical, entry);
  }
  // one lookup of the section's keys answers both "known section?" and "known key?"
  const keys = sectionKeys(doc.fileType, canonical);
  if (!keys) return { status: 'unknown-section' };
  const directive = keys.get(entry.key);
  const accepted = releaseKeys(release, canonical);
  if (accepted) return classifyByRelease(doc, entry, release, canonical, accepted, directive);
  if (directive) return { status: 'known', directive };
  const legacy = legacyKey(section, entry.key);
  if (legacy) return { status: 'legacy', legacy };
  const elsewhere = sectionsDefining(doc.fileType, entry.key).filter((s) => s !== canonical);
  if (elsewhere.length) return { status: 'wrong-section', sections: elsewhere };
  return { status: 'unknown' };
}

/** One table of classifications: section → key → status. */
interface ClassificationTable {
  sections: Map<string, Map<string, EntryStatus>>;
  size: number;
}

/**
 * Classifications by everything they depend on (file type, judged Podman release, systemd release, section,
 * key): the tables behind them do not change while the server runs, and most entries of a file are keys other
 * files have, so a lint looks them up instead of working them out again.
 */
const classificationTables = new Map<string, ClassificationTable>();
/** Keys kept per table before it starts afresh (typos make the set of keys seen unbounded). */
const CLASSIFICATION_LIMIT = 5000;

/** classifyEntry for the entries of one document, remembered across documents of the same kind and targets. */
export function entryClassifier(doc: UnitDocument, release: number): (entry: UnitEntry) => EntryStatus {
  const podman = isQuadletType(doc.fileType) ? judgedQuadletRelease(doc) : '';
  const id = `${doc.fileType}\0${podman}\0${release}`;
  let table = classificationTables.get(id);
  if (!table) classificationTables.set(id, (table = { sections: new Map(), size: 0 }));
  const kept = table;
  return (entry) => {
    if (entry.section === null) return classifyEntry(doc, entry, release);
    let keys = kept.sections.get(entry.section);
    if (!keys) kept.sections.set(entry.section, (keys = new Map()));
    let status = keys.get(entry.key);
    if (!status) {
      if (kept.size >= CLASSIFICATION_LIMIT) {
        kept.sections.clear();
        kept.size = 0;
        kept.sections.set(entry.section, (keys = new Map()));
      }
      keys.set(entry.key, (status = classifyEntry(doc, entry, release)));
      kept.size++;
    }
    return status;
  };
}

function classifyByRelease(
  doc: UnitDocument,
  entry: UnitEntry,
  release: number,
  section: string,
  accepted: ReadonlySet<string>,
  directive: Directive | undefined,
): EntryStatus {
  const key = entry.key;
  if (accepted.has(key)) {
    const note = releaseNote(release, section, key);
    if (note) return { status: 'tolerated', note, release, directive };
    // old names and moved keys: explained (and quiet for plain aliases) rather than described
    const legacy = directive ? undefined : legacyKey(section, key);
    if (legacy) return { status: 'legacy', legacy };
    return { status: 'known', directive: directive ?? undocumented(section, key, release) };
  }
  // another section of the file type takes it: by the release's table, or by the database for sections systemd does not
  // read (Quadlet's)
  const elsewhere = sectionsFor(doc.fileType).filter(
    (s) => s !== section && (releaseKeys(release, s) ?? sectionKeys(doc.fileType, s))?.has(key),
  );
  if (elsewhere.length) return { status: 'wrong-section', sections: elsewhere };
  const { firstLater, lastEarlier } = keyHistory(release, section, key);
  if (firstLater !== undefined || lastEarlier !== undefined) {
    const since = directive?.since !== undefined && directive.since > release ? directive.since : undefined;
    return { status: 'not-in-release', release, firstLater, lastEarlier, since };
  }
  return { status: 'unknown' };
}

/** A key the release accepts that the man pages do not describe (an alias or compatibility name). */
function undocumented(section: string, key: string, release: number): Directive {
  return {
    name: key,
    section,
    manPage: 'systemd',
    type: 'string',
    doc:
      `Accepted by systemd ${release} in [${section}] (its own key table), but not described in the man pages: ` +
      'an alias or a compatibility name.',
  };
}

/** The group Quadlet reads for this file type (`[Container]` in a .container …) and `[Quadlet]`. */
export function ownQuadletGroup(doc: UnitDocument): string {
  const type = doc.fileType.slice('quadlet-'.length);
  return type.charAt(0).toUpperCase() + type.slice(1);
}

export function isOwnQuadletGroup(doc: UnitDocument, section: string): boolean {
  return section === 'Quadlet' || section === ownQuadletGroup(doc);
}

/**
 * A key of a Quadlet group is what the generator of the target release accepts (its own source
 * says so), whether or not the man page documents it (`RemapUsers=`, `ServiceName=` …); the man
 * page's entry only gives the hover text.
 */
function classifyQuadletKey(doc: UnitDocument, section: string, entry: UnitEntry): EntryStatus {
  const release = judgedQuadletRelease(doc);
  const documented = sectionKeys(doc.fileType, section)?.get(entry.key);
  if (quadletAccepts(release, section, entry.key)) {
    return { status: 'known', directive: documented ?? undocumentedQuadletKey(section, entry.key, release) };
  }
  return { status: 'unknown', quadlet: { release, since: quadletKeySince(section, entry.key) } };
}

/**
 * The Podman release whose key table judges a Quadlet file: the target's; where nothing reads the
 * file (quadlet-unavailable says so), the first table that has its file type still names the keys.
 */
export function judgedQuadletRelease(doc: UnitDocument): string {
  // Asked for every key of the file: worked out once per document and target version.
  const kept = judgedReleases.get(doc);
  if (kept && kept.version === doc.podmanVersion) return kept.release;
  const release = readJudgedRelease(doc);
  judgedReleases.set(doc, { version: doc.podmanVersion, release });
  return release;
}

const judgedReleases = new WeakMap<UnitDocument, { version: string | undefined; release: string }>();

function readJudgedRelease(doc: UnitDocument): string {
  const target = quadletTarget(doc.podmanVersion, ownQuadletGroup(doc));
  if (target.quadlet) return target.release;
  return target.missing === 'file-type' ? target.since : quadletReleases()[0];
}

export function undocumentedQuadletKey(section: string, key: string, release: string): Directive {
  return {
    name: key,
    section,
    manPage: 'podman-systemd.unit(5)',
    type: 'string',
    doc:
      `Accepted by Quadlet in [${section}] (Podman ${release}, pkg/systemd/quadlet/quadlet.go); ` +
      'not described in podman-systemd.unit(5).',
  };
}
