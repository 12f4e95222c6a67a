import type { UnitFileRule } from '../ruleContext';
import { isExtensionName, sectionKnown } from '../classify';
import { nearestSection, sectionsFor } from '../knowledge/directives';
import { isQuadletType } from '../document';

export const unknownSection: UnitFileRule = {
  meta: {
    id: 'SCT401',
    name: 'unknown-section',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a section this file type does not have',
    explanation:
      'Each file type has a fixed set of sections: a service has `[Unit]`, `[Service]` and `[Install]`; a ' +
      'Quadlet `.container` adds `[Container]` and `[Quadlet]`; an `.nspawn` file has `[Exec]`, `[Files]` and ' +
      '`[Network]`. systemd warns about any other section and ignores it together with every key in it, so a ' +
      'misspelt `[service]` silently drops the whole service configuration (section names are case-sensitive). ' +
      'Sections whose name starts with `X-` are ignored on purpose (systemd.unit(5)) and are not reported. The ' +
      'sections come from the man pages of systemd 257 and podman 5.4 (Debian trixie).',
    sources: [
      'systemd.unit(5), systemd.syntax(7) (systemd 257)',
      'podman-systemd.unit(5) (podman 5.4)',
      'systemd.nspawn(5) (systemd 257)',
      'docs/directive-database.md',
    ],
  },
  check(ctx) {
    const { doc } = ctx;
    return doc.unit.sections
      .filter((s) => !isExtensionName(s.name) && !sectionKnown(doc, s.name))
      .map((s) => {
        const near = nearestSection(doc.fileType, s.name);
        const known = sectionsFor(doc.fileType)
          .map((x) => `[${x}]`)
          .join(', ');
        const what = isQuadletType(doc.fileType)
          ? 'Quadlet passes it on to the generated service, and systemd ignores it with every key in it'
          : 'systemd ignores it with every key in it';
        const start = s.headerRange.start;
        return {
          range: s.headerRange,
          message:
            `[${s.name}] is not a section of ${doc.fileType} files ` +
            `(${known})${near ? `; did you mean [${near}]?` : ''} ${what}.`,
          fixes: near
            ? [
                {
                  title: `Rename to [${near}]`,
                  edits: [{ range: { start, end: s.headerRange.end }, newText: `[${near}]` }],
                  preferred: near.toLowerCase() === s.name.toLowerCase(),
                },
              ]
            : [],
        };
      });
  },
};
