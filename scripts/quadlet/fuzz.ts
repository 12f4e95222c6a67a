/**
 * Seeded mutations of Quadlet files for the differential fuzz: keys deleted, renamed to keys of
 * other groups, misspelt, moved to another section, duplicated, and values replaced by ones the
 * generator checks (bad ports, modes, references to files that are not there …). Each mutant
 * keeps the files of its case beside it, so references resolve as they did.
 */
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';
import { quadletReleases } from '../../server/src/knowledge/quadletKeys';
import type { QuadletCase } from './suite';
// The fuzz tests' seeded generator, so a failing mutant can be made again from its seed.
import { prng as random } from '../../test/fuzz/mutate';
// Type only: the same table the linter reads.
import type tablesJson from '../../server/src/knowledge/quadletKeys.json';

/** Values the generator checks somewhere, and plain ones. */
const VALUES = [
  '',
  'none',
  'forking',
  'mixed',
  'control-group',
  'notify',
  'oneshot',
  'process',
  'yes',
  'no',
  'foo',
  '80',
  '80x',
  '8080-8090/tcp',
  'x80/udp',
  'missing.network',
  'basic.network',
  'basic.container',
  'basic.container:ip=10.0.0.2',
  'missing.container',
  'missing.volume:/data',
  'basic.volume:/data:Z',
  'nope.pod',
  'test-pod',
  'missing.image',
  'missing.build',
  'basic.image',
  'basic.build',
  'localhost/imagename',
  '/var/lib/rootfs',
  'type=bind,destination=/x',
  'type=volume,source=,destination=/x',
  'type=bind,src,dst=/x',
  'type=volume,source=missing.volume,destination=/x',
  'type=image,source=missing.image,destination=/x',
  'type=tmpfs,destination=/x',
  'yaml',
  'file',
  'unit',
  'Yaml',
  '/abs/dir',
  'relative/Containerfile',
  'https://example.com/repo.git',
  'keep-id',
  'auto',
  'manual',
  'bogus',
  '1000',
  '0:1000:1',
  '10.0.0.0/24',
  '10.0.0.1',
  '10.0.0.0/28',
  'image',
  'local',
  '/dev/sdb1',
  'btrfs',
  'rw',
  'keep-id:uid=200',
  'missing.container basic.volume',
  'SIGHUP',
  '/bin/reload',
];

interface Tables {
  releases: Record<string, { groups: Record<string, string[]> }>;
}

function allKeys(): { group: string; key: string }[] {
  const json = require('../../server/src/knowledge/quadletKeys.json') as typeof tablesJson as unknown as Tables;
  const seen = new Set<string>();
  const out: { group: string; key: string }[] = [];
  for (const r of quadletReleases()) {
    for (const [group, keys] of Object.entries(json.releases[r].groups)) {
      for (const key of keys) {
        if (seen.has(`${group}/${key}`)) continue;
        out.push({ group, key });
        seen.add(`${group}/${key}`);
      }
    }
  }
  for (const key of ['KillMode', 'Type', 'User', 'WorkingDirectory', 'Requires', 'After', 'Wants'])
    out.push({ group: key === 'Requires' || key === 'After' || key === 'Wants' ? 'Unit' : 'Service', key });
  return out;
}

function misspell(key: string, rnd: () => number): string {
  const i = Math.floor(rnd() * key.length);
  switch (Math.floor(rnd() * 3)) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1) || `${key}x`;
    case 1:
      return i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : `${key}s`;
    default:
      return key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase();
  }
}

/** One mutation of a file's text (undefined when the file offers nothing to mutate). */
export function mutate(text: string, rnd: () => number, keys: { group: string; key: string }[]): string | undefined {
  const unit = parseUnitFile(text);
  const lines = text.split('\n');
  const entries = unit.entries.filter((e) => e.section !== null);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const kind = Math.floor(rnd() * 8);
  if (kind === 7) {
    // syntax: a line that is no assignment, a broken header, a header removed
    const at = Math.floor(rnd() * (lines.length + 1));
    const junk = pick([
      'junk',
      '  "arg 2"',
      '[Container',
      '[Unit]]',
      '=x',
      'Key With Space=1',
      ' Indented=1',
      '-Dash=1',
    ]);
    if (rnd() < 0.2 && unit.sections.length) lines.splice(pick(unit.sections).headerRange.start.line, 1);
    else lines.splice(at, 0, junk);
    return lines.join('\n');
  }
  if (!entries.length || kind === 6) {
    // add a key of some group, under its section (made when missing), with a checked value
    const k = pick(keys);
    const header = unit.sections.find((s) => s.name === k.group);
    const line = `${k.key}=${pick(VALUES)}`;
    if (header) lines.splice(header.headerRange.start.line + 1, 0, line);
    else lines.push(`[${k.group}]`, line);
    return lines.join('\n');
  }
  const e = pick(entries);
  const span = lines.slice(e.firstLine, e.lastLine + 1);
  switch (kind) {
    case 0: // delete
      lines.splice(e.firstLine, e.lastLine - e.firstLine + 1);
      break;
    case 1: // rename to another known key (often one of another group)
      lines[e.firstLine] = lines[e.firstLine].replace(e.key, pick(keys).key);
      break;
    case 2: // misspell
      lines[e.firstLine] = lines[e.firstLine].replace(e.key, misspell(e.key, rnd));
      break;
    case 3: {
      // move to another section
      const other = unit.sections.filter((s) => s.name !== e.section);
      if (!other.length) return undefined;
      lines.splice(e.firstLine, e.lastLine - e.firstLine + 1);
      const target = pick(other).headerRange.start.line;
      const at = target > e.lastLine ? target - (e.lastLine - e.firstLine + 1) : target;
      lines.splice(at + 1, 0, ...span);
      break;
    }
    case 4: // bad value
      lines.splice(e.firstLine, e.lastLine - e.firstLine + 1, `${e.key}=${pick(VALUES)}`);
      break;
    default: // duplicate
      lines.splice(e.lastLine + 1, 0, ...span);
  }
  return lines.join('\n');
}

/** `count` mutants of the suite's files, one to three mutations each, made from `seed`. */
export function mutants(suite: QuadletCase[], count: number, seed: number, release: string): QuadletCase[] {
  const rnd = random(seed ^ Number(release.replace('.', '')));
  const keys = allKeys();
  const out: QuadletCase[] = [];
  for (let i = 0; out.length < count && i < count * 10; i++) {
    const base = suite[Math.floor(rnd() * suite.length)];
    let text: string | undefined = base.files[base.name];
    const times = 1 + Math.floor(rnd() * 3);
    for (let t = 0; t < times && text !== undefined; t++) text = mutate(text, rnd, keys);
    if (text === undefined || text === base.files[base.name]) continue;
    out.push({
      name: base.name,
      files: { ...base.files, [base.name]: text },
      label: `mutant ${out.length} of ${base.name}`,
    });
  }
  return out;
}
