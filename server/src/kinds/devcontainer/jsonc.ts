/**
 * JSON with comments (devcontainer.json) through jsonc-parser: `//` and `/* *\/` comments,
 * trailing commas, a node tree with offsets, error-tolerant (a broken file gives the nodes read
 * up to the error, and the errors).
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export type JsonNode = Node;

const MAX_ERRORS = 100;

export interface JsonError {
  offset: number;
  message: string;
}

export function parseJsonc(text: string, errors: JsonError[] = []): JsonNode | undefined {
  const raw: ParseError[] = [];
  const root = parseTree(text, raw, { allowTrailingComma: true, disallowComments: false });
  // A garbled file can have an error per character: keep the first ones (and never spread a huge array).
  for (const e of raw.slice(0, MAX_ERRORS)) errors.push({ offset: e.offset, message: printParseErrorCode(e.error) });
  return root;
}

/** The node at a path of property names and array indexes. */
export function nodeAt(root: JsonNode | undefined, path: (string | number)[]): JsonNode | undefined {
  return root ? findNodeAtLocation(root, path) : undefined;
}

/** The property node (key and value) of a key in an object. */
export function propertyOf(object: JsonNode | undefined, key: string): JsonNode | undefined {
  const props = (object?.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]?.value === key);
  return props[props.length - 1];
}
