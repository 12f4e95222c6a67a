/**
 * Values of a pure function kept by key, for the few keys asked again at every lint (globs, image
 * references, release names). At `limit` keys it forgets them all rather than tracking recency:
 * the keys in use come back at once, and an endless stream of new ones (typos, fuzzing) cannot
 * grow it.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key`, else `compute()`'s, kept from now on. */
  get(key: K, compute: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(key, (value = compute()));
    }
    return value;
  }
}
