/**
 * The real systemd of each Debian release, run in the chroots .ci/chroots-setup.sh builds
 * (/var/cache/sct-chroots/<suite>, or $SCT_CHROOTS): its version, its own list of unit-file
 * keys, and `systemd-analyze verify` on files copied into the chroot. Needs root (chroot).
 * Programs are run with execFileSync and argument arrays: no shell, no string building.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

export const CHROOTS = process.env.SCT_CHROOTS ?? '/var/cache/sct-chroots';

/** The releases we generate knowledge for: Debian suite → the systemd release it ships. */
export const SUITES: readonly { suite: string; release: number }[] = [
  { suite: 'bookworm', release: 252 },
  { suite: 'trixie', release: 257 },
  { suite: 'sid', release: 262 },
];

export class ChrootMissing extends Error {}

/** The chroot of a suite; throws when .ci/chroots-setup.sh has not built it. */
export function chrootDir(suite: string): string {
  const dir = path.join(CHROOTS, suite);
  if (!fs.existsSync(path.join(dir, '.sct-chroot'))) {
    throw new ChrootMissing(
      `no ${suite} chroot at ${dir} (run: sudo bash .ci/chroots-setup.sh; its log says why it failed)`,
    );
  }
  return dir;
}

function run(dir: string, argv: string[]): string {
  return execFileSync('chroot', [dir, ...argv], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** "252.39-1~deb12u2" from `systemctl --version`'s first line. */
export function systemdPackageVersion(dir: string): { release: number; version: string } {
  const first = run(dir, ['systemctl', '--version']).split('\n')[0];
  const m = /^systemd (\d+) \(([^)]+)\)/.exec(first);
  if (!m) throw new Error(`${dir}: cannot read systemctl --version: ${first}`);
  return { release: Number(m[1]), version: m[2] };
}

/** `systemd --dump-configuration-items`: section → key → the type word it prints. */
export function dumpConfigurationItems(dir: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  for (const line of run(dir, ['/lib/systemd/systemd', '--dump-configuration-items']).split('\n')) {
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      section = new Map();
      out.set(header[1], section);
      continue;
    }
    const item = /^([A-Za-z0-9]+)=(.*)$/.exec(line);
    if (item && section) section.set(item[1], item[2]);
  }
  return out;
}

/**
 * The `Section.Key` strings of systemd's own parser table (a gperf hash of every key it reads,
 * compiled into libsystemd-core): the dump leaves out the keys it only warns about
 * (config_parse_warn_compat), the table has them. Candidates only: verify decides.
 */
export function parserTableKeys(dir: string, sections: Iterable<string>): Map<string, Set<string>> {
  const lib = findCoreLibrary(dir);
  const wanted = new Set(sections);
  const out = new Map<string, Set<string>>();
  for (const s of wanted) out.set(s, new Set());
  const text = fs.readFileSync(lib).toString('latin1');
  for (const m of text.matchAll(/(?<=\0)([A-Z][A-Za-z]+)\.([A-Z][A-Za-z0-9]+)(?=\0)/g)) {
    if (wanted.has(m[1])) out.get(m[1])!.add(m[2]);
  }
  return out;
}

function findCoreLibrary(dir: string): string {
  for (const base of ['usr/lib/x86_64-linux-gnu/systemd', 'usr/lib/systemd', 'usr/lib64/systemd']) {
    const d = path.join(dir, base);
    const hit = fs.existsSync(d) ? fs.readdirSync(d).find((f) => /^libsystemd-core-.*\.so$/.test(f)) : undefined;
    if (hit) return path.join(d, hit);
  }
  throw new Error(`${dir}: no libsystemd-core-*.so`);
}

/** One message of `systemd-analyze verify` about a line of a file. */
export interface VerifyMessage {
  /** The file as given (inside the chroot). */
  file: string;
  line: number;
  text: string;
}

export interface VerifyResult {
  messages: VerifyMessage[];
  /** Lines without a file:line prefix ("Unit x.service has a bad unit file setting." …). */
  other: string[];
}

/**
 * `systemd-analyze verify` in the chroot on files already copied into it (absolute paths inside
 * the chroot). Dependencies are not loaded from the unit search path (--man=no, no --recursive…),
 * but verify still names missing ones: those are in `other`.
 */
export function verify(dir: string, files: string[]): VerifyResult {
  const r = spawnSync('chroot', [dir, 'systemd-analyze', 'verify', '--man=no', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SYSTEMD_LOG_COLOR: '0', SYSTEMD_LOG_LOCATION: '0', LC_ALL: 'C' },
  });
  if (r.error) throw r.error;
  const messages: VerifyMessage[] = [];
  const other: string[] = [];
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    if (!line.trim()) continue;
    const m = /^(\/[^:]+):(\d+): (.*)$/.exec(line);
    if (m) messages.push({ file: m[1], line: Number(m[2]), text: m[3] });
    else other.push(line);
  }
  return { messages, other };
}

/** "Unknown key 'Foo' in section [Unit]" (newer) or "Unknown key name 'Foo' in section 'Unit'" (older). */
export function unknownKeyOf(text: string): { key: string; section: string } | undefined {
  const m = /^Unknown key(?: name)? '([^']*)' in section '?\[?([^\]']*)\]?'?, ignoring/.exec(text);
  return m ? { key: m[1], section: m[2] } : undefined;
}

/** "Unknown section 'Bogus'. Ignoring." */
export function unknownSectionOf(text: string): string | undefined {
  return /^Unknown section '([^']*)'\. Ignoring/.exec(text)?.[1];
}

/** A scratch folder inside the chroot's /tmp: [path inside, path outside]. */
export function scratch(dir: string, name: string): { inside: string; outside: string } {
  const inside = `/tmp/sct-${name}`;
  const outside = path.join(dir, inside);
  fs.rmSync(outside, { recursive: true, force: true });
  fs.mkdirSync(outside, { recursive: true });
  return { inside, outside };
}
