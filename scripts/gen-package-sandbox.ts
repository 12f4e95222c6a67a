/**
 * Which Debian packages ship a service that cannot start in an unprivileged container
 * (server/src/security/containerSandbox.ts: a setting that insists on a mount namespace, such as
 * DynamicUser=, or PrivateUsers=), per release, for the Dockerfile rule that names them on the
 * install line (SCT116). Read from the packages themselves, not written by hand:
 *
 * - every package installed in the chroots of .ci/chroots-setup.sh (its file list in
 *   /var/lib/dpkg/info/<package>.list, the unit read from the chroot), and
 * - the packages .ci/security-differential.sh downloads (<root>/security-debs/<suite>/debs/*.deb,
 *   unpacked here one by one with dpkg-deb to know which package ships which unit).
 *
 *   node out/scripts/gen-package-sandbox.js           # writes server/src/security/data/packageSandbox.json
 *   node out/scripts/gen-package-sandbox.js --check   # exit 1 when the file differs from what it would write
 *
 * Template units (`foo@.service`) are left out: nothing starts them until an instance is asked for.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseUnitFile } from '../server/src/kinds/unit/unitFile';
import { sandboxEntries } from '../server/src/security/containerSandbox';
import type { PackageSandboxData, PackageUnit } from '../server/src/security/packageSandbox';

const ROOT = process.env.SCT_CHROOTS ?? '/var/cache/sct-chroots';
const SUITES = ['bookworm', 'trixie', 'sid'];
const UNIT_DIRS = ['lib/systemd/system', 'usr/lib/systemd/system'];
const OUT = path.resolve(__dirname, '../../server/src/security/data/packageSandbox.json');

/** The unit's settings that make it fail without a mount or user namespace, and whether it is enabled on install. */
function judge(name: string, text: string): PackageUnit | undefined {
  if (!name.endsWith('.service') || name.includes('@.')) return undefined;
  const unit = parseUnitFile(text);
  const keys = sandboxEntries(unit)
    .filter(({ setting }) => setting.kind !== 'namespace-optional')
    .map(({ entry }) => `${entry.key}=${entry.value}`);
  if (keys.length === 0) return undefined;
  // dh_installsystemd enables (and starts) units with an [Install] section; others start when something asks for them.
  const enabled = ['WantedBy', 'RequiredBy', 'UpheldBy'].some((k) =>
    unit.all('Install', k).some((e) => e.value.trim() !== ''),
  );
  return { unit: name, settings: keys, enabled };
}

function add(into: Map<string, PackageUnit[]>, pkg: string, found: PackageUnit): void {
  const list = into.get(pkg) ?? [];
  if (!list.some((u) => u.unit === found.unit)) list.push(found);
  into.set(pkg, list);
}

/** Packages installed in a chroot, from dpkg's file lists. */
function fromChroot(chroot: string, into: Map<string, PackageUnit[]>): string[] {
  const info = path.join(chroot, 'var/lib/dpkg/info');
  const read: string[] = [];
  for (const file of fs
    .readdirSync(info)
    .filter((f) => f.endsWith('.list'))
    .sort()) {
    const pkg = file.replace(/\.list$/, '').replace(/:.*$/, '');
    read.push(pkg);
    for (const line of fs.readFileSync(path.join(info, file), 'utf8').split('\n')) {
      const dir = UNIT_DIRS.find((d) => path.dirname(line) === `/${d}`);
      if (!dir) continue;
      const full = path.join(chroot, line);
      if (!fs.existsSync(full) || fs.lstatSync(full).isSymbolicLink() || !fs.statSync(full).isFile()) continue;
      const found = judge(path.basename(line), fs.readFileSync(full, 'utf8'));
      if (found) add(into, pkg, found);
    }
  }
  return read;
}

/** Downloaded packages, each unpacked on its own. */
function fromDebs(dir: string, into: Map<string, PackageUnit[]>): string[] {
  if (!fs.existsSync(dir)) return [];
  const read: string[] = [];
  const debs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.deb'))
    .sort();
  for (const deb of debs) {
    const file = path.join(dir, deb);
    const pkg = execFileSync('dpkg-deb', ['-f', file, 'Package'], { encoding: 'utf8' }).trim();
    read.push(pkg);
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-pkg-'));
    try {
      execFileSync('dpkg-deb', ['-x', file, tree]);
      for (const d of UNIT_DIRS) {
        const unitDir = path.join(tree, d);
        if (!fs.existsSync(unitDir)) continue;
        for (const name of fs.readdirSync(unitDir).sort()) {
          const full = path.join(unitDir, name);
          if (fs.lstatSync(full).isSymbolicLink() || !fs.statSync(full).isFile()) continue;
          const found = judge(name, fs.readFileSync(full, 'utf8'));
          if (found) add(into, pkg, found);
        }
      }
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  }
  return read;
}

function generate(): PackageSandboxData {
  const data: PackageSandboxData = { packagesRead: {}, releases: {} };
  for (const suite of SUITES) {
    const chroot = path.join(ROOT, suite);
    if (!fs.existsSync(path.join(chroot, '.sct-chroot')))
      throw new Error(`${chroot}: no chroot (run .ci/chroots-setup.sh)`);
    const found = new Map<string, PackageUnit[]>();
    const installed = fromChroot(chroot, found);
    const downloaded = fromDebs(path.join(ROOT, 'security-debs', suite, 'debs'), found);
    if (downloaded.length === 0)
      throw new Error(`${suite}: no downloaded packages (run .ci/security-differential.sh first)`);
    data.packagesRead[suite] = new Set([...installed, ...downloaded]).size;
    data.releases[suite] = Object.fromEntries(
      [...found.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([pkg, units]) => [pkg, units.sort((a, b) => a.unit.localeCompare(b.unit))]),
    );
  }
  return data;
}

function main(): void {
  const text = `${JSON.stringify(generate(), null, 1)}\n`;
  if (process.argv.includes('--check')) {
    const now = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (now !== text) {
      console.error(
        `${path.relative(process.cwd(), OUT)} is not what the packages give: run node ` +
          `out/scripts/gen-package-sandbox.js`,
      );
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), OUT)}: up to date`);
    return;
  }
  fs.writeFileSync(OUT, text);
  const data = JSON.parse(text) as PackageSandboxData;
  for (const suite of SUITES) {
    console.log(
      `${suite}: ${data.packagesRead[suite]} packages read, ${Object.keys(data.releases[suite]).length} ship such a ` +
        `service`,
    );
  }
}

main();
