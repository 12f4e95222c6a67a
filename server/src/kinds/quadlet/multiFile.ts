/**
 * Podman 5.8's multi-unit `.quadlets` files (podman-quadlet-install(1)): several Quadlet files in
 * one, separated by `---` lines, each part naming itself with a `# FileName=<name>` comment. Each
 * part is linted as the file it becomes; its text keeps every line of the whole file (the other
 * parts' lines blanked) so that findings' positions are the whole file's.
 */
import { unitFileType } from '../unit/fileType';

export interface QuadletPart {
  /** The file the part becomes (`web.container`); the extension from its sections when the name has none. */
  name: string;
  /** The whole file with every line outside this part emptied. */
  text: string;
}

/** Sections a part's own name may leave out: the first Quadlet section says what it is. */
const SECTION_EXTENSION: Record<string, string> = {
  Container: 'container',
  Pod: 'pod',
  Kube: 'kube',
  Network: 'network',
  Volume: 'volume',
  Image: 'image',
  Build: 'build',
  Artifact: 'artifact',
};

export function splitQuadlets(text: string): QuadletPart[] {
  const lines = text.split('\n');
  const parts: { from: number; to: number }[] = [];
  let from = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || /^---[ \t\r]*$/.test(lines[i])) {
      parts.push({ from, to: i });
      from = i + 1;
    }
  }
  const out: QuadletPart[] = [];
  parts.forEach(({ from: a, to: b }, index) => {
    const own = lines.slice(a, b);
    if (own.every((l) => /^\s*([#;].*)?$/.test(l))) return; // nothing but comments: no unit
    const named = own.map((l) => /^[ \t]*#[ \t]*FileName[ \t]*=[ \t]*(\S+)/.exec(l)?.[1]).find((n) => n);
    let name = named ?? `part${index + 1}`;
    if (!unitFileType(name)) {
      const section = own.map((l) => /^[ \t]*\[([^\]]+)\]/.exec(l)?.[1]).find((s) => s && SECTION_EXTENSION[s]);
      name = `${name}.${section ? SECTION_EXTENSION[section] : 'container'}`;
    }
    out.push({ name, text: lines.map((l, i) => (i >= a && i < b ? l : '')).join('\n') });
  });
  return out;
}
