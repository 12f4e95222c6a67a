import type { UnitFileRule, UnitFileRuleReport } from '../ruleContext';
import { deprecatedValue } from '../deprecatedValues';

export const deprecatedValueRule: UnitFileRule = {
  meta: {
    id: 'SCT405',
    name: 'deprecated-value',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'a value the man page marks deprecated or strongly recommends against',
    explanation:
      '`KillMode=none`: systemd.kill(5) (systemd 257) says "If set to none, no process is killed (strongly ' +
      'recommended against!)" — processes escape the service manager\'s lifecycle and resource management and ' +
      'keep running while the unit counts as stopped; since systemd 246 the manager logs a warning for every ' +
      'unit that uses it (NEWS). The 257 page does not use the word "deprecated" for it; the warning is what ' +
      '`systemd-analyze verify` and the journal show. `mixed` (SIGTERM to the main process, SIGKILL to the ' +
      'rest of the cgroup after the timeout) is the usual replacement for a wrapper that stops its child ' +
      'itself. `IPMasquerade=yes` in a `.network` file: systemd.network(5) calls positive booleans deprecated; ' +
      '`yes` means `ipv4` (NEWS, systemd 248).',
    sources: [
      'systemd.kill(5) (systemd 257)',
      'systemd NEWS, CHANGES WITH 246 and 248',
      'systemd.network(5) (systemd 257)',
    ],
  },
  check(ctx) {
    const out: UnitFileRuleReport[] = [];
    for (const { entry, status } of ctx.entriesWith('known')) {
      const d = deprecatedValue(status.directive.manPage, entry.key, entry.value);
      if (!d) continue;
      out.push({
        range: entry.valueRange,
        message: `${d.message}.`,
        detail: `${d.note}.`,
        fixes: d.replacements.map((r, i) => ({
          title: `Use ${entry.key}=${r}`,
          edits: [{ range: entry.valueRange, newText: r }],
          preferred: d.preferred && i === 0,
        })),
      });
    }
    return out;
  },
};
