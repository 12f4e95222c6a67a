/**
 * Hover for unit-like files, transport-free: the man page's description of the key under the
 * cursor (type, values, version, deprecation) with a link to the page, a section's page, or
 * the meaning of a `%` specifier.
 */
import type { Hover, Position } from 'vscode-languageserver-types';
import { directiveSource, keysIn, type Directive } from './knowledge/directives';
import { canonicalSection, classifyEntry, isOwnQuadletGroup, ownQuadletGroup } from './classify';
import { quadletTarget } from '../../knowledge/quadletKeys';
import { releaseHasSection, releaseOrigin } from './knowledge/releases';
import type { Target } from './target';
import { newestPodman, newestSystemd } from '../../core/targetVersions';
import { entryAtLine, manPageUrl, openUnitDocument, sectionManPage, type UnitDocument } from './document';
import { specifier } from './specifiers';
import { comparePositions } from '../../../../shared/text';
import type { Range } from '../../core/types';

const TYPE_NAMES: Record<Directive['type'], string> = {
  boolean: 'boolean',
  enum: 'one of a list of values',
  timespan: 'time span (systemd.time(7))',
  integer: 'integer',
  size: 'size in bytes',
  path: 'path',
  unitList: 'list of unit names',
  commandLine: 'command line',
  string: 'string',
};

function within(range: Range, p: Position): boolean {
  return comparePositions(range.start, p) <= 0 && comparePositions(p, range.end) <= 0;
}

function versionNote(manPage: string): string {
  return manPage.startsWith('podman')
    ? `podman ${directiveSource.packages.podman?.split('+')[0] ?? ''}`
    : `systemd ${directiveSource.packages.systemd?.split('-')[0] ?? ''}`;
}

