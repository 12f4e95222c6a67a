/**
 * `node out/scripts/quadlet/generateKeys.js [--check]`: the Quadlet key tables per Podman release,
 * read from the generator's own source (pkg/systemd/quadlet/quadlet.go of each release tag, kept
 * in ../shared/external/podman-quadlet/<tag>/src): which keys each Quadlet group accepts (any
 * other key makes the generator refuse the file: "unsupported key"), and which it marks
 * deprecated. Written to server/src/knowledge/quadletKeys.json, and the releases to the
 * `podmanVersion` setting's choices in package.json (the linter reads its known releases from the
 * tables, so a new release is this one regeneration); regenerating gives the same bytes (--check
 * fails when a committed file differs).
 */
import * as fs from 'fs';
import * as path from 'path';
import { stableJson } from '../directives/stableJson';
import { podmanQuadletDir } from './suite';

/** Podman release (major.minor) → the tag whose source its table is read from. */
export const RELEASE_TAGS: Record<string, string> = { '5.4': 'v5.4.2', '5.8': 'v5.8.2' };
/** Where each release is the packaged Podman (the setting's description of the choice). */
export const RELEASE_DISTRIBUTIONS: Record<string, string> = { '5.4': 'Debian 13 trixie', '5.8': 'Debian sid' };

export const PACKAGE_JSON = path.resolve(__dirname, '../../../package.json');
const SETTING = 'systemdContainerTools.podmanVersion';

/** package.json with the `podmanVersion` setting offering "auto" and every release of the tables. */
export function packageJsonWithReleases(text: string): string {
  const pkg = JSON.parse(text);
  // contributes.configuration is a list of categories (Linting, Build, …): the setting is in one of them.
  const categories: { properties: Record<string, { enum: string[]; enumDescriptions: string[] }> }[] =
    pkg.contributes.configuration;
  const setting = categories.map((c) => c.properties[SETTING]).find((s) => s !== undefined);
  if (!setting) throw new Error(`package.json has no ${SETTING} setting`);
  const releases = Object.keys(RELEASE_TAGS);
  for (const r of releases) if (!RELEASE_DISTRIBUTIONS[r]) throw new Error(`RELEASE_DISTRIBUTIONS lacks ${r}`);
  setting.enum = ['auto', ...releases];
  setting.enumDescriptions = [
    setting.enumDescriptions[0],
    ...releases.map((r) => `Podman ${r} (${RELEASE_DISTRIBUTIONS[r]})`),
  ];
  return JSON.stringify(pkg, null, 2) + '\n';
}

export interface QuadletKeyTable {
  /** Where the table was read from. */
  source: string;
  /** Quadlet group ("Container", "Quadlet" …) → accepted keys, sorted. */
  groups: Record<string, string[]>;
  /** Keys the source marks `// deprecated`, sorted. */
  deprecated: string[];
  /**
   * For groups newer than the man page the directive database is made from (Podman 5.4's):
   * group → key → the first paragraph of its description in the release's podman-systemd.unit(5).
   */
  docs?: Record<string, Record<string, string>>;
}

export const OUTPUT = path.resolve(__dirname, '../../../server/src/knowledge/quadletKeys.json');

/** `KeyImage = "Image" // deprecated` constants: identifier → key name, and the deprecated ones. */
function keyConstants(go: string): { names: Map<string, string>; deprecated: Set<string> } {
  const names = new Map<string, string>();
  const deprecated = new Set<string>();
  for (const m of go.matchAll(/^\s*(Key\w+)\s*=\s*"([^"]+)"[ \t]*(\/\/[^\n]*)?$/gm)) {
    names.set(m[1], m[2]);
    if (m[3] && /\bdeprecated\b/i.test(m[3])) deprecated.add(m[2]);
  }
  return { names, deprecated };
}

/** `XGroup = "X"` constants: identifier → group name. */
function groupConstants(go: string): Map<string, string> {
  const groups = new Map<string, string>();
  for (const m of go.matchAll(/^\s*(\w+Group)\s*=\s*"([^"]+)"/gm)) groups.set(m[1], m[2]);
  return groups;
}

/** The body of the `{ … }` that opens at `open` (balanced braces). */
function block(go: string, open: number): string {
  let depth = 0;
  for (let i = open; i < go.length; i++) {
    if (go[i] === '{') depth++;
    else if (go[i] === '}' && --depth === 0) return go.slice(open + 1, i);
  }
  throw new Error('unbalanced braces in quadlet.go');
}

