/**
 * Podman's own Quadlet test files (../shared/external/podman-quadlet/<tag>/quadlet, read in place)
 * as cases: each file with what Podman's test (quadlet_test.go) puts beside it — the dependency
 * files of its "with dependencies" table and its drop-in directories. A case is judged alone, by
 * the real generator and by us, on exactly the same files.
 */
import * as fs from 'fs';
import * as path from 'path';

export const QUADLET_EXTENSIONS = [
  '.container',
  '.volume',
  '.network',
  '.kube',
  '.image',
  '.build',
  '.pod',
  '.artifact',
];

export interface QuadletCase {
  /** The file judged. */
  name: string;
  /** Every file of the set, by path relative to the unit directory (drop-ins under `<name>.d/`). */
  files: Record<string, string>;
  /** How to name the case in a report (a fuzz mutant: its number and origin). */
  label?: string;
}

/** ../shared/external/podman-quadlet beside the project (or SCT_PODMAN_QUADLET_DIR). */
export function podmanQuadletDir(): string {
  const candidates = [
    process.env.SCT_PODMAN_QUADLET_DIR,
    path.resolve(__dirname, '../../../../shared/external/podman-quadlet'),
    path.resolve(process.cwd(), '../shared/external/podman-quadlet'),
  ];
  for (const c of candidates) if (c && fs.existsSync(path.join(c, 'LICENSE'))) return c;
  throw new Error(
    'Podman Quadlet test files not found: expected ../shared/external/podman-quadlet (or set SCT_PODMAN_QUADLET_DIR)',
  );
}

/** quadlet_test.go's dependency table: tested file → files written beside it. */
export function dependencyTable(testGo: string): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const start = testGo.indexOf('success test case with dependencies');
  if (start < 0) return table;
  const entry = /Entry\(\s*"[^"]*",\s*"([^"]+)",\s*\[\]string\{([^}]*)\}/g;
  entry.lastIndex = start;
  for (let m = entry.exec(testGo); m; m = entry.exec(testGo)) {
    table.set(
      m[1],
      [...m[2].matchAll(/"([^"]+)"/g)].map((d) => d[1]),
    );
  }
  return table;
}

/** The files quadlet_test.go runs as a test case of its own (the others are only written beside one). */
export function testedFiles(testGo: string): Set<string> {
  return new Set([...testGo.matchAll(/Entry\(\s*"[^"]*",\s*"([^"]+)"/g)].map((m) => m[1]));
}

/** `name@instance.ext` → `name@.ext` (the template a drop-in directory may belong to). */
export function genericTemplateName(name: string): string | undefined {
  const m = /^([^@]+)@[^.]+(\..+)$/.exec(name);
  return m ? `${m[1]}@${m[2]}` : undefined;
}

function addDropins(dir: string, unitName: string, files: Record<string, string>): void {
  for (const d of [unitName, genericTemplateName(unitName)]) {
    if (!d) continue;
    const dropins = path.join(dir, `${d}.d`);
    if (!fs.existsSync(dropins) || !fs.statSync(dropins).isDirectory()) continue;
    for (const f of fs.readdirSync(dropins).sort())
      files[`${d}.d/${f}`] = fs.readFileSync(path.join(dropins, f), 'utf8');
  }
}

/** Every Quadlet file of a release's test directory as a case. */
export function loadSuite(tag: string): QuadletCase[] {
  const root = path.join(podmanQuadletDir(), tag);
  const dir = path.join(root, 'quadlet');
  const deps = dependencyTable(fs.readFileSync(path.join(root, 'quadlet_test.go'), 'utf8'));
  const cases: QuadletCase[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!QUADLET_EXTENSIONS.includes(path.extname(name))) continue;
    if (!fs.statSync(path.join(dir, name)).isFile()) continue;
    const files: Record<string, string> = {};
    for (const n of [name, ...(deps.get(name) ?? [])]) {
      files[n] = fs.readFileSync(path.join(dir, n), 'utf8');
      addDropins(dir, n, files);
    }
    cases.push({ name, files });
  }
  return cases;
}
