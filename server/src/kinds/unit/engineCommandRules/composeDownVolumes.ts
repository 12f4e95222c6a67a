import { option } from '../../../runspec/commandLine';
import { fix, type UnitRule } from './context';

export const unitComposeDownVolumes: UnitRule = {
  meta: {
    id: 'SCT305',
    name: 'unit-compose-down-volumes',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'compose down -v in a unit deletes the named volumes on every stop/restart',
    explanation:
      '`docker compose down -v` (`--volumes`) removes the named volumes declared in the compose file, and ' +
      'anonymous volumes, together with the containers. In ExecStartPre=, ExecStop= or ExecStopPost= it runs ' +
      'on every start, stop and restart of the unit (and `RuntimeMaxSec=` or `Restart=` make those routine): ' +
      "the application's data is deleted each time. Use `down` without `-v`.",
    sources: [
      'docker-compose down --help (docker-compose 1.29): "-v, --volumes Remove named volumes declared in the ' +
        'volumes section of the Compose file and anonymous volumes"',
      'corpus README: unit_compose_down_volumes',
    ],
    recipe: 'docker compose down (without -v)',
  },
  check(ctx) {
    const out = [];
    for (const c of ctx.commands) {
      const inv = c.invocation;
      if (inv.kind !== 'compose' || inv.verb !== 'down' || !inv.parsed) continue;
      const v = option(inv.parsed, 'volumes');
      if (!v || /^(false|0)$/i.test(v.value)) continue;
      out.push({
        range: v.arg.range,
        message:
          `${c.key} runs "${inv.tool} down" with ${v.arg.value}: the named volumes of the project are deleted ` +
          'every time this line runs.',
        fixes: [fix(`Remove ${v.arg.value}`, [ctx.removeOption(v)], true)],
        pragmaLines: [c.entry.firstLine],
      });
    }
    return out;
  },
};
