/**
 * A small reader of JSON with comments (devcontainer.json): `//` and `/* *\/` comments, trailing
 * commas, and a node tree with offsets (the same shape as jsonc-parser's parseTree, which cannot
 * be used here: its UMD build does not bundle with esbuild). Error-tolerant: a broken file gives
 * the nodes read up to the error, and the errors.
 */

export type JsonNodeType = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

export interface JsonNode {
  type: JsonNodeType;
  offset: number;
  length: number;
  /** Scalars: the value; property: undefined (children are key and value). */
  value?: unknown;
  children?: JsonNode[];
  parent?: JsonNode;
}

export interface JsonError {
  offset: number;
  message: string;
}

class Reader {
  pos = 0;
  readonly errors: JsonError[] = [];

  constructor(readonly text: string) {}

  skip(): void {
    const t = this.text;
    for (;;) {
      while (this.pos < t.length && /\s/.test(t[this.pos])) this.pos++;
      if (t.startsWith('//', this.pos)) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl + 1;
        continue;
      }
      if (t.startsWith('/*', this.pos)) {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.errors.push({ offset: this.pos, message: 'Unterminated comment.' });
        this.pos = end < 0 ? t.length : end + 2;
        continue;
      }
      return;
    }
  }

  value(parent?: JsonNode): JsonNode | undefined {
    this.skip();
    const t = this.text;
    const c = t[this.pos];
    const start = this.pos;
    if (c === '{') return this.container('object', '}', parent);
    if (c === '[') return this.container('array', ']', parent);
    if (c === '"') {
      const s = this.string();
      return s === undefined ? undefined : { type: 'string', offset: start, length: this.pos - start, value: s, parent };
    }
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(t.slice(this.pos, this.pos + 64));
    if (m) {
      this.pos += m[0].length;
      const word = m[0];
      if (word === 'true' || word === 'false') return { type: 'boolean', offset: start, length: word.length, value: word === 'true', parent };
      if (word === 'null') return { type: 'null', offset: start, length: 4, value: null, parent };
      return { type: 'number', offset: start, length: word.length, value: Number(word), parent };
    }
    this.errors.push({ offset: this.pos, message: c === undefined ? 'Unexpected end of file.' : `Unexpected character ${JSON.stringify(c)}.` });
    return undefined;
  }

  string(): string | undefined {
    const t = this.text;
    let out = '';
    let i = this.pos + 1;
    while (i < t.length) {
      const c = t[i];
      if (c === '"') {
        this.pos = i + 1;
        return out;
      }
      if (c === '\n') break;
      if (c === '\\') {
        const n = t[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (n in simple) {
          out += simple[n];
          i += 2;
          continue;
        }
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        this.errors.push({ offset: i, message: 'Invalid escape.' });
        i += 2;
        continue;
      }
      out += c;
      i++;
    }
    this.errors.push({ offset: this.pos, message: 'Unterminated string.' });
    this.pos = i;
    return undefined;
  }

  container(type: 'object' | 'array', close: string, parent?: JsonNode): JsonNode {
    const node: JsonNode = { type, offset: this.pos, length: 0, children: [], parent };
    this.pos++;
    for (;;) {
      this.skip();
      if (this.text[this.pos] === close) {
        this.pos++;
        break;
      }
      if (this.pos >= this.text.length) {
        this.errors.push({ offset: this.pos, message: `Missing ${close}.` });
        break;
      }
      if (type === 'object') {
        const keyStart = this.pos;
        if (this.text[this.pos] !== '"') {
          this.errors.push({ offset: this.pos, message: 'Property name expected.' });
          break;
        }
        const key = this.string();
        if (key === undefined) break;
        const prop: JsonNode = { type: 'property', offset: keyStart, length: 0, children: [], parent: node };
        prop.children!.push({ type: 'string', offset: keyStart, length: this.pos - keyStart, value: key, parent: prop });
        this.skip();
        if (this.text[this.pos] !== ':') {
          this.errors.push({ offset: this.pos, message: 'Colon expected.' });
          break;
        }
        this.pos++;
        const v = this.value(prop);
        if (!v) break;
        prop.children!.push(v);
        prop.length = v.offset + v.length - keyStart;
        node.children!.push(prop);
      } else {
        const v = this.value(node);
        if (!v) break;
        node.children!.push(v);
      }
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] === close) continue;
      this.errors.push({ offset: this.pos, message: `Comma or ${close} expected.` });
      break;
    }
    node.length = this.pos - node.offset;
    return node;
  }
}

export function parseJsonc(text: string, errors: JsonError[] = []): JsonNode | undefined {
  const reader = new Reader(text);
  const root = reader.value();
  errors.push(...reader.errors);
  return root;
}

/** The node at a path of property names and array indexes. */
export function nodeAt(root: JsonNode | undefined, path: (string | number)[]): JsonNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      node = node.type === 'array' ? node.children?.[segment] : undefined;
    } else {
      if (node.type !== 'object') return undefined;
      const props = (node.children ?? []).filter((p) => p.children?.[0]?.value === segment);
      node = props[props.length - 1]?.children?.[1];
    }
  }
  return node;
}

/** The property node (key and value) of a key in an object. */
export function propertyOf(object: JsonNode | undefined, key: string): JsonNode | undefined {
  const props = (object?.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]?.value === key);
  return props[props.length - 1];
}
