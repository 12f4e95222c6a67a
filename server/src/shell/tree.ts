/**
 * A tree-sitter syntax tree copied into plain arrays in one cursor walk, so the script walker
 * reads node types, spans, children and fields without crossing into wasm. (web-tree-sitter's
 * Node API crosses for nearly every property read, and allocates a wrapper per child; that
 * was most of the cost of analysing a RUN body.)
 *
 * The walk itself uses web-tree-sitter's TreeCursor, or, when available, the same cursor
 * functions of its wasm module called directly (no marshalling through the JS wrappers,
 * about 2.5× faster). The direct path is only used after a self-check at start-up has shown
 * that it yields exactly what the public API yields.
 */
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';

/**
 * Node i (0 is the root, nodes in pre-order): `typeId[i]` (name in `typeNames`), `named[i]`,
 * `start[i]`/`end[i]` (code-unit offsets), `field[i]` (field id, 0 = none), `first[i]`/`next[i]`
 * (first child / next sibling, -1 = none). The arrays are reused by the next flattenTree call:
 * read the tree before parsing another script.
 */
export interface FlatTree {
  text: string;
  count: number;
  typeId: Int32Array;
  named: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  field: Int32Array;
  first: Int32Array;
  next: Int32Array;
  /** Type names by id (web-tree-sitter's `language.types`; a missing name means ERROR). */
  typeNames: readonly string[];
  /** Field name → id for this language (0 when the language has no such field). */
  fieldId(name: string): number;
  hasError: boolean;
}

/** Web-tree-sitter's Node.type for a type id. */
export function typeName(t: FlatTree, n: number): string {
  return t.typeNames[t.typeId[n]] || 'ERROR';
}

