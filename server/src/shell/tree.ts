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

/** Node i: `type[i]`, `named[i]`, `start[i]`/`end[i]` (code-unit offsets), `field[i]` (field id, 0 = none), `first[i]`/`next[i]` (child/sibling links, -1 = none). */
export interface FlatTree {
  text: string;
  type: string[];
  named: boolean[];
  start: number[];
  end: number[];
  field: number[];
  first: number[];
  next: number[];
  /** Field name → id for this language (0 when the language has no such field). */
  fieldId(name: string): number;
  hasError: boolean;
}

/** The emscripten module web-tree-sitter runs on: the object passed to Parser.init. */
export interface WasmModule {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
}

const CURSOR_FUNCTIONS = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
];

interface LanguageInfo {
  types: string[];
  named: Map<number, boolean>;
  fields: Map<string, number>;
}

const languages = new WeakMap<Language, LanguageInfo>();

function languageInfo(language: Language): LanguageInfo {
  let info = languages.get(language);
  if (!info) {
    const fields = new Map<string, number>();
    language.fields.forEach((f, i) => {
      if (f && !fields.has(f)) fields.set(f, i);
    });
    info = { types: language.types, named: new Map(), fields };
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

/** The cursor's handle words live in the transfer buffer while the direct calls run. */
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

/** Pre-order walk of the whole tree into arrays. */
function walkInto(ops: CursorOps, info: LanguageInfo, flat: FlatTree): void {
  const { type, named, start, end, field, first, next } = flat;
  const parentAt: number[] = [];
  const lastChild: number[] = [];
  let depth = 0;
  for (;;) {
    const i = type.length;
    const t = ops.typeId();
    let isNamed = info.named.get(t);
    if (isNamed === undefined) {
      isNamed = ops.isNamed();
      info.named.set(t, isNamed);
    }
    type.push(info.types[t] || 'ERROR');
    named.push(isNamed);
    start.push(ops.start());
    end.push(ops.end());
    field.push(ops.fieldId());
    first.push(-1);
    next.push(-1);
    lastChild.push(-1);
    if (depth > 0) {
      const p = parentAt[depth - 1];
      if (lastChild[p] >= 0) next[lastChild[p]] = i;
      else first[p] = i;
      lastChild[p] = i;
    }
    parentAt[depth] = i;
    if (ops.firstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return;
      if (ops.nextSibling()) break;
      if (!ops.parent()) return;
      depth--;
    }
  }
}

let direct: WasmModule | undefined;
let transfer = 0;

/**
 * Offer the wasm module for direct cursor calls. `sample` is parsed trees to check against
 * the public API; the direct path is used only if every one comes out identical.
 */
export function enableDirectCursor(module: unknown, samples: { tree: Tree; text: string }[]): boolean {
  direct = undefined;
  const m = module as Partial<Record<string, unknown>> | undefined;
  if (!m || !CURSOR_FUNCTIONS.every((f) => typeof m[f] === 'function') || !(m.HEAP32 instanceof Int32Array)) return false;
  const candidate = m as unknown as WasmModule;
  try {
    transfer = candidate._ts_init() >> 2;
    for (const s of samples) {
      const a = flatten(s.tree, s.text, undefined);
      const b = flatten(s.tree, s.text, candidate);
      for (const k of ['type', 'named', 'start', 'end', 'field', 'first', 'next'] as const) {
        if (a[k].length !== b[k].length || a[k].some((v, i) => v !== b[k][i])) return false;
      }
    }
  } catch {
    return false;
  }
  direct = candidate;
  return true;
}

export function directCursorEnabled(): boolean {
  return direct !== undefined;
}

/** Copy a parsed tree into a FlatTree. */
export function flattenTree(tree: Tree, text: string): FlatTree {
  if (direct) {
    try {
      return flatten(tree, text, direct);
    } catch {
      direct = undefined; // never again: fall back to the public API
    }
  }
  return flatten(tree, text, undefined);
}

function flatten(tree: Tree, text: string, m: WasmModule | undefined): FlatTree {
  const info = languageInfo(tree.language);
  const flat: FlatTree = {
    text,
    type: [],
    named: [],
    start: [],
    end: [],
    field: [],
    first: [],
    next: [],
    fieldId: (name) => info.fields.get(name) ?? 0,
    hasError: tree.rootNode.hasError,
  };
  const cursor = tree.walk();
  try {
    if (!m) {
      walkInto(publicOps(cursor), info, flat);
      return flat;
    }
    const handle = cursor as unknown as Record<number, number>;
    const treeAddress = (tree as unknown as Record<number, number>)[0];
    for (let i = 0; i < 4; i++) m.HEAP32[transfer + i] = handle[i];
    try {
      walkInto(directOps(m, treeAddress), info, flat);
    } finally {
      // The walk moved the cursor: hand its current words back so delete() frees the right memory.
      for (let i = 0; i < 4; i++) handle[i] = m.HEAP32[transfer + i];
    }
    return flat;
  } finally {
    cursor.delete();
  }
}
