/**
 * Which section each documented directive belongs to, and which sections each file type has,
 * read from the sentences the pages use to say so:
 *  - "[UNIT] SECTION OPTIONS" headings (systemd.unit, .nspawn, .network, .netdev, .link);
 *  - "The execution specific configuration options are configured in the [Service], [Socket],
 *    [Mount], or [Swap] sections" (systemd.exec, .kill, .resource-control and each unit type);
 *  - "Service unit files may include [Unit] and [Install] sections" / "must include a [Service]
 *    section" (the OPTIONS text of each unit type's page);
 *  - "The [MACVTAP] section … accepts the same keys as [MACVLAN]" (systemd.netdev);
 *  - "Container units are named with a .container extension and contain a [Container] section"
 *    (podman-systemd.unit).
 */
import { plainText, type ManPage, type RoffNode } from './roff';

/** Every bracketed section name in a text, in order. */
export function bracketNames(text: string): string[] {
  return [...text.matchAll(/\[([A-Za-z][A-Za-z0-9-]*)\]/g)].map((m) => m[1]);
}

/** The plain text of the top-level paragraphs under each .SH heading. */
export function headingTexts(page: ManPage): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  let current: string[] = [];
  for (const node of page.nodes) {
    if (node.kind === 'SH') texts.set(node.title, (current = []));
    else if (node.kind === 'para') current.push(plainText(node.runs));
  }
  return texts;
}

/** All paragraph text of a page (any depth), for finding how a section name is spelled. */
function allText(nodes: RoffNode[]): string {
  return nodes
    .map((n) => (n.kind === 'para' ? plainText(n.runs) : n.kind === 'indent' ? allText(n.children) : ''))
    .join('\n');
}

/**
 * The spelling a page uses for a section its heading shows in capitals ("[DHCPV4] SECTION
 * OPTIONS" → "DHCPv4"): the mixed-case spelling its text uses most, else the heading's.
 */
export function sectionSpeller(page: ManPage): (upper: string) => string {
  const counts = new Map<string, Map<string, number>>();
  for (const name of bracketNames(allText(page.nodes))) {
    const byUpper = counts.get(name.toUpperCase()) ?? new Map<string, number>();
    byUpper.set(name, (byUpper.get(name) ?? 0) + 1);
    counts.set(name.toUpperCase(), byUpper);
  }
  return (upper) => {
    const spellings = [...(counts.get(upper.toUpperCase())?.entries() ?? [])].filter(
      ([s]) => s !== s.toUpperCase() || s.length <= 4,
    );
    spellings.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return spellings[0]?.[0] ?? upper;
  };
}

/** "[DHCPV4] SECTION OPTIONS" → "DHCPV4"; undefined for other headings. */
export function headingSection(heading: string): string | undefined {
  return /^\[([A-Za-z0-9-]+)\] SECTION OPTIONS$/.exec(heading)?.[1];
}

/**
 * The sections a page's page-wide options go in, from its DESCRIPTION: "… configuration options
 * are configured in the [Service], [Socket], [Mount], or [Swap] sections …".
 */
export function pageWideSections(page: ManPage): string[] {
  const texts = headingTexts(page);
  for (const text of texts.get('DESCRIPTION') ?? []) {
    const m = /options are configured in the (.*?) sections?\b/.exec(text);
    if (m) return bracketNames(m[1]);
  }
  // systemd.scope(5) says it only in OPTIONS: "The options specific to the [Scope] section …"
  for (const text of texts.get('OPTIONS') ?? []) {
    const m = /options specific to the (\[\w+\]) section\b/.exec(text);
    if (m) return bracketNames(m[1]);
  }
  return [];
}

/**
 * The sections a unit type's file has, from its OPTIONS text: "Service unit files may include
 * [Unit] and [Install] sections …", "… must include a [Service] section", "Slice files may
 * include a [Slice] section". Target and device pages say no type-specific section exists.
 */
export function unitTypeSections(page: ManPage): string[] {
  const sections: string[] = [];
  for (const text of headingTexts(page).get('OPTIONS') ?? []) {
    for (const sentence of text.split(/(?<=\.)\s+/)) {
      if (/\bfiles (?:may|must) include\b/.test(sentence))
        sections.push(...bracketNames(sentence.split(/, which\b/)[0]));
    }
  }
  return [...new Set(sections)];
}

/** "The [MACVTAP] section … accepts the same keys as [MACVLAN]" → MACVTAP ↦ MACVLAN (as written). */
export function sameKeysAs(page: ManPage): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const [heading, texts] of headingTexts(page)) {
    const section = headingSection(heading);
    if (!section) continue;
    for (const text of texts) {
      const m = /\baccepts the same keys as (?:the )?\[([A-Za-z0-9-]+)\]/.exec(text);
      if (m) aliases.set(section.toUpperCase(), m[1].toUpperCase());
    }
  }
  return aliases;
}

/**
 * Quadlet's file types: ".SH Container units [Container]" whose text says the files "are named
 * with a .container extension" → { extension: "container", section: "Container" }.
 */
export function quadletFileTypes(page: ManPage): { extension: string; section: string }[] {
  const types: { extension: string; section: string }[] = [];
  for (const [heading, texts] of headingTexts(page)) {
    const section = /^\w+ units \[(\w+)\]$/.exec(heading)?.[1];
    const extension = texts.map((t) => /\bnamed with an? \.(\w+) extension\b/.exec(t)?.[1]).find(Boolean);
    if (section && extension) types.push({ extension, section });
  }
  return types;
}

/** The shared Quadlet section ("Quadlet section [Quadlet]": settings "shared between different unit types"). */
export function quadletSharedSections(page: ManPage): string[] {
  return [...headingTexts(page)]
    .filter(([, texts]) => texts.some((t) => /\bshared between different unit types\b/.test(t)))
    .flatMap(([heading]) => bracketNames(heading));
}
