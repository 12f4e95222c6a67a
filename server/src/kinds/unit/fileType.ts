/**
 * What kind of unit-like file a path holds: a systemd unit type, an .nspawn file, a
 * systemd-networkd/udev file, or a Quadlet file. Drop-ins (`foo.service.d/override.conf`,
 * `service.d/10-x.conf`) take the type of the unit they extend.
 *
 * `.network` is the one ambiguous extension: systemd-networkd's network files and Quadlet's
 * network units share it. The path decides first (Quadlet reads only `containers/systemd/`
 * directories: /etc/containers/systemd, /usr/share/containers/systemd,
 * ~/.config/containers/systemd …; networkd reads `systemd/network/`); then the content
 * (see networkFlavour). With nothing to go on it is networkd's, the older and far commoner meaning.
 */
import { keysIn, sectionsFor } from './knowledge/directives';
import type { UnitFileType } from './knowledge/fileTypes';

export type { UnitFileType };

const BY_EXTENSION: Record<string, UnitFileType> = {
  automount: 'automount',
  device: 'device',
  mount: 'mount',
  path: 'path',
  scope: 'scope',
  service: 'service',
  slice: 'slice',
  socket: 'socket',
  swap: 'swap',
  target: 'target',
  timer: 'timer',
  nspawn: 'nspawn',
  netdev: 'netdev',
  link: 'link',
  // Podman 5.8 on; a target before it is told that nothing reads the file (quadlet-unavailable)
  artifact: 'quadlet-artifact',
  build: 'quadlet-build',
  container: 'quadlet-container',
  image: 'quadlet-image',
  kube: 'quadlet-kube',
  pod: 'quadlet-pod',
  volume: 'quadlet-volume',
};

/** The file type of `path`, using `text` (the file's content) only to tell the two kinds of .network apart. */
export function unitFileType(path: string, text = ''): UnitFileType | null {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1];
  const dropInDir = /^(.+)\.d$/.exec(parts[parts.length - 2] ?? '')?.[1];
  // a drop-in extends the unit its directory is named after; "service.d" applies to every service
  const name = dropInDir !== undefined && base.endsWith('.conf') ? dropInDir : base;
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
  if (extension === 'network') return networkFlavour(parts.join('/'), text);
  return BY_EXTENSION[extension] ?? null;
}

/** Whether a path lies in a directory Quadlet reads, or one systemd-networkd reads. */
function networkDirectory(path: string): 'quadlet-network' | 'network' | undefined {
  if (/(?:^|\/)containers\/systemd\//.test(path)) return 'quadlet-network';
  if (/(?:^|\/)systemd\/network\//.test(path)) return 'network';
  return undefined;
}

/** The sections and [Network] keys of each kind of .network, from the directive database (read on first use). */
let networkEvidence:
  | { onlyNetworkd: Set<string>; onlyQuadlet: Set<string>; quadletKeys: Set<string>; networkdKeys: Set<string> }
  | undefined;

function readNetworkEvidence(): NonNullable<typeof networkEvidence> {
  return {
    onlyNetworkd: new Set(sectionsFor('network').filter((s) => !sectionsFor('quadlet-network').includes(s))),
    onlyQuadlet: new Set(sectionsFor('quadlet-network').filter((s) => !sectionsFor('network').includes(s))),
    quadletKeys: new Set(keysIn('quadlet-network', 'Network').map((d) => d.name)),
    networkdKeys: new Set(keysIn('network', 'Network').map((d) => d.name)),
  };
}

/**
 * networkd's .network has [Match] and sections such as [Address], [Route], [DHCPv4]; Quadlet's
 * has [Network] with podman keys (Subnet=, Driver=, IPRange= …) and may have the [Unit],
 * [Service], [Install], [Quadlet] sections of the service it becomes. Keys that only one of the
 * two [Network] sections knows (per the directive database) count as evidence too.
 */
export function networkFlavour(path: string, text: string): 'quadlet-network' | 'network' {
  const byPath = networkDirectory(path);
  if (byPath) return byPath;
  const { sections, networkKeys } = outline(text);
  const { onlyNetworkd, onlyQuadlet, quadletKeys, networkdKeys } = (networkEvidence ??= readNetworkEvidence());
  let score = 0;
  for (const s of sections) score += onlyQuadlet.has(s) ? 2 : onlyNetworkd.has(s) ? -2 : 0;
  for (const key of networkKeys)
    score +=
      quadletKeys.has(key) && !networkdKeys.has(key) ? 1 : networkdKeys.has(key) && !quadletKeys.has(key) ? -1 : 0;
  return score > 0 ? 'quadlet-network' : 'network';
}

/** Section names and the keys of [Network], from a quick line scan (comments and continuations skipped). */
function outline(text: string): { sections: Set<string>; networkKeys: string[] } {
  const sections = new Set<string>();
  const networkKeys: string[] = [];
  let section = '';
  let continued = false;
  for (const line of text.split(/\r?\n/)) {
    const wasContinued = continued;
    continued = /\\\s*$/.test(line);
    if (wasContinued) continue;
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      sections.add(section);
      continue;
    }
    const key = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(line);
    if (key && section === 'Network') networkKeys.push(key[1]);
  }
  return { sections, networkKeys };
}

/** `x.service.in` (a build system's template) is judged as `x.service`. */
export function templateTarget(path: string): string {
  return /\.in$/.test(path) && unitFileType(path.slice(0, -3)) ? path.slice(0, -3) : path;
}

/** The section that says which type a unit-like file is, and the extension that type's files have. */
const EXTENSION_BY_SECTION: Record<string, string> = {
  Service: 'service',
  Socket: 'socket',
  Timer: 'timer',
  Mount: 'mount',
  Automount: 'automount',
  Swap: 'swap',
  Path: 'path',
  Slice: 'slice',
  Scope: 'scope',
  Container: 'container',
  Pod: 'pod',
  Kube: 'kube',
  Volume: 'volume',
  Image: 'image',
  Build: 'build',
  Artifact: 'artifact',
  Exec: 'nspawn',
  Files: 'nspawn',
  // networkd's or Quadlet's: networkFlavour tells them apart by content, as for a named file
  Network: 'network',
};

/**
 * The name a document with no file name (VS Code's "New File" in the unit-file language) is judged as: the type its
 * first type-naming section says (`[Container]`: a Quadlet .container, `[Exec]`: an .nspawn), else a service. So a
 * Quadlet file typed into an untitled editor is not told that `[Container]` is not a section of service files.
 */
export function untitledUnitName(text: string): string {
  const { sections } = outline(text);
  // .nspawn files have [Network] too: [Exec] or [Files] anywhere makes the file an .nspawn
  if (sections.has('Exec') || sections.has('Files')) return 'untitled.nspawn';
  for (const section of sections) {
    const extension = EXTENSION_BY_SECTION[section];
    if (extension) return `untitled.${extension}`;
  }
  return 'untitled.service';
}
