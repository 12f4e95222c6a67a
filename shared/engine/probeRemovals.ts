/**
 * Removals of throwaway probe containers (image.ts, hostCgroup.ts) that the caller asked not to
 * wait for: a removal takes 50-150 ms of the engine's time and nothing needs it done before the
 * real container is created. Whoever defers removals awaits `probeRemovals()` before it exits,
 * so nothing is left behind (the `boot` CLI does, on every path, interrupted or not).
 */
const pending = new Set<Promise<void>>();

/** Starts `remove` now; its failure is ignored, as an awaited probe removal's is. */
export function removeInBackground(remove: () => Promise<unknown>): void {
  const p: Promise<void> = remove().then(
    () => undefined,
    () => undefined,
  );
  pending.add(p);
  void p.finally(() => pending.delete(p));
}

/** Resolves when every removal started so far has finished. */
export async function probeRemovals(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}
