/**
 * SSH host key checking against known_hosts files. ssh2 (under dockerode's ssh transport)
 * accepts any host key unless told otherwise; the docker CLI runs OpenSSH, which refuses
 * unknown or changed keys in batch mode. We do what OpenSSH does, minus the prompt.
 */
import { createHmac } from 'crypto';

export type HostKeyCheck =
  | { status: 'pending' }
  | { status: 'known'; file: string }
  | { status: 'unknown'; lookedIn: string[]; offered: string }
  | { status: 'mismatch'; file: string; offered: string }
  | { status: 'revoked'; file: string }
  | { status: 'accepted-unknown'; offered: string };

export interface KnownHostEntry {
  marker?: '@cert-authority' | '@revoked';
  patterns: string;
  keyType: string;
  key: string;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const f = t.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (f[0] === '@cert-authority' || f[0] === '@revoked') marker = f.shift() as KnownHostEntry['marker'];
    if (f.length < 3) continue;
    out.push({ ...(marker ? { marker } : {}), patterns: f[0], keyType: f[1], key: f[2] });
  }
  return out;
}

/** `host` for port 22, `[host]:port` otherwise, as OpenSSH writes them. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether an entry's host field names this host (plain patterns with * ? !, or hashed |1|). */
export function entryMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    const negated = p.startsWith('!');
    const glob = negated ? p.slice(1) : p;
    if (globMatch(glob, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function globMatch(glob: string, s: string): boolean {
  const re = new RegExp(
    '^' +
      glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
    'i',
  );
  return re.test(s);
}

export interface VerifierOptions {
  host: string;
  port: number;
  files: string[];
  readText(p: string): string | undefined;
  acceptUnknown: boolean;
}

/**
 * An ssh2 `hostVerifier` (called with the raw public key blob) and the outcome it recorded.
 * Only the first handshake's outcome is kept; it is the one that explains a failure.
 */
export function knownHostsVerifier(o: VerifierOptions): {
  verifier: (key: Buffer) => boolean;
  result: { check: HostKeyCheck };
} {
  const result: { check: HostKeyCheck } = { check: { status: 'pending' } };
  const name = knownHostsName(o.host, o.port);
  const verifier = (key: Buffer): boolean => {
    const offered = key.toString('base64');
    const offeredType = sshKeyType(key);
    let mismatch: HostKeyCheck | undefined;
    for (const file of o.files) {
      const text = o.readText(file);
      if (text === undefined) continue;
      for (const e of parseKnownHosts(text)) {
        if (!entryMatches(e.patterns, name)) continue;
        if (e.marker === '@revoked' && e.key === offered) {
          result.check = { status: 'revoked', file };
          return false;
        }
        if (e.marker) continue; // @cert-authority: certificates are not supported here
        if (e.key === offered) {
          result.check = { status: 'known', file };
          return true;
        }
        // A different key of the same type is a changed key; other types are just other keys.
        if (e.keyType === offeredType) mismatch ??= { status: 'mismatch', file, offered: `${offeredType} ${offered}` };
      }
    }
    if (mismatch) {
      result.check = mismatch;
      return false;
    }
    if (o.acceptUnknown) {
      result.check = { status: 'accepted-unknown', offered: `${offeredType} ${offered}` };
      return true;
    }
    result.check = { status: 'unknown', lookedIn: o.files, offered: `${offeredType} ${offered}` };
    return false;
  };
  return { verifier, result };
}

/** The key type is the first string of the SSH wire-format blob. */
function sshKeyType(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.toString('latin1', 4, 4 + len);
}
