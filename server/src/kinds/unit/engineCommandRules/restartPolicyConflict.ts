import { option } from '../../../runspec/commandLine';
import { fix, type UnitRule } from './context';

export const unitRestartPolicyConflict: UnitRule = {
  meta: {
    id: 'SCT307',
    name: 'unit-restart-policy-conflict',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'container restart policy and systemd Restart= both supervise the container',
    explanation:
      '`--restart=always` / `unless-stopped` makes the engine restart the container (and start it again when ' +
      'the daemon starts), while `Restart=` makes systemd restart the unit that runs it: two supervisors that ' +
      'do not know about each other. At the next daemon start the engine brings the container back even when ' +
      "the unit is stopped or disabled, and systemd's restarts race with the engine's. Let systemd supervise " +
      "and drop the container's restart policy (or drop the unit).",
    sources: ['docker-run(1) --restart', 'systemd.service(5) Restart=', 'corpus README: unit_restart_policy_conflict'],
    recipe: 'no --restart on the container when the unit has Restart=',
  },
  check(ctx) {
    if (ctx.restart === 'no') return [];
    const out = [];
    for (const run of ctx.runs) {
      const o = option(run.invocation.parsed, 'restart');
      if (!o || !/^(always|unless-stopped)(:|$)/.test(o.value)) continue;
      out.push({
        range: o.arg.range,
        message:
          `The container is created with --restart=${o.value} while the unit also has Restart=${ctx.restart}: ` +
          'the engine and systemd both restart it.',
        fixes: [fix(`Remove --restart=${o.value}`, [ctx.removeOption(o)], true)],
        pragmaLines: [run.command.entry.firstLine],
      });
    }
    return out;
  },
};
