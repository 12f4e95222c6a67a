/** Where in the build the default wants links get removed, in build order. */
import type { SystemdFacts, FactAt } from './facts';
import { WANTS_DIRS } from './facts';
import type { Removal } from '../../shell/effects';

/**
 * Links whose removal shows a prune, per wants directory; made once, so a cached RUN's memoized
 * answers are looked up by strings whose hash V8 already knows (facts.ts DELETABLE_PATHS).
 */
const PRUNE_PROBES = Object.values(WANTS_DIRS).map((dir) =>
  [
    'getty.target',
    'systemd-udev-trigger.service',
    'systemd-remount-fs.service',
    'systemd-initctl.socket',
    'ssh.service',
  ].map((unit) => `${dir}/${unit}`),
);

/** A removal that empties at least one default wants directory. */
export function pruneRemovals(facts: SystemdFacts): FactAt<Removal>[] {
  return facts.removals.filter((r) => PRUNE_PROBES.some((paths) => paths.some((path) => r.item.covers(path))));
}

export { order } from './facts';
import { order } from './facts';

/** Is `path` removed by some removal that comes after build position `after`? */
export function removedAfter(facts: SystemdFacts, path: string, after: number): boolean {
  return facts.removals.some((r) => order(r) > after && r.item.covers(path));
}
