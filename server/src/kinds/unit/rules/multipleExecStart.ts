import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';

export const multipleExecStart: UnitFileRule = {
  meta: {
    id: 'SCT408',
    name: 'multiple-exec-start',
    kind: 'unit',
    defaultSeverity: 'error',
    summary: 'a second ExecStart= in a service that is not Type=oneshot (a drop-in without the `ExecStart=` reset)',
    explanation:
      'systemd.service(5): "Unless Type= is oneshot, exactly one command must be given … If the empty string ' +
      'is assigned to this option, the list of commands to start is reset, prior assignments of this option ' +
      'will have no effect." A drop-in that overrides a service\'s command — the classic ' +
      "`docker.service.d/override.conf` that changes dockerd's flags — adds a second command unless it first " +
      'resets the list with an empty `ExecStart=`; systemd then refuses to load the unit. In a drop-in, the ' +
      "base unit's Type= is not visible: the rule assumes the usual non-oneshot service unless the drop-in " +
      'itself sets `Type=oneshot`. The quick fix inserts the `ExecStart=` reset line above the first command.',
    sources: [
      'systemd.service(5) (systemd 257): ExecStart=',
      'systemd.unit(5) (systemd 257): drop-ins ("Example 2. Overriding vendor settings")',
    ],
  },
  appliesTo: (doc) => doc.fileType === 'service',
  check(ctx) {
    const type = ctx.last('Service', 'Type')?.value;
    if (type === 'oneshot') return [];
    const all = ctx.unit.all('Service', 'ExecStart');
    const counted = ctx.list('Service', 'ExecStart');
    const out: UnitFileRuleReport[] = [];
    const resetAt = (line: number) => ({
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      newText: `ExecStart=${ctx.eol}`,
    });
    if (ctx.doc.dropIn) {
      // the base unit's command counts as one, unless the drop-in reset the list first
      const reset = all.some((e, i) => e.value === '' && i < all.indexOf(counted[0]));
      if (counted.length > 0 && !reset) {
        const first = counted[0];
        out.push({
          range: first.keyRange,
          message:
            'This drop-in adds an ExecStart= without first resetting the list with an empty "ExecStart=": with ' +
            `the base unit's command that makes two, and systemd refuses to load ` +
            `a ${type ? `Type=${type}` : 'non-oneshot'} service with more than one.`,
          fixes: [{ title: 'Insert the "ExecStart=" reset line', edits: [resetAt(first.firstLine)], preferred: true }],
        });
        return out;
      }
    }
    if (counted.length > 1) {
      const second = counted[1];
      out.push({
        range: second.keyRange,
        message:
          `A ${type ? `Type=${type}` : 'Type=simple (the default)'} service takes exactly one ExecStart= ` +
          'command; this is a second one, and systemd refuses to load the unit. Use Type=oneshot for a sequence, ' +
          'or ExecStartPre=/ExecStartPost= for the extra commands.',
        fixes: [],
      });
    }
    return out;
  },
};
