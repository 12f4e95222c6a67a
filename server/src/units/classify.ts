/**
 * What the directive database (and the legacy table) says about one `Key=value` line of a
 * document: a documented key, a legacy one, a key that belongs in another section, an unknown
 * key, or a line in a section the file type does not have. Rules, hover and completion share it.
 */
import { hasSection, sectionKeys, sectionsDefining, type Directive } from './knowledge/directives';
import { legacyKey, type LegacyKey } from './legacy';
import type { UnitDocument } from './document';
import type { UnitEntry } from './unitFile';

export type EntryStatus =
  | { status: 'known'; directive: Directive }
  | { status: 'legacy'; legacy: LegacyKey }
  /** Valid in other sections of this file type, not in this one. */
  | { status: 'wrong-section'; sections: readonly string[] }
  | { status: 'unknown' }
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

export function classifyEntry(doc: UnitDocument, entry: UnitEntry): EntryStatus {
  const section = entry.section;
  if (section === null) return { status: 'outside' };
  if (isExtensionName(section) || isExtensionName(entry.key)) return { status: 'extension' };
  const canonical = canonicalSection(doc, section);
  // one lookup of the section's keys answers both "known section?" and "known key?"
  const keys = sectionKeys(doc.fileType, canonical);
  if (!keys) return { status: 'unknown-section' };
  const directive = keys.get(entry.key);
  if (directive) return { status: 'known', directive };
  const legacy = legacyKey(section, entry.key);
  if (legacy) return { status: 'legacy', legacy };
  const elsewhere = sectionsDefining(doc.fileType, entry.key).filter((s) => s !== canonical);
  if (elsewhere.length) return { status: 'wrong-section', sections: elsewhere };
  return { status: 'unknown' };
}
