/** A unit-like file (unit, Quadlet, .nspawn) recognised by its name and content (the kinds' detection). */
import { templateTarget, unitFileType } from './fileType';

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * An INI file of systemd's syntax: the first line that is not blank or a comment is a section
 * header. Empty and comment-only files pass (an empty drop-in is still one).
 */
export function looksLikeIni(text: string): boolean {
  const m = /^[ \t]*([^\s#;])/m.exec(text);
  return !m || m[1] === '[';
}

/** Section names of an INI text. */
function iniSections(text: string): Set<string> {
  return new Set([...text.matchAll(/^[ \t]*\[([^\]\n]+)\]/gm)].map((m) => m[1].trim()));
}

/** Unit-like extensions whose name alone is enough (with an INI content); the others need their own section. */
const COMMON_UNIT_EXTENSIONS =
  /\.(service|socket|timer|mount|automount|swap|target|slice|scope|container|nspawn|netdev|network|pod|kube)$/;
/** The section a rarer extension needs (other tools use `.path`, `.link`, `.image`, `.build`, `.volume`). */
const REQUIRED_SECTION: Record<string, readonly string[]> = {
  path: ['Path'],
  link: ['Match', 'Link'],
  image: ['Image'],
  build: ['Build'],
  artifact: ['Artifact'],
  volume: ['Volume'],
  device: ['Unit'],
};

/** The unit-like family of a path (after a `.in` template suffix is dropped), or undefined. */
export function unitFamily(path: string, text = ''): 'unit' | 'quadlet' | 'nspawn' | undefined {
  if (/\.quadlets$/.test(path)) return 'quadlet';
  const type = unitFileType(templateTarget(path), text);
  if (!type) return undefined;
  return type === 'nspawn' ? 'nspawn' : type.startsWith('quadlet-') ? 'quadlet' : 'unit';
}

/** Any unit-like name is a hint for each of the three families: `.network` is networkd's or Quadlet's by content. */
export function unitByName(path: string): 'hint' | undefined {
  return unitFamily(path) ? 'hint' : undefined;
}

export function unitByContent(family: 'unit' | 'quadlet' | 'nspawn') {
  return (text: string, path: string) => unitFamily(path, text) === family && unitLike(text, path);
}

/** A unit-like file by content: INI syntax, and for rarer extensions the section of its type. */
function unitLike(text: string, path: string): boolean {
  if (!looksLikeIni(text)) return false;
  const target = templateTarget(path);
  const name = base(target);
  if (/\.quadlets$/.test(name) || COMMON_UNIT_EXTENSIONS.test(name) || /\.conf$/.test(name)) return true;
  const ext = name.slice(name.lastIndexOf('.') + 1);
  const sections = iniSections(text);
  return sections.size === 0 || (REQUIRED_SECTION[ext] ?? []).some((s) => sections.has(s));
}
