import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';

export const syntaxError: UnitFileRule = {
  meta: {
    id: 'SCT409',
    name: 'unit-syntax-error',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a line that is not a [Section], a comment or a Key=value assignment',
    explanation:
      'systemd.syntax(7): a unit file consists of `[Section]` headers, `Key=value` assignments, ' +
      'empty lines and comment lines starting with `#` or `;`. systemd ignores, with a warning, a ' +
      'line without `=`, and an assignment before the first section header ("Assignment outside of ' +
      'section"); a header without its closing `]` is rejected too. A backslash at the end of a ' +
      "line continues the value on the next line. In a Quadlet file it is an error: the generator's " +
      'parser refuses the whole file ("file contains line N: … which is not a key-value pair, ' +
      'group, or comment", "key file does not start with a group"), also for a header with a ' +
      'bracket inside its name (`[Unit]]`), so no service is made.',
    sources: [
      'systemd.syntax(7) (systemd 257)',
      'podman pkg/systemd/parser/unitfile.go (v5.4.2, v5.8.2), checked with quadlet -dryrun',
    ],
  },
  check(ctx) {
    const quadlet = ctx.doc.kind === 'quadlet';
    const out: UnitFileRuleReport[] = ctx.unit.problems.map((p) => ({
      range: p.range,
      message: quadlet ? `${p.message} The Quadlet generator refuses the file.` : p.message,
      severity: quadlet ? 'error' : undefined,
    }));
    if (quadlet) {
      for (const e of ctx.unit.entries) {
        if (e.key !== '') continue;
        const message = 'An assignment without a key: the Quadlet generator refuses the file.';
        out.push({ range: e.range, message, severity: 'error' });
      }
      for (const s of ctx.unit.sections) {
        if (!/[[\]]/.test(s.name)) continue;
        const message =
          `[${s.name}] is not a group name Quadlet's parser reads (a bracket inside it): ` +
          'the generator refuses the file.';
        out.push({ range: s.headerRange, message, severity: 'error' });
      }
    }
    return out;
  },
};