/**
 * Each `map[string]bool{ Key…: true }` of supported keys and the group it belongs to: named
 * `supportedContainerKeys` (up to 5.4) or the `SupportedKeys` of a `ContainerGroup: {` entry of
 * groupsInfo (5.5 on).
 */
export function readKeyTable(go: string, source: string): QuadletKeyTable {
  const { names, deprecated } = keyConstants(go);
  const groupNames = groupConstants(go);
  const groups: Record<string, string[]> = {};
  for (const m of go.matchAll(/map\[string\]bool\{/g)) {
    const before = go.slice(Math.max(0, m.index! - 300), m.index!);
    const named = /supported(\w+)Keys\s*=\s*$/.exec(before);
    const entries = [...before.matchAll(/(\w+Group):\s*\{/g)];
    const group = named ? named[1] : entries.length ? groupNames.get(entries[entries.length - 1][1]) : undefined;
    if (!group) continue; // some other set of flags
    const body = block(go, m.index! + m[0].length - 1);
    const keys = [...body.matchAll(/(Key\w+):\s*true/g)].map((k) => {
      const name = names.get(k[1]);
      if (!name) throw new Error(`${source}: ${k[1]} has no constant`);
      return name;
    });
    if (!keys.length) continue;
    groups[group] = [...new Set(keys)].sort();
  }
  for (const required of ['Container', 'Volume', 'Network', 'Kube', 'Image', 'Build', 'Pod', 'Quadlet']) {
    if (!groups[required]) throw new Error(`${source}: no supported keys found for [${required}]`);
  }
  const used = new Set(Object.values(groups).flat());
  return { source, groups, deprecated: [...deprecated].filter((k) => used.has(k)).sort() };
}

/**
 * The first paragraph under each `### \`Key=\`` heading of the `## … [Group]` chapter of a
 * podman-systemd.unit.5.md, markdown emphasis and escapes removed.
 */
export function readGroupDocs(markdown: string, group: string): Record<string, string> {
  const chapters = markdown.split(/^## /m);
  const chapter = chapters.find((c) => new RegExp(`^[^\\n]*\\[${group}\\]`).test(c));
  if (!chapter) throw new Error(`podman-systemd.unit.5.md: no chapter for [${group}]`);
  const docs: Record<string, string> = {};
  for (const part of chapter.split(/^### /m).slice(1)) {
    const key = /^`(\w+)=`/.exec(part)?.[1];
    if (!key) continue;
    const paragraph =
      part
        .slice(part.indexOf('\n'))
        .trim()
        .split(/\n\s*\n/)[0] ?? '';
    docs[key] = paragraph
      .replace(/\s+/g, ' ')
      .replace(/\*\*|\\(?=[.*_`-])/g, '')
      .trim();
  }
  return docs;
}

export function generate(): string {
  const dir = podmanQuadletDir();
  const releases: Record<string, QuadletKeyTable> = {};
  let oldest: QuadletKeyTable | undefined;
  for (const [release, tag] of Object.entries(RELEASE_TAGS)) {
    const go = fs.readFileSync(path.join(dir, tag, 'src', 'quadlet.go'), 'utf8');
    const table = readKeyTable(go, `podman ${tag} pkg/systemd/quadlet/quadlet.go`);
    // the directive database has the oldest release's man page; a file type added since gets its text here
    const added = oldest ? Object.keys(table.groups).filter((g) => !oldest!.groups[g]) : [];
    if (added.length) {
      const markdown = fs.readFileSync(path.join(dir, tag, 'src', 'podman-systemd.unit.5.md'), 'utf8');
      table.docs = Object.fromEntries(added.map((g) => [g, readGroupDocs(markdown, g)]));
    }
    releases[release] = table;
    oldest ??= table;
  }
  return stableJson({ releases }, 4) + '\n';
}

if (require.main === module) {
  const pkg = fs.readFileSync(PACKAGE_JSON, 'utf8');
  const outputs: [string, string, string][] = [
    [OUTPUT, generate(), fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : ''],
    [PACKAGE_JSON, packageJsonWithReleases(pkg), pkg],
  ];
  let same = true;
  for (const [file, text, committed] of outputs) {
    if (process.argv.includes('--check')) {
      const ok = committed === text;
      same &&= ok;
      console.log(
        ok ? `${file} is up to date` : `${file} differs from what the generator makes: run it without --check`,
      );
    } else if (committed !== text) {
      fs.writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exitCode = same ? 0 : 1;
}
