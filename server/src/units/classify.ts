/**
 * What the directive database (and the legacy table) says about one `Key=value` line of a
 * document: a documented key, a legacy one, a key that belongs in another section, an unknown
 * key, or a line in a section the file type does not have. Rules, hover and completion share it.
 */
import { lookupKey, sectionsDefining, sectionsFor, type Directive } from './knowledge/directives';
import { legacyKey, type LegacyKey } from './legacy';
import type { UnitDocument } from './document';
import type { UnitEntry } from './unitFile';

export type EntryStatus =
  | { status: 'known'; directive: Directive }
  | { status: 'legacy'; legacy: LegacyKey }
  /** Valid in other sections of this file type, not in this one. */
  | { status: 'wrong-section'; sections: string[] }
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

export function sectionKnown(doc: UnitDocument, section: string): boolean {
  return sectionsFor(doc.fileType).includes(section);
}

export function classifyEntry(doc: UnitDocument, entry: UnitEntry): EntryStatus {
  const section = entry.section;
  if (section === null) return { status: 'outside' };
  if (isExtensionName(section) || isExtensionName(entry.key)) return { status: 'extension' };
  if (!sectionKnown(doc, section)) return { status: 'unknown-section' };
  const directive = lookupKey(doc.fileType, section, entry.key);
  if (directive) return { status: 'known', directive };
  const legacy = legacyKey(section, entry.key);
  if (legacy) return { status: 'legacy', legacy };
  const elsewhere = sectionsDefining(doc.fileType, entry.key).filter((s) => s !== section);
  if (elsewhere.length) return { status: 'wrong-section', sections: elsewhere };
  return { status: 'unknown' };
}
