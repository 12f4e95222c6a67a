/**
 * The Debian packages the database comes from: where they are cached, and reading man pages out
 * of them (dpkg-deb, present on every Debian machine, which CI is).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const ROOT = path.resolve(__dirname, '../../..');
export const DATABASE_PATH = path.join(ROOT, 'server/src/kinds/unit/knowledge/directives.json');
export const FETCH_SCRIPT = path.join(ROOT, 'scripts/directives/fetch-debs.sh');

/** The Debian release and architecture whose packages are read. */
export const SUITE = 'trixie';
export const ARCHITECTURE = 'amd64';
/** systemd (unit pages, directives index), systemd-container (.nspawn), udev (.link), podman (Quadlet). */
export const PACKAGES = ['podman', 'systemd', 'systemd-container', 'udev'];

export function cacheDir(): string {
  return process.env.SCT_MANPAGES_CACHE || '/var/cache/sct-manpages';
}

/** apt-get download's file name for a package version (an epoch's ":" becomes "%3a"). */
export function debPath(pkg: string, version: string, arch = ARCHITECTURE): string {
  return path.join(cacheDir(), 'debs', `${pkg}_${version.replace(/:/g, '%3a')}_${arch}.deb`);
}

/** Runs fetch-debs.sh (pinned versions, or the suite's current ones with `latest`); returns package → version. */
export function fetchDebs(latest: boolean): Record<string, string> {
  const out = execFileSync('bash', [FETCH_SCRIPT, ...(latest ? ['--latest'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const versions: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([a-z0-9.+-]+)=(\S+)$/.exec(line.trim());
    if (m) versions[m[1]] = m[2];
  }
  return versions;
}

/** The wanted man pages (by basename) found in the packages, decompressed. */
export function readManPages(debs: string[], wanted: string[]): Map<string, string> {
  const pages = new Map<string, string>();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-manpages-'));
  try {
    for (const deb of debs) {
      const dir = path.join(tmp, path.basename(deb));
      fs.mkdirSync(dir);
      const tar = execFileSync('dpkg-deb', ['--fsys-tarfile', deb], { maxBuffer: 1 << 30 });
      execFileSync('tar', ['-x', '-C', dir, '--wildcards', './usr/share/man/man[57]/*'], {
        input: tar,
        maxBuffer: 1 << 30,
      });
      for (const section of ['man5', 'man7']) {
        const mandir = path.join(dir, 'usr/share/man', section);
        if (!fs.existsSync(mandir)) continue;
        for (const file of fs.readdirSync(mandir)) {
          if (!wanted.includes(file)) continue;
          if (pages.has(file)) throw new Error(`${file} is shipped by two of the packages`);
          pages.set(file, zlib.gunzipSync(fs.readFileSync(path.join(mandir, file))).toString('utf8'));
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const missing = wanted.filter((f) => !pages.has(f));
  if (missing.length) throw new Error(`not in the packages: ${missing.join(', ')}`);
  return pages;
}
