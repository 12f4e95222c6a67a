import { fix, type UnitRule } from './context';

export const unitKillmodeNone: UnitRule = {
  meta: {
    id: 'SCT306',
    name: 'unit-killmode-none',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'KillMode=none (strongly recommended against; leaves processes behind)',
    explanation:
      'With `KillMode=none` systemd runs ExecStop= and then kills nothing: processes the unit started (a ' +
      "container's conmon, a client, helper shells) stay behind, outside any supervision, and a restart starts " +
      'new ones beside them. systemd.kill(5) calls it "strongly recommended against" because processes ' +
      "escape the service manager's lifecycle, and since systemd 246 (NEWS) systemd warns about services that " +
      'use it. Old `podman generate systemd` output used it with `Type=forking`; current Podman uses Quadlet ' +
      'or `--cgroups=no-conmon` with `Type=notify` instead. Use the default `control-group` (or `mixed`).',
    sources: [
      'systemd.kill(5) (systemd 257): KillMode= ("none, no process is killed (strongly recommended against!)")',
      'systemd NEWS, version 246: "warn about services using KillMode=none"',
      'corpus README: unit_killmode_none',
    ],
    recipe: 'KillMode=control-group (the default): remove the line',
  },
  check(ctx) {
    if (!ctx.commands.length) return [];
    const entry = ctx.unit.last('Service', 'KillMode');
    if (!entry || entry.value.trim() !== 'none') return [];
    return [
      {
        range: entry.valueRange,
        message:
          'KillMode=none is strongly recommended against (systemd warns about it): systemd leaves the ' +
          'processes of this unit behind when it stops. Remove it (default control-group) or use ' +
          'KillMode=mixed.',
        fixes: [
          fix('Remove KillMode=none (use the default control-group)', [ctx.deleteEntry(entry)], true),
          fix('Use KillMode=mixed', [{ range: entry.valueRange, newText: 'mixed' }]),
        ],
      },
    ];
  },
};
