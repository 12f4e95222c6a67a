import type { DockerfileRule } from '../ruleContext';
import { needsStopSignal, stopSignalEdit } from '../recipeEdits';

export const missingStopsignal: DockerfileRule = {
  meta: {
    id: 'SCT106',
    name: 'missing-stopsignal',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'no STOPSIGNAL SIGRTMIN+3',
    explanation:
      '`docker stop` sends SIGTERM by default, and systemd as PID 1 re-executes itself on SIGTERM instead of ' +
      'shutting down; after the timeout (10 s) Docker sends SIGKILL, units get no clean stop and the container ' +
      'exits 137. systemd shuts down cleanly on SIGRTMIN+3. `SIGRTMIN+3`, `RTMIN+3` and `37` are accepted.',
    sources: [
      'systemd(1): SIGRTMIN+3 halts the system; SIGTERM re-executes the manager',
      '../shared/design.md §1, §3',
      'docs/verified-behaviour.md claim 2',
    ],
    recipe: 'STOPSIGNAL SIGRTMIN+3',
  },
  check(ctx) {
    const { facts, model } = ctx;
    if (!needsStopSignal(ctx, facts.intent)) return [];
    const unknownBase = model.base.setsStopSignal === 'unknown';
    if (model.stopSignal) {
      return [
        {
          range: model.stopSignal.range,
          message: `STOPSIGNAL ${model.stopSignal.value} does not stop systemd cleanly: it shuts down on SIGRTMIN+3.`,
          fixes: [
            {
              title: 'Use STOPSIGNAL SIGRTMIN+3',
              edits: [{ range: model.stopSignal.range, newText: 'STOPSIGNAL SIGRTMIN+3' }],
              preferred: true,
            },
          ],
        },
      ];
    }
    return [
      {
        range: ctx.fromRange,
        message:
          'This systemd image has no STOPSIGNAL SIGRTMIN+3: docker stop sends SIGTERM, systemd does not shut ' +
          'down, and it is killed after the ' +
          `timeout${unknownBase ? ' (the base image is unknown and may set it)' : ''}.`,
        severity: unknownBase ? 'info' : undefined,
        fixes: [{ title: 'Add STOPSIGNAL SIGRTMIN+3', edits: [stopSignalEdit(ctx)], preferred: true }],
      },
    ];
  },
};