/** The Markdown shown for a directive (hover and completion documentation). */
export function directiveMarkdown(d: Directive): string {
  const facts: string[] = [`Type: ${TYPE_NAMES[d.type]}`];
  if (d.multiple) facts.push('may be repeated (an empty assignment resets the list)');
  if (d.since) facts.push(`since systemd ${d.since}`);
  const lines = [`**${d.name}=** · \`[${d.section}]\` · ${d.manPage}`, '', d.doc, '', facts.join(' · ')];
  if (d.values?.length) lines.push('', `Values: ${d.values.map((v) => `\`${v}\``).join(', ')}`);
  if (d.deprecated)
    lines.push('', `**Deprecated**${d.replacement ? `: use \`${d.replacement}=\`` : ''} (${d.manPage}).`);
  const from = d.origin ?? `${versionNote(d.manPage)} (Debian ${directiveSource.suite})`;
  const url = manPageUrl(d.manPage, d.manPage.startsWith('podman') ? undefined : d.name);
  lines.push('', `[${d.manPage}](${url}) — ${from}`);
  return lines.join('\n');
}

function sectionMarkdown(doc: UnitDocument, section: string): string {
  const page = sectionManPage(doc.fileType, section);
  const count = keysIn(doc.fileType, section).length;
  return [
    `**[${section}]** · ${doc.fileType} file · ${count} keys`,
    '',
    `[${page}](${manPageUrl(page)}) — ${versionNote(page)}`,
  ].join('\n');
}

/** `%i` under the cursor in a value, or undefined. */
function specifierAt(lineText: string, character: number): { letter: string; start: number } | undefined {
  for (let i = Math.max(0, character - 1); i >= Math.max(0, character - 2); i--) {
    if (lineText[i] !== '%') continue;
    // "%%" escapes: count the run of % before i
    let run = 0;
    for (let j = i; j >= 0 && lineText[j] === '%'; j--) run++;
    if (run % 2 === 0 && lineText[i + 1] !== '%') continue;
    const letter = lineText[i + 1];
    if (letter && (letter === '%' || /[A-Za-z]/.test(letter))) return { letter, start: i };
  }
  return undefined;
}

/** The releases a hover names: the linter's choice for the file, and why. */
export interface ShownTargets {
  systemd?: Target<number>;
  podman?: Target<string>;
}

const NEWEST = 'auto: the newest release known';

/** "*Judged for Quadlet of Podman 5.4* (source; why)", or what the target says of a file nothing reads. */
function quadletNote(doc: UnitDocument, podman: Target<string>): string {
  const t = quadletTarget(podman.release, ownQuadletGroup(doc));
  if (t.quadlet) return `\n\n*Judged for Quadlet of Podman ${t.release}* (${t.source}; ${podman.reason}).`;
  const why =
    t.missing === 'quadlet'
      ? `Podman ${t.version} has no Quadlet`
      : `Quadlet of Podman ${t.release} has no .${doc.fileType.slice('quadlet-'.length)} files ` +
        `(from Podman ${t.since} on)`;
  return `\n\n*${why}: nothing reads this file* (${podman.reason}).`;
}

/**
 * `targets`: the releases the file is judged for and why (the linter's choice); a hover in a
 * section systemd reads itself names the systemd release, and the key is looked up in that
 * release's table; one in a Quadlet group names the Podman release whose generator judged it.
 */
export function unitHover(path: string, text: string, position: Position, targets: ShownTargets = {}): Hover | null {
  const doc = openUnitDocument(path, text);
  if (!doc) return null;
  const target = targets.systemd ?? { release: newestSystemd(), reason: NEWEST };
  const podman = targets.podman ?? { release: newestPodman(), reason: NEWEST };
  // classifyEntry judges Quadlet keys by the document's Podman release
  if (doc.kind === 'quadlet') doc.podmanVersion = podman.release;
  const judged = (sectionName: string | null) => {
    if (sectionName === null) return '';
    const section = canonicalSection(doc, sectionName);
    if (doc.kind === 'quadlet' && isOwnQuadletGroup(doc, section)) return quadletNote(doc, podman);
    if (!releaseHasSection(target.release, section)) return '';
    return `\n\n*Judged for systemd ${target.release}* (${releaseOrigin(target.release)}; ${target.reason}).`;
  };
  const section = doc.unit.sections.find((s) => within(s.headerRange, position));
  if (section)
    return {
      contents: { kind: 'markdown', value: sectionMarkdown(doc, section.name) + judged(section.name) },
      range: section.headerRange,
    };
  const entry = entryAtLine(doc.unit, position.line);
  if (!entry) return null;
  if (within(entry.valueRange, position) && doc.kind !== 'nspawn') {
    const s = specifierAt(doc.unit.lines.lineText(position.line), position.character);
    const spec = s && specifier(s.letter);
    if (s && spec) {
      return {
        contents: {
          kind: 'markdown',
          value:
            `**%${spec.letter}** ` +
            `— ${spec.meaning}\n\n${spec.details}\n\n[systemd.unit(5)](${manPageUrl('systemd.unit(5)')}), ` +
            '"Specifiers"',
        },
        range: {
          start: { line: position.line, character: s.start },
          end: { line: position.line, character: s.start + 2 },
        },
      };
    }
  }
  const status = classifyEntry(doc, entry, target.release);
  const note = judged(entry.section);
  if (status.status === 'known')
    return { contents: { kind: 'markdown', value: directiveMarkdown(status.directive) + note }, range: entry.keyRange };
  if (status.status === 'tolerated') {
    const n = status.note;
    const head = `**${entry.key}=** · \`[${entry.section}]\` · ${n.kind} in systemd ${status.release}`;
    const value = [
      head,
      '',
      `systemd ${status.release} says: "${n.message}"`,
      n.replacement ? `\nUse \`${n.replacement}=\`.` : '',
    ].join('\n');
    return {
      contents: {
        kind: 'markdown',
        value: value + (status.directive ? `\n\n---\n\n${directiveMarkdown(status.directive)}` : '') + note,
      },
      range: entry.keyRange,
    };
  }
  if (status.status === 'not-in-release') {
    const when =
      status.firstLater !== undefined
        ? `it arrived in ${status.since ?? `a release after ${status.release} (systemd ${status.firstLater} has it)`}`
        : `systemd ${status.lastEarlier} still read it`;
    return {
      contents: {
        kind: 'markdown',
        value: `**${entry.key}=** · \`[${entry.section}]\` · unknown to systemd ${status.release}: ${when}.${note}`,
      },
      range: entry.keyRange,
    };
  }
  if (status.status === 'unknown' && status.quadlet) {
    const q = status.quadlet;
    const since = q.since ? `: it arrived in Podman ${q.since}` : '';
    const head = `**${entry.key}=** · \`[${entry.section}]\``;
    const value = `${head} · not a key of Quadlet of Podman ${q.release}${since}.${note}`;
    return { contents: { kind: 'markdown', value }, range: entry.keyRange };
  }
  if (status.status === 'legacy') {
    const l = status.legacy;
    const value = [
      `**${entry.key}=** · \`[${entry.section}]\` · legacy`,
      '',
      `${l.note[0].toUpperCase()}${l.note.slice(1)}.`,
      l.replacement
        ? `\nUse \`${l.replacement.key}=${l.replacement.value ?? ''}\`` +
          (l.replacement.section ? ` in [${l.replacement.section}]` : '') +
          '.'
        : '',
      '',
      `Source: ${l.source}`,
    ].join('\n');
    return { contents: { kind: 'markdown', value }, range: entry.keyRange };
  }
  return null;
}
