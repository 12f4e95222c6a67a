/**
 * Text edits on devcontainer.json that keep its layout: a value appended to a one-line array
 * stays on that line, one appended to a multi-line array gets its own line at the elements'
 * indentation, new properties go after the last one at its indentation, and trailing commas,
 * comments and line endings are kept.
 */
import type { JsonNode } from './jsonc';
import type { Position, TextEdit } from '../../core/types';
import type { DevcontainerFile } from './model';

export class JsonEditor {
  constructor(readonly file: DevcontainerFile) {}

  get eol(): string {
    return this.file.lines.eol;
  }

  private pos(offset: number): Position {
    return this.file.lines.positionAt(offset);
  }

  private insert(offset: number, newText: string): TextEdit {
    const p = this.pos(offset);
    return { range: { start: p, end: p }, newText };
  }

  /** The offset just after a node, and after a comma that follows it (trailing-comma style). */
  private afterWithComma(node: JsonNode): { offset: number; hasComma: boolean } {
    const end = node.offset + node.length;
    const m = /^[ \t]*,/.exec(this.file.text.slice(end));
    return m ? { offset: end + m[0].length, hasComma: true } : { offset: end, hasComma: false };
  }

  /** Containers cut short by a syntax error get no edits (their end is not where the text says). */
  private assertClosed(node: JsonNode): void {
    const close = node.type === 'array' ? ']' : '}';
    if (this.file.text[node.offset + node.length - 1] !== close) throw new Error(`unterminated ${node.type}`);
  }

  private column(node: JsonNode): number {
    return this.pos(node.offset).character;
  }

  /** Append JSON values (already serialised) to an array node. */
  appendToArray(array: JsonNode, values: string[]): TextEdit {
    this.assertClosed(array);
    const items = array.children ?? [];
    const close = array.offset + array.length - 1;
    if (items.length === 0) return this.insert(close, values.join(', '));
    const last = items[items.length - 1];
    const oneLine = this.pos(array.offset).line === this.pos(close).line;
    const { offset, hasComma } = this.afterWithComma(last);
    if (oneLine)
      return hasComma ? this.insert(offset, ` ${values.join(', ')},`) : this.insert(offset, `, ${values.join(', ')}`);
    const indent = ' '.repeat(this.column(last));
    const lines = values.map((v) => `${this.eol}${indent}${v}`);
    return hasComma
      ? this.insert(offset, lines.map((l) => `${l},`).join(''))
      : this.insert(offset, `,${lines.join(',')}`);
  }

  /** Add a property (value already serialised) to an object node, after its last property. */
  addProperty(object: JsonNode, key: string, value: string): TextEdit {
    this.assertClosed(object);
    const props = object.children ?? [];
    const text = `${JSON.stringify(key)}: ${value}`;
    if (props.length === 0) {
      const close = object.offset + object.length - 1;
      const indent = ' '.repeat(this.column(object) + this.indentUnit());
      return this.insert(close, `${this.eol}${indent}${text}${this.eol}${' '.repeat(this.column(object))}`);
    }
    const last = props[props.length - 1];
    const indent = ' '.repeat(this.column(last));
    const { offset, hasComma } = this.afterWithComma(last);
    return hasComma
      ? this.insert(offset, `${this.eol}${indent}${text},`)
      : this.insert(offset, `,${this.eol}${indent}${text}`);
  }

  /** The file's indentation step (from its first indented property line). */
  indentUnit(): number {
    const first = this.file.root?.children?.[0];
    return first ? Math.max(1, this.column(first) - this.column(this.file.root!)) : 2;
  }

  /** Serialise a value as the file would (JSON, with the file's indentation for objects). */
  value(v: unknown, depth: number): string {
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    const unit = ' '.repeat(this.indentUnit());
    const json = JSON.stringify(v, null, this.indentUnit());
    return json
      .split('\n')
      .map((l, i) => (i === 0 ? l : unit.repeat(depth) + l))
      .join(this.eol);
  }

  replace(node: JsonNode, newText: string): TextEdit {
    return { range: { start: this.pos(node.offset), end: this.pos(node.offset + node.length) }, newText };
  }

  /** Delete contiguous elements of an array with the comma that separates them from a neighbour. */
  deleteElements(array: JsonNode, nodes: JsonNode[]): TextEdit {
    this.assertClosed(array);
    const items = array.children ?? [];
    const first = items.indexOf(nodes[0]);
    const last = items.indexOf(nodes[nodes.length - 1]);
    const next = items[last + 1];
    const prev = items[first - 1];
    if (next) return { range: { start: this.pos(nodes[0].offset), end: this.pos(next.offset) }, newText: '' };
    if (prev)
      return {
        range: {
          start: this.pos(prev.offset + prev.length),
          end: this.pos(nodes[nodes.length - 1].offset + nodes[nodes.length - 1].length),
        },
        newText: '',
      };
    return {
      range: { start: this.pos(array.offset + 1), end: this.pos(array.offset + array.length - 1) },
      newText: '',
    };
  }

  /** Remove a property of an object, with the comma that separates it from a neighbour. */
  removeProperty(object: JsonNode, property: JsonNode): TextEdit {
    return this.deleteElements(object, [property]);
  }
}
