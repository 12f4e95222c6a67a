import type { UnitRule } from './context';

export const syntaxError: UnitRule = {
  meta: {
    id: 'SCT409',
    name: 'unit-syntax-error',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a line that is not a [Section], a comment or a Key=value assignment',
    explanation:
      "systemd.syntax(7): a unit file consists of `[Section]` headers, `Key=value` assignments, empty lines and comment lines starting with `#` or `;`. systemd ignores, with a warning, a line without `=`, and an assignment before the first section header (\"Assignment outside of section\"); a header without its closing `]` is rejected too. A backslash at the end of a line continues the value on the next line.",
    sources: ['systemd.syntax(7) (systemd 257)'],
  },
  check(ctx) {
    return ctx.unit.problems.map((p) => ({ range: p.range, message: p.message }));
  },
};