/** The emscripten module web-tree-sitter runs on: the object passed to Parser.init. */
export interface WasmModule {
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_root_node_wasm(tree: number): void;
  _ts_node_has_error_wasm(tree: number): number;
  _ts_tree_cursor_new_wasm(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
}

const CURSOR_FUNCTIONS = [
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_root_node_wasm',
  '_ts_node_has_error_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
];

interface LanguageInfo {
  types: string[];
  named: Map<number, boolean>;
  fieldId(name: string): number;
}

const languages = new WeakMap<Language, LanguageInfo>();

function languageInfo(language: Language): LanguageInfo {
  let info = languages.get(language);
  if (!info) {
    const fields = new Map<string, number>();
    language.fields.forEach((f, i) => {
      if (f && !fields.has(f)) fields.set(f, i);
    });
    info = { types: language.types, named: new Map(), fieldId: (name) => fields.get(name) ?? 0 };
    languages.set(language, info);
  }
  return info;
}

/** Cursor reads, through the public TreeCursor or the wasm functions. */
interface CursorOps {
  typeId(): number;
  isNamed(): boolean;
  start(): number;
  end(): number;
  fieldId(): number;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
}

function publicOps(c: TreeCursor): CursorOps {
  return {
    typeId: () => c.nodeTypeId,
    isNamed: () => c.nodeIsNamed,
    start: () => c.startIndex,
    end: () => c.endIndex,
    fieldId: () => c.currentFieldId,
    firstChild: () => c.gotoFirstChild(),
    nextSibling: () => c.gotoNextSibling(),
    parent: () => c.gotoParent(),
  };
}

/** The cursor lives in web-tree-sitter's transfer buffer while the direct calls run. */
function directOps(m: WasmModule, tree: number): CursorOps {
  return {
    typeId: () => m._ts_tree_cursor_current_node_type_id_wasm(tree),
    isNamed: () => m._ts_tree_cursor_current_node_is_named_wasm(tree) === 1,
    start: () => m._ts_tree_cursor_start_index_wasm(tree),
    end: () => m._ts_tree_cursor_end_index_wasm(tree),
    fieldId: () => m._ts_tree_cursor_current_field_id_wasm(tree),
    firstChild: () => m._ts_tree_cursor_goto_first_child_wasm(tree) === 1,
    nextSibling: () => m._ts_tree_cursor_goto_next_sibling_wasm(tree) === 1,
    parent: () => m._ts_tree_cursor_goto_parent_wasm(tree) === 1,
  };
}

interface Buffers {
  typeId: Int32Array;
  named: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  field: Int32Array;
  first: Int32Array;
  next: Int32Array;
  lastChild: Int32Array;
  parentAt: Int32Array;
}

function buffers(size: number): Buffers {
  return {
    typeId: new Int32Array(size),
    named: new Uint8Array(size),
    start: new Int32Array(size),
    end: new Int32Array(size),
    field: new Int32Array(size),
    first: new Int32Array(size),
    next: new Int32Array(size),
    lastChild: new Int32Array(size),
    parentAt: new Int32Array(size),
  };
}

function grow(b: Buffers): Buffers {
  const bigger = buffers(b.typeId.length * 2);
  for (const k of Object.keys(b) as (keyof Buffers)[]) (bigger[k] as Int32Array).set(b[k] as Int32Array);
  return bigger;
}

/** Pre-order walk of the whole tree into the buffers; returns them (grown if needed) and the node count. */
function walkInto(ops: CursorOps, info: LanguageInfo, b: Buffers): { b: Buffers; count: number } {
  let count = 0;
  let depth = 0;
  for (;;) {
    if (count === b.typeId.length || depth === b.parentAt.length) b = grow(b);
    const i = count++;
    const t = ops.typeId();
    let isNamed = info.named.get(t);
    if (isNamed === undefined) {
      isNamed = ops.isNamed();
      info.named.set(t, isNamed);
    }
    b.typeId[i] = t;
    b.named[i] = isNamed ? 1 : 0;
    b.start[i] = ops.start();
    b.end[i] = ops.end();
    b.field[i] = ops.fieldId();
    b.first[i] = -1;
    b.next[i] = -1;
    b.lastChild[i] = -1;
    if (depth > 0) {
      const p = b.parentAt[depth - 1];
      if (b.lastChild[p] >= 0) b.next[b.lastChild[p]] = i;
      else b.first[p] = i;
      b.lastChild[p] = i;
    }
    b.parentAt[depth] = i;
    if (ops.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return { b, count };
      if (ops.nextSibling()) break;
      if (!ops.parent()) return { b, count };
      depth--;
    }
  }
}

let direct: WasmModule | undefined;

/**
 * Offer the wasm module for direct cursor calls. `sample` is parsed trees to check against
 * the public API; the direct path is used only if every one comes out identical.
 */
export function enableDirectCursor(module: unknown, samples: { tree: Tree; text: string }[]): boolean {
  direct = undefined;
  const m = module as Partial<Record<string, unknown>> | undefined;
  if (!m || !CURSOR_FUNCTIONS.every((f) => typeof m[f] === 'function')) return false;
  const candidate = m as unknown as WasmModule;
  try {
    direct = candidate;
    if (directCursorAgrees(samples)) return true;
  } catch {
    // fall through: the public API it is
  }
  direct = undefined;
  return false;
}

export function directCursorEnabled(): boolean {
  return direct !== undefined;
}

/** Do the direct and the public cursor walks read these trees identically? (false when the direct path is off). */
export function directCursorAgrees(samples: { tree: Tree; text: string }[]): boolean {
  if (!direct) return false;
  for (const s of samples) {
    const a = flatten(s.tree, s.text, undefined, buffers(16));
    const b = flatten(s.tree, s.text, direct, buffers(16));
    if (a.count !== b.count || a.hasError !== b.hasError) return false;
    for (const k of ['typeId', 'named', 'start', 'end', 'field', 'first', 'next'] as const) {
      for (let i = 0; i < a.count; i++) if (a[k][i] !== b[k][i]) return false;
    }
  }
  return true;
}

let shared = buffers(1024);

/** Copy a parsed tree into a FlatTree (valid until the next call). */
export function flattenTree(tree: Tree, text: string): FlatTree {
  if (direct) {
    try {
      return flatten(tree, text, direct, shared);
    } catch {
      direct = undefined; // never again: fall back to the public API
    }
  }
  return flatten(tree, text, undefined, shared);
}

function flatten(tree: Tree, text: string, m: WasmModule | undefined, into: Buffers): FlatTree {
  const info = languageInfo(tree.language);
  let hasError: boolean;
  let walked: { b: Buffers; count: number };
  if (!m) {
    hasError = tree.rootNode.hasError;
    const cursor = tree.walk();
    try {
      walked = walkInto(publicOps(cursor), info, into);
    } finally {
      cursor.delete();
    }
  } else {
    // What tree.rootNode.hasError and tree.walk() do, without their JS wrapper objects: the
    // root node, then the cursor made from it, live in the transfer buffer between the calls.
    const address = (tree as unknown as Record<number, number>)[0];
    m._ts_tree_root_node_wasm(address);
    hasError = m._ts_node_has_error_wasm(address) === 1;
    m._ts_tree_root_node_wasm(address);
    m._ts_tree_cursor_new_wasm(address);
    try {
      walked = walkInto(directOps(m, address), info, into);
    } finally {
      m._ts_tree_cursor_delete_wasm(address);
    }
  }
  const { b, count } = walked;
  if (into === shared) shared = b;
  return {
    text,
    count,
    typeId: b.typeId,
    named: b.named,
    start: b.start,
    end: b.end,
    field: b.field,
    first: b.first,
    next: b.next,
    typeNames: info.types,
    fieldId: info.fieldId,
    hasError,
  };
}
