import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';

export const wrongSection: UnitFileRule = {
  meta: {
    id: 'SCT403',
    name: 'wrong-section',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a key placed in the wrong section',
    explanation:
      'Every key belongs to one section: `After=` and `Wants=` to `[Unit]`, `ExecStart=` to `[Service]`, ' +
      '`WantedBy=` to `[Install]`; in a Quadlet file `Image=` to `[Container]`; in an `.nspawn` file `Port=` ' +
      'to `[Network]`. In another section systemd treats it as an unknown key: it warns and ignores it, so for ' +
      'example a `WantedBy=` under `[Service]` leaves the unit impossible to enable and a `Requires=` under ' +
      '`[Service]` pulls nothing in. The quick fix moves the line (with its continuation lines) to the end of ' +
      'the right section, creating the section when the file has none.',
    sources: [
      'systemd.unit(5), systemd.service(5), systemd.exec(5) (systemd 257): the section of each option',
      'podman-systemd.unit(5) (podman 5.4)',
      'systemd.nspawn(5) (systemd 257)',
    ],
  },
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    for (const { entry, status } of ctx.entriesWith('wrong-section')) {
      const where = status.sections.map((s) => `[${s}]`).join(' or ');
      out.push({
        range: entry.keyRange,
        message:
          `${entry.key}= belongs in ${where}, not [${entry.section}]: here it is an unknown key, and systemd ` +
          'ignores it.',
        fixes: status.sections.map((section) => ({
          title: `Move ${entry.key}= to [${section}]`,
          edits: [
            ctx.deleteEntry(entry),
            ctx.insertIntoSection(
              section,
              ctx.entryText(entry).map((l, i) => (i === 0 ? l.trimStart() : l)),
            ),
          ],
          preferred: status.sections.length === 1,
        })),
      });
    }
    return out;
  },
};
