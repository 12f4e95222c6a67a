/** Where in the build the default wants links get removed, in build order. */
import type { SystemdFacts, FactAt } from './facts';
import { WANTS_DIRS } from './facts';
import type { Removal } from '../../shell/effects';

/** A removal that empties at least one default wants directory. */
export function pruneRemovals(facts: SystemdFacts): FactAt<Removal>[] {
  return facts.removals.filter((r) =>
    Object.values(WANTS_DIRS).some(
      (dir) =>
        r.item.covers(`${dir}/getty.target`) ||
        r.item.covers(`${dir}/systemd-udev-trigger.service`) ||
        r.item.covers(`${dir}/systemd-remount-fs.service`) ||
        r.item.covers(`${dir}/systemd-initctl.socket`) ||
        r.item.covers(`${dir}/ssh.service`),
    ),
  );
}

export { order } from './facts';
import { order } from './facts';

/** Is `path` removed by some removal that comes after build position `after`? */
export function removedAfter(facts: SystemdFacts, path: string, after: number): boolean {
  return facts.removals.some((r) => order(r) > after && r.item.covers(path));
}
