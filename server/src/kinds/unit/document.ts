/**
 * A unit-like file as the linter, completion and hover see it: its path-derived type (service,
 * Quadlet .container, .nspawn …), whether it is a drop-in, the unit name it defines, and the
 * parsed text. Also the links to the man pages the directive database comes from.
 */
import { unitFileType, type UnitFileType } from './fileType';
import { parseUnitFile, type UnitEntry, type UnitFile, type UnitSection } from './unitFile';

export interface UnitDocument {
  path: string;
  fileType: UnitFileType;
  /** The rule family: systemd units (and networkd/udev files), Quadlet files, .nspawn files. */
  kind: 'unit' | 'quadlet' | 'nspawn';
  /** `foo.service.d/override.conf`, `service.d/10-x.conf`, `foo.container.d/x.conf`. */
  dropIn: boolean;
  /** Base name of the unit the file defines or extends (`foo.service`, `foo.container`, `web.nspawn`). */
  unitName: string;
  unit: UnitFile;
  /** The Podman release a Quadlet file is judged for ("5.4"); undefined: the newest known. */
  podmanVersion?: string;
}

export function isQuadletType(fileType: UnitFileType): boolean {
  return fileType.startsWith('quadlet-');
}

function segments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/');
}

export function baseName(path: string): string {
  const parts = segments(path);
  return parts[parts.length - 1];
}

export function dirName(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}

/** Whether the path is a drop-in of a unit (a `.conf` file in a `<name>.d` directory). */
export function isDropInPath(path: string): boolean {
  return isDropInParts(segments(path));
}

function isDropInParts(parts: string[]): boolean {
  return parts[parts.length - 1].endsWith('.conf') && /\.d$/.test(parts[parts.length - 2] ?? '');
}

/** The document for a path and text, or null when the path is not a unit-like file. */
export function openUnitDocument(path: string, text: string): UnitDocument | null {
  const fileType = unitFileType(path, text);
  if (!fileType) return null;
  const parts = segments(path);
  const dropIn = isDropInParts(parts);
  const unitName = dropIn ? parts[parts.length - 2].replace(/\.d$/, '') : parts[parts.length - 1];
  const kind = fileType === 'nspawn' ? 'nspawn' : isQuadletType(fileType) ? 'quadlet' : 'unit';
  return { path, fileType, kind, dropIn, unitName, unit: parseUnitFile(text, { quadlet: kind === 'quadlet' }) };
}

/** The name of the service a Quadlet file becomes (`web.container` → `web.service`; ServiceName= aside). */
export function quadletServiceName(unitName: string): string {
  const m = /^(.*)\.(container|volume|network|pod|kube|image|build|artifact)$/.exec(unitName);
  if (!m) return unitName;
  // podman-systemd.unit(5): .container and .kube keep the name; the others get a suffix
  const suffix: Record<string, string> = {
    container: '',
    kube: '',
    volume: '-volume',
    network: '-network',
    pod: '-pod',
    image: '-image',
    build: '-build',
    artifact: '-artifact',
  };
  return `${m[1]}${suffix[m[2]]}.service`;
}

/** The entry whose line range contains `line`, or undefined. */
export function entryAtLine(unit: UnitFile, line: number): UnitEntry | undefined {
  return unit.entries.find((e) => e.firstLine <= line && line <= e.lastLine);
}

/** The section a line belongs to (the last header at or above it), or undefined before the first header. */
export function sectionAtLine(unit: UnitFile, line: number): UnitSection | undefined {
  let found: UnitSection | undefined;
  for (const s of unit.sections) {
    if (s.headerRange.start.line <= line) found = s;
    else break;
  }
  return found;
}

// ------------------------------------------------------------------------------ man pages

export const PODMAN_SYSTEMD_UNIT_URL = 'https://docs.podman.io/en/latest/markdown/podman-systemd.unit.5.html';

/**
 * The web page of a man page named like `systemd.exec(5)`; with `key`, the anchor of that setting where the site has
 * one.
 */
export function manPageUrl(manPage: string, key?: string): string {
  const m = /^([\w.@-]+)\((\d)\)$/.exec(manPage);
  const name = m ? m[1] : manPage;
  if (name === 'podman-systemd.unit') return PODMAN_SYSTEMD_UNIT_URL;
  // freedesktop.org's pages carry an anchor per setting, named like the setting with its "="
  const anchor = key ? `#${encodeURIComponent(key)}=` : '';
  return `https://www.freedesktop.org/software/systemd/man/latest/${name}.html${anchor}`;
}

/** The man page that documents a file type's own section (for hovers on a section header). */
export function sectionManPage(fileType: UnitFileType, section: string): string {
  if (section === 'Unit' || section === 'Install') return 'systemd.unit(5)';
  if (isQuadletType(fileType) && section !== 'Service') return 'podman-systemd.unit(5)';
  if (fileType === 'nspawn') return 'systemd.nspawn(5)';
  if (fileType === 'network' || fileType === 'netdev' || fileType === 'link') return `systemd.${fileType}(5)`;
  if (isQuadletType(fileType)) return 'systemd.service(5)';
  return `systemd.${fileType}(5)`;
}

/**
 * Files a folder search picks up as unit-like: units of the common types, Quadlet files, .nspawn
 * files, drop-ins, networkd files in systemd/network. Rarer extensions that other tools use for
 * other things (.path, .link, .image, .build, .volume …) count only inside a unit directory.
 */
export function isUnitSearchPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const name = baseName(p);
  if (/\.(service|socket|timer|mount|automount|swap|target|slice|container|pod|kube|nspawn)$/.test(name)) return true;
  if (isDropInPath(p))
    return (
      /\.(service|socket|timer|mount|container|pod|kube|volume|network)\.d\/[^/]+\.conf$/.test(p) ||
      /\/(service|socket|timer|mount|container)\.d\/[^/]+\.conf$/.test(p)
    );
  const inUnitDir = /(^|\/)(systemd\/(system|user|network)|containers\/systemd)\//.test(p);
  return inUnitDir && unitFileType(p) !== null;
}
