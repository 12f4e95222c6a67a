/**
 * Reads the tar streams the engine's archive API returns (GET /containers/{id}/archive): plain
 * ustar headers, the ustar name prefix, PAX extended headers (Go's archive/tar writes them for
 * long names and link targets) and GNU long names. Only what reading files out of an image
 * needs: names, types, link targets and contents.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** Path inside the archive, without a leading `./` or trailing `/`. */
  name: string;
  type: TarEntryType;
  /** Symlink or hard link target. */
  linkName?: string;
  mode: number;
  data: Buffer;
}

const BLOCK = 512;

function field(buf: Buffer, offset: number, length: number): string {
  const raw = buf.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul >= 0 ? nul : raw.length).toString('utf8');
}

/** Octal numbers, or base-256 (high bit set) for sizes of 8 GiB and more. */
function numeric(buf: Buffer, offset: number, length: number): number {
  if (buf[offset] & 0x80) {
    let n = 0;
    for (let i = offset + 1; i < offset + length; i++) n = n * 256 + buf[i];
    return n;
  }
  const s = field(buf, offset, length).trim();
  return s ? parseInt(s, 8) : 0;
}

/** PAX records: `<length> <key>=<value>\n`. */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(data.subarray(i, space).toString('ascii'), 10);
    if (!(len > 0)) break;
    const record = data.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '': 'file',
  '7': 'file',
  '5': 'directory',
  '2': 'symlink',
  '1': 'hardlink',
};

function cleanName(name: string): string {
  return name.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** Every entry of a tar archive held in memory. A truncated archive ends the list early. */
export function readTar(buf: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = numeric(header, 124, 12);
    const typeflag = String.fromCharCode(header[156]);
    const dataStart = offset + BLOCK;
    const data = buf.subarray(dataStart, Math.min(buf.length, dataStart + size));
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      pax = { ...pax, ...paxRecords(data) };
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (typeflag === 'K') {
      longLink = field(data, 0, data.length);
      continue;
    }
    const magic = field(header, 257, 6);
    const prefix = magic.startsWith('ustar') ? field(header, 345, 155) : '';
    const baseName = field(header, 0, 100);
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    const link = pax.linkpath ?? longLink ?? field(header, 157, 100);
    const type = TYPES[typeflag] ?? 'other';
    entries.push({
      name: cleanName(name),
      type,
      ...(type === 'symlink' || type === 'hardlink' ? { linkName: link } : {}),
      mode: numeric(header, 100, 8),
      data: type === 'file' ? Buffer.from(data) : Buffer.alloc(0),
    });
    pax = {};
    longName = undefined;
    longLink = undefined;
  }
  return entries;
}
