/**
 * Our verdict on a Quadlet case beside the real generator's: the case's files are given to the
 * linter as a workspace folder (listDir/readFile), the judged file linted for the same Podman
 * release. "Refused" for us means at least one error; it is on the right line when the error
 * sits on a line the generator's message points at (the key or value it names, or the group
 * header when it names a key that is missing).
 */
import * as path from 'path';
import { lintFile } from '../../server/src/lint';
import type { Finding } from '../../server/src/core/types';
import { parseUnitFile } from '../../server/src/kinds/unit/unitFile';
import type { QuadletCase } from './suite';
import type { QuadletVerdict } from './realQuadlet';

/** Where a case's files sit for the linter (a .network there is a Quadlet file, not networkd's). */
export const CASE_DIR = '/etc/containers/systemd';

export function lintCase(c: QuadletCase, podmanVersion: string): Finding[] {
  const files = new Map(Object.entries(c.files).map(([n, t]) => [path.posix.join(CASE_DIR, n), t]));
  const readFile = (p: string) => files.get(p);
  const listDir = (dir: string) => {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const names = new Set<string>();
    for (const p of files.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    return names.size ? [...names] : undefined;
  };
  return lintFile('quadlet', c.files[c.name], {
    path: path.posix.join(CASE_DIR, c.name),
    readFile,
    listDir,
    podmanVersion,
  });
}

const GROUP_OF: Record<string, string> = {
  '.container': 'Container',
  '.volume': 'Volume',
  '.network': 'Network',
  '.kube': 'Kube',
  '.image': 'Image',
  '.build': 'Build',
  '.pod': 'Pod',
  '.artifact': 'Artifact',
};

const MESSAGE_WORDS: [string, string[]][] = [
  ['range', ['IPRange']],
  ['ranges', ['IPRange']],
  ['gateways', ['Gateway']],
  ['remap', ['RemapUsers', 'RemapUid', 'RemapGid', 'RemapUidSize']],
  ['mapping', ['UserNS', 'UIDMap', 'GIDMap', 'SubUIDMap', 'SubGIDMap']],
  ['uidmap', ['RemapUid']],
  ['gidmap', ['RemapGid']],
  ['source', ['Mount', 'Volume']],
  ['workingdirectory', ['SetWorkingDirectory']],
];

/** The 0-based lines of `text` that a generator message about it points at. */
export function linesOfMessage(message: string, text: string, fileName: string): Set<number> {
  const unit = parseUnitFile(text);
  const lines = new Set<number>();
  const parseLine = /file contains line (\d+):/.exec(message);
  if (parseLine) return new Set([Number(parseLine[1]) - 1]);
  if (/does not start with a group/.test(message)) {
    // the assignments above the first header
    const unitFirst = parseUnitFile(text);
    const first = unitFirst.sections[0]?.headerRange.start.line ?? Infinity;
    return new Set(unitFirst.entries.filter((e) => e.firstLine < first).map((e) => e.firstLine));
  }
  const words = new Set((message.match(/[A-Za-z][\w-]*/g) ?? []).map((w) => w.toLowerCase()));
  // messages that name keys by other words: "gateway or range without subnet", "Remap keys … mapping keys"
  for (const [word, keys] of MESSAGE_WORDS) if (words.has(word)) keys.forEach((k) => words.add(k.toLowerCase()));
  const quoted = [
    ...message.matchAll(
      /'([^']*)'|"([^"]*)"|(?:^|\s)([\w@.-]+\.(?:container|volume|network|pod|image|build|kube|artifact))\b/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
  const group = GROUP_OF[path.extname(fileName)];
  if (/^no \w+( or \w+)? key specified|^neither /.test(message)) {
    // a missing key: the group's header, or a line where the key sits in another section; with
    // no such group, the first section header (or the top of the file)
    for (const s of unit.sections) if (s.name === group) lines.add(s.headerRange.start.line);
    for (const e of unit.entries) if (words.has(e.key.toLowerCase()) && e.section !== group) lines.add(e.firstLine);
    // SetWorkingDirectory=file without File=: the line that asks for the missing key
    for (const e of unit.entries)
      if (e.section === group && words.has(e.value.trim().toLowerCase())) lines.add(e.firstLine);
    if (lines.size === 0) lines.add(unit.sections[0]?.headerRange.start.line ?? 0);
    return lines;
  }
  const unsupported = /unsupported key '([^']+)' in group '([^']+)'/.exec(message);
  for (const e of unit.entries) {
    if (unsupported) {
      if (e.key === unsupported[1] && e.section === unsupported[2]) lines.add(e.firstLine);
      continue;
    }
    const namesKey = words.has(e.key.toLowerCase());
    const namesValue =
      quoted.some((q) => q !== '' && e.value.includes(q)) ||
      [...words].some((w) => w.length > 3 && e.value.split(/[\s:=,]/).includes(w));
    if (namesKey || namesValue) for (let l = e.firstLine; l <= e.lastLine; l++) lines.add(l);
  }
  if (lines.size === 0) {
    // otherwise: the group header (or the top of the file when the group is missing too)
    const headers = unit.sections.filter((s) => s.name === group).map((s) => s.headerRange.start.line);
    if (headers.length) headers.forEach((l) => lines.add(l));
    else lines.add(0);
  }
  return lines;
}

export type Outcome = 'agree-accepted' | 'agree-refused' | 'false-error' | 'missed' | 'wrong-line';

export interface CaseResult {
  name: string;
  /** The judged text (printed for a fuzz mutant that disagrees). */
  text?: string;
  outcome: Outcome;
  ours: Finding[];
  theirs: string | undefined;
  expectedLines: number[];
}

export function compareCase(c: QuadletCase, verdict: QuadletVerdict, podmanVersion: string): CaseResult {
  const ours = lintCase(c, podmanVersion).filter((f) => f.severity === 'error');
  const name = c.label ?? c.name;
  const theirs = verdict.refused.get(c.name);
  if (theirs === undefined)
    return {
      name,
      text: c.files[c.name],
      outcome: ours.length ? 'false-error' : 'agree-accepted',
      ours,
      theirs,
      expectedLines: [],
    };
  const expected = linesOfMessage(theirs, c.files[c.name], c.name);
  const outcome: Outcome =
    ours.length === 0 ? 'missed' : ours.some((f) => expected.has(f.range.start.line)) ? 'agree-refused' : 'wrong-line';
  return { name, text: c.files[c.name], outcome, ours, theirs, expectedLines: [...expected].sort((a, b) => a - b) };
}

/** One line per disagreement: file, line, both verdicts. */
export function describeDisagreement(r: CaseResult, release: string): string {
  const ours = r.ours.map((f) => `line ${f.range.start.line + 1}: ${f.ruleId} ${f.message}`).join(' | ') || 'no error';
  const theirs =
    r.theirs === undefined ? 'accepted' : `refused: ${r.theirs} (line ${r.expectedLines.map((l) => l + 1).join(',')})`;
  return `${r.outcome} ${r.name}: quadlet ${release} ${theirs}; we: ${ours}`;
}
