import { option } from '../../../runspec/commandLine';
import { fix, type UnitRule } from './context';

export const unitPodmanNotifyWithoutSdnotify: UnitRule = {
  meta: {
    id: 'SCT310',
    name: 'unit-podman-notify-without-sdnotify',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'Type=notify with podman run but no --sdnotify=conmon',
    explanation:
      "With `Type=notify` systemd waits for READY=1 on its notification socket. `podman run`'s default " +
      '`--sdnotify=container` passes that socket into the container and leaves the notification to the ' +
      'containerized application, which for ordinary images never sends it: the start times out ' +
      '(TimeoutStartSec=) and the unit fails. `--sdnotify=conmon` makes Podman notify as soon as the container ' +
      'runs (what `podman generate systemd --new` and Quadlet use). A container that runs systemd itself does ' +
      'send READY=1, so the rule stays silent for it.',
    sources: [
      'podman-run(1) --sdnotify',
      'systemd.service(5) Type=notify',
      'corpus README: unit_podman_notify_without_sdnotify',
    ],
    recipe: 'podman run --sdnotify=conmon',
  },
  check(ctx) {
    if (ctx.type !== 'notify' && ctx.type !== 'notify-reload') return [];
    const out = [];
    for (const run of ctx.runs) {
      const inv = run.invocation;
      if (run.command.key !== 'ExecStart' || inv.tool !== 'podman' || inv.verb !== 'run') continue;
      if (option(inv.parsed, 'sdnotify') || run.judgement.runsSystemd === 'yes') continue;
      out.push({
        range: inv.verbArg.range,
        message:
          'Type=notify, but podman run has no --sdnotify=conmon: with the default (container) READY=1 must ' +
          'come from the application in the container, so the start times out unless it sends it.',
        fixes: [fix('Add --sdnotify=conmon', [ctx.insertOptions(inv, ['--sdnotify=conmon'])], true)],
        pragmaLines: [run.command.entry.firstLine],
      });
    }
    return out;
  },
};
