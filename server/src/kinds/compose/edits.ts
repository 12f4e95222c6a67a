/**
 * Text edits on a compose file that keep its style: the indentation of the service's keys and of
 * block sequence items (`- ` under or beside the key), flow (`[a, b]`, `{k: v}`) versus block
 * collections, the quoting of neighbouring values, and the file's line ending. Edits are built
 * against the original text; insertions at the same point are merged into one edit so every
 * client applies them in the same order.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Position, Range, TextEdit } from '../../core/types';
import type { ComposeFile, ComposeService } from './model';

type Quote = '' | "'" | '"';

export class ComposeEditor {
  constructor(readonly file: ComposeFile) {}

  get eol(): string {
    return this.file.lines.eol;
  }

  pos(offset: number): Position {
    return this.file.lines.positionAt(offset);
  }

  /** Line of the last character of a node. */
  lastLine(node: Node): number {
    const r = node.range!;
    return this.pos(Math.max(r[0], r[1] - 1)).line;
  }

  endOfLine(line: number): Position {
    return { line, character: this.file.lines.lineText(line).length };
  }

  /** How far block sequence items are indented from their key (`volumes:` → `  - x`), as the file does it. */
  sequenceIndent(): { dash: number; gap: number } {
    const found = findBlockSequence(this.file.doc.contents as Node | null, this.file);
    return found ?? { dash: 2, gap: 1 };
  }

  /** Quote of most scalar values of the service (`image: 'x'` files get quoted insertions). */
  quoteOf(service: ComposeService): Quote {
    let single = 0;
    let double = 0;
    let plain = 0;
    for (const p of service.own.values()) {
      const v = p.value as Node | null;
      if (!isScalar(v) || typeof v.value !== 'string') continue;
      if (v.type === 'QUOTE_SINGLE') single++;
      else if (v.type === 'QUOTE_DOUBLE') double++;
      else plain++;
    }
    if (single > plain && single >= double) return "'";
    if (double > plain && double > single) return '"';
    return '';
  }

  /** Column of the service's keys. */
  keyColumn(service: ComposeService): number {
    const first = service.map?.items.find((p) => isPair(p));
    if (first && (first.key as Node | null)?.range) return this.pos((first.key as Node).range![0]).character;
    return service.keyRange.start.character + this.mapIndent();
  }

  /** Indentation step of mappings (`services:` → its keys). */
  mapIndent(): number {
    const services = this.file.servicesMap;
    const first = services?.items.find((p) => isPair(p));
    const servicesKeyLine = first && (first.key as Node).range ? this.pos((first.key as Node).range![0]) : undefined;
    if (servicesKeyLine && servicesKeyLine.character > 0) return servicesKeyLine.character;
    return 2;
  }

  /** The position after which a new key of the service goes (end of its last line). */
  serviceEnd(service: ComposeService): Position {
    const map = service.map;
    if (!map || map.items.length === 0) return this.endOfLine(service.keyRange.start.line);
    const last = map.items[map.items.length - 1] as Pair;
    const node = (last.value as Node | null) ?? (last.key as Node);
    return this.endOfLine(this.lastLine(node));
  }

  quote(value: string, q: Quote): string {
    if (q === "'") return `'${value.replace(/'/g, "''")}'`;
    if (q === '"') return `"${value.replace(/["\\]/g, '\\$&')}"`;
    return needsQuotes(value) ? `'${value.replace(/'/g, "''")}'` : value;
  }

  /** Lines for a new key (a scalar or a block list) at the service's indentation, to insert at serviceEnd. */
  keyLines(service: ComposeService, key: string, value: string | string[], itemQuote?: Quote): string {
    const q = this.quoteOf(service);
    const col = this.keyColumn(service);
    const indent = ' '.repeat(col);
    if (typeof value === 'string') return `${this.eol}${indent}${key}: ${this.quote(value, q)}`;
    const { dash, gap } = this.sequenceIndent();
    return (
      `${this.eol}${indent}${key}:` +
      value
        .map((v) => `${this.eol}${' '.repeat(col + dash)}-${' '.repeat(gap)}${this.quote(v, itemQuote ?? q)}`)
        .join('')
    );
  }

  /** Text that appends items to a sequence (block: new lines like the existing items; flow: `, item`). */
  appendToSequence(seq: YAMLSeq, items: string[]): TextEdit {
    const q = quoteOfItems(seq);
    if (seq.flow) {
      const end = seq.range![1];
      const close = this.file.text.lastIndexOf(']', end);
      const inner = this.file.text.slice(seq.range![0] + 1, close).trim();
      const text = (inner ? ', ' : '') + items.map((v) => this.quote(v, q)).join(', ');
      const at = this.pos(close);
      return { range: { start: at, end: at }, newText: text };
    }
    const first = seq.items[0] as Node;
    const last = seq.items[seq.items.length - 1] as Node;
    const firstPos = this.pos(first.range![0]);
    const lineText = this.file.lines.lineText(firstPos.line);
    const dashCol = lineText.lastIndexOf('-', firstPos.character);
    const gap = Math.max(1, firstPos.character - dashCol - 1);
    const end = this.endOfLine(this.lastLine(last));
    return {
      range: { start: end, end },
      newText: items.map((v) => `${this.eol}${' '.repeat(dashCol)}-${' '.repeat(gap)}${this.quote(v, q)}`).join(''),
    };
  }

  /** Add `key: value` pairs to a mapping (block: new lines at its key column; flow: `, k: v`). */
  appendToMap(map: YAMLMap, pairs: [string, string][]): TextEdit {
    if (map.flow) {
      const close = this.file.text.lastIndexOf('}', map.range![1]);
      const inner = this.file.text.slice(map.range![0] + 1, close).trim();
      const at = this.pos(close);
      return {
        range: { start: at, end: at },
        newText: (inner ? ', ' : '') + pairs.map(([k, v]) => `${k}: ${this.quote(v, '')}`).join(', '),
      };
    }
    const first = map.items[0] as Pair;
    const col = this.pos((first.key as Node).range![0]).character;
    const last = map.items[map.items.length - 1] as Pair;
    const end = this.endOfLine(this.lastLine(((last.value as Node | null) ?? last.key) as Node));
    const q =
      isScalar(first.value) && (first.value as Scalar).type === 'QUOTE_DOUBLE'
        ? '"'
        : isScalar(first.value) && (first.value as Scalar).type === 'QUOTE_SINGLE'
          ? "'"
          : '';
    return {
      range: { start: end, end },
      newText: pairs.map(([k, v]) => `${this.eol}${' '.repeat(col)}${k}: ${this.quote(v, q)}`).join(''),
    };
  }

  /** Replace a scalar's text, keeping its quotes. */
  replaceScalar(node: Scalar, value: string): TextEdit {
    const q: Quote = node.type === 'QUOTE_SINGLE' ? "'" : node.type === 'QUOTE_DOUBLE' ? '"' : '';
    return { range: this.rangeOf(node), newText: this.quote(value, q) };
  }

  rangeOf(node: Node): Range {
    return { start: this.pos(node.range![0]), end: this.pos(node.range![1]) };
  }

  /** Delete an item of a sequence; when it is the only one, delete the whole `key:` pair. */
  deleteItem(pair: Pair, seq: YAMLSeq, item: Node): TextEdit {
    if (seq.items.length === 1)
      return this.deleteLines(this.pos((pair.key as Node).range![0]).line, this.lastLine(seq));
    if (seq.flow) {
      const index = seq.items.indexOf(item as never);
      const start = item.range![0];
      const next = seq.items[index + 1] as Node | undefined;
      const prev = seq.items[index - 1] as Node | undefined;
      const range = next
        ? { start: this.pos(start), end: this.pos(next.range![0]) }
        : { start: this.pos(prev!.range![1]), end: this.pos(item.range![1]) };
      return { range, newText: '' };
    }
    return this.deleteLines(this.pos(item.range![0]).line, this.lastLine(item));
  }

  /** Delete whole lines `from`..`to`. */
  deleteLines(from: number, to: number): TextEdit {
    const lines = this.file.lines;
    if (to + 1 < lines.lineCount)
      return { range: { start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } }, newText: '' };
    const start = from > 0 ? this.endOfLine(from - 1) : { line: 0, character: 0 };
    return { range: { start, end: this.endOfLine(to) }, newText: '' };
  }
}

