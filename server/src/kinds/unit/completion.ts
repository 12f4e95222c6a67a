/**
 * Completion for unit-like files, transport-free and without I/O: sections of the file type,
 * keys of the section, values of booleans and closed lists, unit names in dependency keys (from
 * the names the caller knows in the workspace, plus systemd's special units), `%` specifiers.
 */
import type { CompletionItem, Position, Range } from 'vscode-languageserver-types';
import { CompletionItemKind, CompletionItemTag, InsertTextFormat } from '../../core/lspValues';
import { keysIn, lookupKey, sectionKeys, sectionsFor, type Directive } from './knowledge/directives';
import {
  entryAtLine,
  isQuadletType,
  manPageUrl,
  openUnitDocument,
  sectionAtLine,
  sectionManPage,
  type UnitDocument,
} from './document';
import { directiveMarkdown, type ShownTargets } from './hover';
import { canonicalSection, isOwnQuadletGroup, judgedQuadletRelease, undocumentedQuadletKey } from './classify';
import { quadletDeprecation, quadletGroupKeys } from '../../knowledge/quadletKeys';
import { releaseKeys, releaseNote } from './knowledge/releases';
import { newestSystemd } from '../../core/targetVersions';
import { SPECIFIERS } from './specifiers';
import { effectiveType } from './values';

/** Keys whose values are unit names (the database types most of them as lists of unit names). */
const UNIT_NAME_KEYS = new Set(['BindsTo', 'PartOf', 'Upholds', 'JoinsNamespaceOf', 'Unit', 'Service']);

/** systemd.special(7) (systemd 257): the special units people name in dependencies and [Install]. */
export const SPECIAL_UNITS = [
  'basic.target',
  'default.target',
  'emergency.target',
  'getty.target',
  'graphical.target',
  'local-fs.target',
  'local-fs-pre.target',
  'machines.target',
  'multi-user.target',
  'network.target',
  'network-online.target',
  'network-pre.target',
  'nss-lookup.target',
  'paths.target',
  'remote-fs.target',
  'rescue.target',
  'shutdown.target',
  'sockets.target',
  'sysinit.target',
  'time-sync.target',
  'time-set.target',
  'timers.target',
  'dbus.service',
  'dbus.socket',
  'system.slice',
  'user.slice',
  'machine.slice',
];

