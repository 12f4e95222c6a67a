/**
 * systemd.directives(7): systemd's own index of every directive and the pages that define it.
 * The generator checks its parse of each page against it, so a page whose layout it misreads
 * fails the generation instead of silently losing directives.
 */
import { docbookEntries } from './entries';
import { plainText, type ManPage } from './roff';

/** Headings of systemd.directives(7) whose entries are unit-file-like configuration keys. */
const DIRECTIVE_HEADINGS = /^(UNIT|NETWORK|UDEV|SYSTEMD\.NSPAWN\(5\)) DIRECTIVES$/;

/** Map from man page name ("systemd.exec(5)") to the directive names the index assigns to it. */
export function directiveIndex(page: ManPage): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const entry of docbookEntries(page)) {
    if (!DIRECTIVE_HEADINGS.test(entry.heading)) continue;
    const pages = entry.body.flatMap((n) => (n.kind === 'para' ? plainText(n.runs).split(/,\s*/) : []));
    for (const name of pages) {
      if (!/^[\w.-]+\(\d\)$/.test(name)) continue;
      let keys = index.get(name);
      if (!keys) index.set(name, (keys = new Set()));
      for (const key of entry.keys) keys.add(key);
    }
  }
  return index;
}
