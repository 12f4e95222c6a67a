/**
 * Mutations of real unit files for the differential test, reproducible (a fixed seed): a key
 * deleted, renamed to a key of another release or section, moved to another section,
 * misspelt, given a bad value; a section misspelt or invented; a random key of any release
 * added, or one a release only tolerates (removed and ignored, obsolete, deprecated). Unit types no package ships
 * (.swap) start from a minimal skeleton.
 */
import { releaseKeys, tableReleases, toleratedKeys } from '../../server/src/kinds/unit/knowledge/releases';
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';
// The fuzz tests' seeded generator: a seed makes the same mutants again.
import { prng as rng } from '../../test/fuzz/mutate';

export interface Mutant {
  name: string;
  origin: string;
  text: string;
}

const SKELETONS: Record<string, string> = {
  swap:
    '[Unit]\nDescription=Swap ' +
    'skeleton\n\n[Swap]\nWhat=/dev/sct-probe\nPriority=5\n\n[Install]\nWantedBy=swap.target\n',
  automount:
    '[Unit]\nDescription=Automount ' +
    'skeleton\n\n[Automount]\nWhere=/mnt/sct\nTimeoutIdleSec=10\n\n[Install]\nWantedBy=local-fs.target\n',
};

const SECTIONS = ['Unit', 'Service', 'Socket', 'Mount', 'Automount', 'Swap', 'Timer', 'Path', 'Slice', 'Install'];

/** Every key of every section of every release: the pool renamed and added keys come from. */
function keyPool(): string[] {
  const keys = new Set<string>();
  for (const r of tableReleases()) for (const s of SECTIONS) for (const k of releaseKeys(r, s) ?? []) keys.add(k);
  return [...keys].sort();
}

/** Keys some release accepts only to warn about (removed and ignored, obsolete, deprecated). */
function toleratedPool(): string[] {
  const keys = new Set<string>();
  for (const r of tableReleases()) for (const s of SECTIONS) for (const k of toleratedKeys(r, s)) keys.add(k);
  return [...keys].sort();
}

/** Keys some release has and another lacks, in some section: where releases differ. */
function releaseDiffKeys(): string[] {
  const out = new Set<string>();
  const rs = tableReleases();
  for (const s of SECTIONS) {
    for (const r of rs) {
      for (const k of releaseKeys(r, s) ?? []) if (rs.some((o) => !releaseKeys(o, s)?.has(k))) out.add(k);
    }
  }
  return [...out].sort();
}

export function mutate(
  corpus: { name: string; origin: string; text: string }[],
  count: number,
  seed: number,
): Mutant[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const pool = keyPool();
  const diff = releaseDiffKeys();
  const tolerated = toleratedPool();
  const bases = [
    ...corpus.filter((f) => f.text.length < 20000),
    ...Object.entries(SKELETONS).map(([t, text]) => ({ name: `skeleton.${t}`, origin: 'skeleton', text })),
  ];
  const out: Mutant[] = [];
  for (let i = 0; out.length < count && i < count * 3; i++) {
    const base = pick(bases);
    const type = base.name.slice(base.name.lastIndexOf('.') + 1);
    const lines = base.text.split('\n');
    const unit = parseUnitFile(base.text);
    const entries = unit.entries.filter((e) => e.section !== null);
    const sections = unit.sections.filter((s) => s.name);
    if (!entries.length || !sections.length) continue;
    const entry = pick(entries);
    const kind = Math.floor(random() * 9);
    let what: string;
    switch (kind) {
      case 0: // delete
        lines.splice(entry.firstLine, entry.lastLine - entry.firstLine + 1);
        what = `deleted ${entry.key}=`;
        break;
      case 1: {
        // renamed to a key some release lacks
        const k = pick(diff);
        lines[entry.firstLine] = lines[entry.firstLine].replace(entry.key, k);
        what = `${entry.key}= renamed ${k}=`;
        break;
      }
      case 2: {
        // moved under another section of the file
        const target = pick(sections);
        const moved = lines.slice(entry.firstLine, entry.lastLine + 1);
        lines.splice(entry.firstLine, moved.length);
        const at = lines.findIndex((l) => l.trim() === `[${target.name}]`);
        lines.splice(at + 1, 0, ...moved);
        what = `${entry.key}= moved to [${target.name}]`;
        break;
      }
      case 3: {
        // misspelt: two letters swapped, one dropped, or another case
        const k = entry.key;
        const j = Math.floor(random() * Math.max(1, k.length - 1));
        const variants = [
          k.slice(0, j) + k[j + 1] + k[j] + k.slice(j + 2),
          k.slice(0, j) + k.slice(j + 1),
          k.toLowerCase(),
        ];
        const spelt = pick(variants.filter((v) => v && v !== k && /^[A-Za-z0-9]/.test(v)).concat(`${k}s`));
        lines[entry.firstLine] = lines[entry.firstLine].replace(k, spelt);
        what = `${k}= misspelt ${spelt}=`;
        break;
      }
      case 4: // bad value
        lines[entry.firstLine] = `${entry.key}=@@not a value@@`;
        lines.splice(entry.firstLine + 1, entry.lastLine - entry.firstLine);
        what = `${entry.key}= bad value`;
        break;
      case 5: {
        // a section misspelt or invented
        const s = pick(sections);
        const header = s.headerRange.start.line;
        const name = random() < 0.5 ? s.name.toLowerCase() : `${s.name}x`;
        if (random() < 0.5) lines[header] = `[${name}]`;
        else lines.push('', `[${name}]`, 'Description=x');
        what = `section [${name}]`;
        break;
      }
      case 7: {
        // a key some release only tolerates, with a value, in any section of the file
        const s = pick(sections);
        const k = pick(tolerated);
        const at = lines.findIndex((l) => l.trim() === `[${s.name}]`);
        lines.splice(at + 1, 0, `${k}=1`);
        what = `added ${k}=1 to [${s.name}]`;
        break;
      }
      default: {
        // any key of any release, in any section of the file
        const s = pick(sections);
        const k = pick(random() < 0.5 ? diff : pool);
        const at = lines.findIndex((l) => l.trim() === `[${s.name}]`);
        lines.splice(at + 1, 0, `${k}=`);
        what = `added ${k}= to [${s.name}]`;
      }
    }
    const n = out.length;
    const stem = base.name.includes('@.') ? `mut${n}@` : `mut${n}`;
    out.push({ name: `${stem}.${type}`, origin: `${base.origin}:${base.name} (${what})`, text: lines.join('\n') });
  }
  return out;
}
