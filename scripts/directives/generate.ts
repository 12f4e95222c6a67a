/**
 * Regenerates server/src/kinds/unit/knowledge/directives.json from Debian's man pages.
 *
 *   npx tsc -p tsconfig.test.json && node out/scripts/directives/generate.js            # pinned versions
 *   npx tsc -p tsconfig.test.json && node out/scripts/directives/generate.js --latest   # the suite's current ones
 *
 * See docs/directive-database.md.
 */
import * as fs from 'node:fs';
import { buildDatabase, databaseJson, PAGE_FILES } from './build';
import { ARCHITECTURE, DATABASE_PATH, debPath, fetchDebs, PACKAGES, readManPages, SUITE } from './debs';

/** The database text for the given package versions, whose .debs must be in the cache. */
export function generate(versions: Record<string, string>): string {
  for (const pkg of PACKAGES) if (!versions[pkg]) throw new Error(`no version for ${pkg}`);
  const debs = PACKAGES.map((pkg) => debPath(pkg, versions[pkg]));
  const missing = debs.filter((d) => !fs.existsSync(d));
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run bash .ci/manpages-setup.sh`);
  const pages = readManPages(debs, PAGE_FILES);
  const packages = Object.fromEntries(PACKAGES.map((p) => [p, versions[p]]));
  return databaseJson(buildDatabase(pages, { suite: SUITE, architecture: ARCHITECTURE, packages }));
}

/** The package versions the committed database records. */
export function pinnedVersions(): Record<string, string> {
  const db = JSON.parse(fs.readFileSync(DATABASE_PATH, 'utf8')) as { debian: { packages: Record<string, string> } };
  return db.debian.packages;
}

if (require.main === module) {
  const latest = process.argv.includes('--latest');
  const versions = fetchDebs(latest);
  const text = generate(versions);
  fs.writeFileSync(DATABASE_PATH, text);
  console.log(
    `wrote ${DATABASE_PATH} from ${Object.entries(versions)
      .map(([p, v]) => `${p} ${v}`)
      .join(', ')}`,
  );
}
