/**
 * Deterministic JSON: object keys sorted, nesting indented down to `depth`, anything deeper on
 * one line — one directive per line keeps the committed database compact and its diffs readable.
 */
export function stableJson(value: unknown, depth: number, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = value.map((v) => stableJson(v, depth - 1, inner));
    return depth > 0 && items.length
      ? `[\n${items.map((i) => inner + i).join(',\n')}\n${indent}]`
      : `[${items.join(', ')}]`;
  }
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort(compareKeys);
  const members = keys.map(
    (k) => `${JSON.stringify(k)}: ${stableJson((value as Record<string, unknown>)[k], depth - 1, inner)}`,
  );
  if (!members.length) return '{}';
  return depth > 0 ? `{\n${members.map((m) => inner + m).join(',\n')}\n${indent}}` : `{${members.join(', ')}}`;
}

/** Code-unit order, independent of the locale the generator runs in. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
