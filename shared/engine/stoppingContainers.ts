/**
 * The containers this process is stopping, so nothing else starts a command in them meanwhile.
 * Measured on the test dockerd: a `docker exec` that enters a container while its systemd shuts
 * down can be caught half set up (`runc:[2:INIT]` inside the container); systemd's final
 * "Sending SIGKILL to remaining processes" does not end it, the shutdown waits, and the engine
 * SIGKILLs the container after the stop timeout (exit 137 instead of 0). The view's refresh and
 * the release probe exec into every running container on any engine event, so on a busy engine
 * one would race the stop.
 */
const stopping = new Map<string, number>();

/** Same container: ids may be full (64 hex digits) or short prefixes. */
function sameId(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** Marks a container as being stopped until the returned function is called. */
export function markStopping(containerId: string): () => void {
  stopping.set(containerId, (stopping.get(containerId) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (stopping.get(containerId) ?? 1) - 1;
    if (n > 0) stopping.set(containerId, n);
    else stopping.delete(containerId);
  };
}

export function isBeingStopped(containerId: string): boolean {
  for (const id of stopping.keys()) if (sameId(id, containerId)) return true;
  return false;
}
