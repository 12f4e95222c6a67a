import { option } from '../../../runspec/commandLine';
import { fix, type UnitRule } from './context';

export const unitDetachedRunTypeSimple: UnitRule = {
  meta: {
    id: 'SCT302',
    name: 'unit-detached-run-type-simple',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'detached run (-d) in ExecStart of a Type=simple service',
    explanation:
      'With `Type=simple` (the default) or `Type=exec`, the service is running as long as the ExecStart ' +
      'process runs. `docker run -d` / `compose up -d` return as soon as the container is started, so systemd ' +
      'sees the main process exit: the unit becomes inactive (and runs its ExecStop= and ExecStopPost= lines, ' +
      'which may stop the container it just started) or, with `Restart=always`, is restarted in a loop. Run ' +
      'attached (without `-d`), or declare the start as one-shot with `Type=oneshot` and ' +
      '`RemainAfterExit=yes`. (Type=oneshot allows only `Restart=no` or `on-failure`.)',
    sources: [
      'systemd.service(5): Type=simple, Type=oneshot, RemainAfterExit=',
      'corpus README: unit_detached_run_type_simple',
    ],
    recipe: 'run attached, or Type=oneshot + RemainAfterExit=yes',
  },
  check(ctx) {
    const type = ctx.type;
    if (!['simple', 'exec'].includes(type) || ctx.remainAfterExit) return [];
    const out = [];
    for (const c of ctx.commands) {
      if (c.key !== 'ExecStart') continue;
      const inv = c.invocation;
      const parsed =
        inv.kind === 'engine'
          ? inv.verb === 'run'
            ? inv.parsed
            : undefined
          : inv.verb === 'up'
            ? inv.parsed
            : undefined;
      const d = parsed && option(parsed, 'detach');
      if (!d || /^(false|0)$/i.test(d.value)) continue;
      const fixes = [fix('Run attached (remove -d)', [ctx.removeOption(d)], true)];
      if (['no', 'on-failure'].includes(ctx.restart))
        fixes.push(
          fix('Use Type=oneshot and RemainAfterExit=yes', [
            ctx.setService('Type', 'oneshot'),
            ctx.setService('RemainAfterExit', 'yes'),
          ]),
        );
      out.push({
        range: d.arg.range,
        message:
          `ExecStart starts the container detached (-d) in a Type=${type} service: the command returns at once, ` +
          'so systemd considers the service ' +
          'finished' +
          (['always', 'on-success'].includes(ctx.restart) ? ` and restarts it (Restart=${ctx.restart})` : '') +
          '. ' +
          'Run attached, or use Type=oneshot with RemainAfterExit=yes.',
        fixes,
        pragmaLines: [c.entry.firstLine],
      });
    }
    return out;
  },
};
