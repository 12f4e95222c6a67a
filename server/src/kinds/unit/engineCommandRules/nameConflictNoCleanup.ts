import { boolOption, option } from '../../../runspec/commandLine';
import { fix, type UnitRule } from './context';

export const unitNameConflictNoCleanup: UnitRule = {
  meta: {
    id: 'SCT308',
    name: 'unit-name-conflict-no-cleanup',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'run --name without --rm, --replace or a pre-start rm: restarts fail',
    explanation:
      'A container name is unique. A unit that runs `docker run --name X` without `--rm` leaves the stopped ' +
      'container behind, so the next start of the unit fails with `Conflict. The container name "/X" is ' +
      'already in use`. Remove it before starting (`ExecStartPre=-/usr/bin/docker rm -f X`), run it with ' +
      '`--rm`, or with Podman use `--replace`.',
    sources: ['docker-run(1) --name, --rm', 'podman-run(1) --replace', 'corpus README: unit_name_conflict_no_cleanup'],
    recipe: 'ExecStartPre=-/usr/bin/docker rm -f NAME (Podman: --replace)',
  },
  check(ctx) {
    const out = [];
    for (const run of ctx.runs) {
      const c = run.command;
      const inv = run.invocation;
      const name = option(inv.parsed, 'name');
      if (!name || !name.value) continue;
      if (run.spec.remove?.value || boolOption(inv.parsed, 'replace')) continue;
      // `docker inspect x || docker run …`, or a create whose failure is ignored, reuse an existing container.
      if (c.conditional || (inv.verb === 'create' && c.exec.ignoreFailure)) continue;
      const cleaned = ctx.commands.some((o) => {
        const i = o.invocation;
        if (o === c || i.kind !== 'engine' || i.verb !== 'rm') return false;
        if (!['ExecStartPre', 'ExecStop', 'ExecStopPost'].includes(o.key)) return false;
        return i.parsed.positionals.some((p) => p.value === name.value) || !!option(i.parsed, 'cidfile');
      });
      if (cleaned) continue;
      const fixes =
        inv.tool === 'podman'
          ? [fix('Add --replace', [ctx.insertOptions(inv, ['--replace'])], true)]
          : [
              fix(
                `Remove an old ${name.value} before starting (ExecStartPre=-… rm -f)`,
                [ctx.lineBefore(c.entry, `ExecStartPre=-${inv.program.value} rm -f ${name.value}`)],
                true,
              ),
            ];
      out.push({
        range: name.arg.range,
        message:
          `The container is named ${name.value} but never removed (no --rm, --replace or pre-start rm): the next ` +
          'start of the unit fails with "name already in use".',
        fixes,
        pragmaLines: [c.entry.firstLine],
      });
    }
    return out;
  },
};