/** Merge insertions at the same position (in order) so clients apply them identically. */
export function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const empty = e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character;
    const same =
      empty &&
      out.find(
        (o) =>
          o.range.start.line === e.range.start.line &&
          o.range.start.character === e.range.start.character &&
          o.range.end.line === o.range.start.line &&
          o.range.end.character === o.range.start.character,
      );
    if (same) same.newText += e.newText;
    else out.push({ range: e.range, newText: e.newText });
  }
  return out;
}

function quoteOfItems(seq: YAMLSeq): Quote {
  const first = seq.items.find((i) => isScalar(i)) as Scalar | undefined;
  if (!first) return '';
  return first.type === 'QUOTE_SINGLE' ? "'" : first.type === 'QUOTE_DOUBLE' ? '"' : '';
}

/** Plain YAML scalars that would not read back as the same string. */
function needsQuotes(value: string): boolean {
  return (
    value === '' ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) ||
    /: |\s#/.test(value) ||
    /\s$/.test(value) ||
    /^(true|false|yes|no|on|off|null|~|[-+]?\d[\d._]*)$/i.test(value)
  );
}

/** The first block sequence under a key: where its dash sits relative to the key, and the gap after it. */
function findBlockSequence(node: Node | null, file: ComposeFile): { dash: number; gap: number } | undefined {
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const v = p.value as Node | null;
      if (isSeq(v) && !v.flow && v.items.length && (p.key as Node | null)?.range) {
        const keyCol = file.lines.positionAt((p.key as Node).range![0]).character;
        const item = v.items[0] as Node;
        if (item.range) {
          const at = file.lines.positionAt(item.range[0]);
          const text = file.lines.lineText(at.line);
          const dash = text.lastIndexOf('-', at.character);
          if (dash >= 0 && text.slice(0, dash).trim() === '')
            return { dash: dash - keyCol, gap: Math.max(1, at.character - dash - 1) };
        }
      }
      const inner = findBlockSequence(v, file);
      if (inner) return inner;
    }
  }
  return undefined;
}