function rangeOn(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function sectionItems(doc: UnitDocument, line: number, start: number, end: number): CompletionItem[] {
  return sectionsFor(doc.fileType).map((s) => {
    const page = sectionManPage(doc.fileType, s);
    return {
      label: `[${s}]`,
      kind: CompletionItemKind.Module,
      detail: page,
      documentation: {
        kind: 'markdown',
        value:
          `Section **[${s}]** of ${doc.fileType} files: ${keysIn(doc.fileType, s).length} ` +
          `keys.\n\n[${page}](${manPageUrl(page)})`,
      },
      insertText: `[${s}]`,
      textEdit: { range: rangeOn(line, start, end), newText: `[${s}]` },
      filterText: `[${s}]`,
    };
  });
}

/**
 * The keys a hand-written unit of each section almost always sets, first in the list when a
 * prefix matches several keys equally ("ExecS" offers ExecStart before ExecSearchPath): the
 * skeleton of the examples in systemd.service(5), systemd.unit(5), systemd.socket(5),
 * systemd.timer(5) and podman-systemd.unit(5).
 */
const COMMON_KEYS: Record<string, readonly string[]> = {
  Unit: ['Description', 'After', 'Wants', 'Requires', 'Before', 'Documentation', 'ConditionPathExists'],
  Service: [
    'ExecStart',
    'Type',
    'Restart',
    'User',
    'Group',
    'Environment',
    'EnvironmentFile',
    'WorkingDirectory',
    'ExecStop',
    'ExecReload',
    'ExecStartPre',
    'RestartSec',
    'TimeoutStartSec',
  ],
  Install: ['WantedBy', 'RequiredBy', 'Alias'],
  Socket: ['ListenStream', 'ListenDatagram', 'Accept'],
  Timer: ['OnCalendar', 'OnBootSec', 'OnUnitActiveSec', 'Persistent', 'Unit'],
  Container: ['Image', 'ContainerName', 'Exec', 'PublishPort', 'Volume', 'Environment', 'Network'],
};

/**
 * Sort order of a key: common keys in their order, then the others; already-set single-valued and deprecated keys last.
 */
function keySortText(section: string, name: string, alreadySet: boolean, deprecated: boolean): string {
  if (deprecated) return `3${name}`;
  if (alreadySet) return `2${name}`;
  const rank = COMMON_KEYS[section]?.indexOf(name) ?? -1;
  return rank >= 0 ? `0${String(rank).padStart(2, '0')}${name}` : `1${name}`;
}

/** A key offered for the target release, and whether that release only tolerates it (deprecated, removed). */
interface Offered {
  directive: Directive;
  deprecated: boolean;
  /** "systemd 252", "Podman 5.4": whose key list offered it. */
  judge?: string;
}

/**
 * The keys of a section the target release knows: a Quadlet group's from that Podman's generator
 * (documented or not), a section systemd reads from that systemd's own table (the man pages give
 * the text; aliases it reads but nobody should write are left out); other sections as documented.
 */
function offeredKeys(doc: UnitDocument, sectionName: string, targets: ShownTargets): Offered[] {
  const section = canonicalSection(doc, sectionName);
  if (isQuadletType(doc.fileType) && isOwnQuadletGroup(doc, section)) {
    const release = judgedQuadletRelease(doc);
    const documented = sectionKeys(doc.fileType, section);
    return quadletGroupKeys(release, section).map((name) => {
      const directive = documented?.get(name) ?? undocumentedQuadletKey(section, name, release);
      const deprecated = !!directive.deprecated || !!quadletDeprecation(release, name);
      return { directive, deprecated, judge: `Podman ${release}` };
    });
  }
  const release = targets.systemd?.release ?? newestSystemd();
  const accepted = releaseKeys(release, section);
  const documented = keysIn(doc.fileType, section);
  if (!accepted) return documented.map((d) => ({ directive: d, deprecated: !!d.deprecated }));
  return documented
    .filter((d) => accepted.has(d.name))
    .map((d) => {
      const deprecated = !!d.deprecated || !!releaseNote(release, section, d.name);
      return { directive: d, deprecated, judge: `systemd ${release}` };
    });
}

function keyItems(
  doc: UnitDocument,
  section: string,
  line: number,
  start: number,
  end: number,
  targets: ShownTargets,
): CompletionItem[] {
  const present = new Set(
    doc.unit.sections.filter((s) => s.name === section).flatMap((s) => s.entries.map((e) => e.key)),
  );
  // podman-systemd.unit(5), "Enabling unit files": "only the Alias, WantedBy and RequiredBy keys are supported"
  // (DefaultInstance= for templates, "Template files")
  const quadletInstall = isQuadletType(doc.fileType) && section === 'Install';
  const installKeys = ['Alias', 'WantedBy', 'RequiredBy', 'DefaultInstance'];
  const offered = offeredKeys(doc, section, targets).filter(
    (o) => !quadletInstall || installKeys.includes(o.directive.name),
  );
  return offered.map(({ directive: d, deprecated, judge }) => {
    const hasValues = effectiveType(d) === 'boolean' || (d.values?.length ?? 0) > 0 || d.type === 'unitList';
    const item: CompletionItem = {
      label: d.name,
      kind: CompletionItemKind.Property,
      detail: `[${section}] · ${d.manPage}${judge ? ` · ${judge}` : ''}${deprecated ? ' · deprecated' : ''}`,
      documentation: { kind: 'markdown', value: directiveMarkdown(d) },
      insertText: `${d.name}=`,
      textEdit: { range: rangeOn(line, start, end), newText: `${d.name}=` },
      sortText: keySortText(section, d.name, present.has(d.name) && !d.multiple, deprecated),
    };
    if (deprecated) item.tags = [CompletionItemTag.Deprecated];
    if (hasValues) item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
    return item;
  });
}

function valueItem(
  label: string,
  detail: string,
  range: Range,
  kind: CompletionItemKind = CompletionItemKind.Value,
): CompletionItem {
  return { label, kind, detail, insertText: label, textEdit: { range, newText: label } };
}

function valueItems(
  doc: UnitDocument,
  d: Directive | undefined,
  key: string,
  range: Range,
  workspaceUnitNames: readonly string[],
): CompletionItem[] {
  const out: CompletionItem[] = [];
  if (d) {
    const type = effectiveType(d);
    if (type === 'boolean') for (const v of ['yes', 'no']) out.push(valueItem(v, `${d.name}= boolean`, range));
    for (const v of d.values ?? []) {
      const placeholder = v.indexOf('<');
      const label = placeholder >= 0 ? v.slice(0, placeholder) : v;
      if (label && !out.some((i) => i.label === label))
        out.push(valueItem(label, `${d.name}= · ${d.manPage}`, range, CompletionItemKind.EnumMember));
    }
    if (type === 'timespan') for (const v of ['infinity']) out.push(valueItem(v, `${d.name}= time span`, range));
  }
  if ((d?.type === 'unitList' || UNIT_NAME_KEYS.has(key)) && !isQuadletOwnRef(doc, key)) {
    const names = new Set<string>();
    for (const n of workspaceUnitNames) {
      // a Quadlet file is known to systemd by the service it becomes
      const m = /^(.*)\.(container|kube)$/.exec(n);
      names.add(m ? `${m[1]}.service` : n);
    }
    for (const n of names) out.push(valueItem(n, 'unit in the workspace', range, CompletionItemKind.Reference));
    for (const n of SPECIAL_UNITS)
      if (!names.has(n))
        out.push({ ...valueItem(n, 'systemd.special(7)', range, CompletionItemKind.Reference), sortText: `1${n}` });
  }
  if (isQuadletType(doc.fileType)) {
    // Quadlet references to other Quadlet files (podman-systemd.unit(5): "Network=foo.network", "Volume=foo.volume:…",
    // "Pod=foo.pod", "Image=foo.image")
    const ext: Record<string, string[]> = {
      Network: ['.network'],
      Volume: ['.volume'],
      Pod: ['.pod'],
      Image: ['.image', '.build'],
    };
    for (const e of ext[key] ?? [])
      for (const n of workspaceUnitNames)
        if (n.endsWith(e)) out.push(valueItem(n, 'Quadlet file in the workspace', range, CompletionItemKind.Reference));
  }
  return out;
}

/** Keys of Quadlet's own sections that name Quadlet files rather than units. */
function isQuadletOwnRef(doc: UnitDocument, key: string): boolean {
  return isQuadletType(doc.fileType) && ['Network', 'Volume', 'Pod', 'Image'].includes(key);
}

function specifierItems(range: Range): CompletionItem[] {
  return SPECIFIERS.map((s) => ({
    label: `%${s.letter}`,
    kind: CompletionItemKind.Variable,
    detail: s.meaning,
    documentation: {
      kind: 'markdown',
      value: `${s.details}\n\n[systemd.unit(5)](${manPageUrl('systemd.unit(5)')}), "Specifiers"`,
    },
    insertText: `%${s.letter}`,
    textEdit: { range, newText: `%${s.letter}` },
    insertTextFormat: InsertTextFormat.PlainText,
  }));
}

/**
 * Completion items at `position`. `workspaceUnitNames` are the unit and Quadlet file names the
 * caller knows (`web.service`, `db.container`, `net.network` …); nothing is read here.
 */
export function unitCompletion(
  path: string,
  text: string,
  position: Position,
  workspaceUnitNames: readonly string[] = [],
  targets: ShownTargets = {},
): CompletionItem[] {
  const doc = openUnitDocument(path, text);
  if (!doc) return [];
  // the keys offered are those of the release the file is judged for
  if (doc.kind === 'quadlet' && targets.podman) doc.podmanVersion = targets.podman.release;
  const line = position.line;
  if (line >= doc.unit.lines.lineCount) return [];
  const lineText = doc.unit.lines.lineText(line);
  const col = Math.min(position.character, lineText.length);
  const before = lineText.slice(0, col);
  if (/^\s*[#;]/.test(lineText)) return [];

  // a continuation line belongs to the value of the entry above
  const entry = entryAtLine(doc.unit, line);
  const inValue = entry && (entry.firstLine < line || before.includes('='));
  if (!inValue) {
    const header = /^(\s*)\[([^\]]*)$/.exec(before);
    if (header) {
      const close = lineText.indexOf(']', col);
      return sectionItems(doc, line, header[1].length, close >= 0 ? close + 1 : lineText.length);
    }
    const word = /^(\s*)([A-Za-z0-9_-]*)$/.exec(before);
    if (!word) return [];
    const section = sectionAtLine(doc.unit, line);
    const start = word[1].length;
    const eq = lineText.indexOf('=', col);
    const end = eq >= 0 ? eq + 1 : col + (/^[A-Za-z0-9_-]*/.exec(lineText.slice(col))?.[0].length ?? 0);
    if (!section) return sectionItems(doc, line, start, end);
    return keyItems(doc, section.name, line, start, end, targets);
  }

  // in a value
  const key = entry!.key;
  const directive = entry!.section ? lookupKey(doc.fileType, entry!.section, key) : undefined;
  const spec = /%[A-Za-z%]?$/.exec(before);
  if (spec && doc.kind !== 'nspawn') return specifierItems(rangeOn(line, col - spec[0].length, col));
  const valueStart = entry!.firstLine === line ? lineText.indexOf('=') + 1 : 0;
  const list = directive?.multiple || directive?.type === 'unitList' || UNIT_NAME_KEYS.has(key);
  const wordStart = list
    ? Math.max(valueStart, before.search(/\S*$/))
    : valueStart + (lineText.slice(valueStart).length - lineText.slice(valueStart).trimStart().length);
  const after = lineText.slice(col);
  const wordEnd = col + (list ? (/^\S*/.exec(after)?.[0].length ?? 0) : after.trimEnd().length);
  return valueItems(doc, directive, key, rangeOn(line, Math.min(wordStart, col), wordEnd), workspaceUnitNames);
}
