import { isSystemdStopSignal } from '../../kinds/dockerfile/facts';
import type { Pitfall } from './types';

export const missingStopSignalPitfall: Pitfall = {
  meta: {
    id: 'missing-stop-signal',
    summary: 'systemd container stopped with SIGTERM',
    defaultSeverity: 'warning',
    explanation:
      'A stop sends SIGTERM unless the image or the run configuration sets another signal. systemd as PID 1 ' +
      're-executes itself on SIGTERM instead of shutting down, so the stop waits for the timeout (10 s) and ends ' +
      'with SIGKILL, exit 137: no unit gets a clean stop. On SIGRTMIN+3 systemd halts cleanly and the stop takes ' +
      'well under a second (verified). `SIGRTMIN+3`, `RTMIN+3` and `37` all work. Podman sets it itself in its ' +
      'systemd mode. When the image is unknown the finding is informational: the image may set it.',
    sources: [
      'systemd(1): SIGRTMIN+3 halts, SIGTERM re-executes the manager',
      '../shared/design.md §1, §3',
      'docs/verified-behaviour.md claim 2',
      'podman-run(1) --systemd',
    ],
  },
  check({ spec, judgement, vocabulary: v, podmanMode, absenceKnown }) {
    if (podmanMode) return [];
    const written = spec.stopSignal;
    if (written && !written.dynamic && !isSystemdStopSignal(written.value)) {
      return [
        {
          pitfall: 'missing-stop-signal',
          range: written.range,
          message:
            `Stop signal ${written.value} does not stop systemd: it shuts down on SIGRTMIN+3 (with SIGTERM it ` +
            `re-executes and is killed after the timeout). Use ${v.stopSignal}.`,
        },
      ];
    }
    const image = judgement.image;
    if (written || !absenceKnown || image.setsStopSignal === 'yes') return [];
    const known = image.setsStopSignal === 'no';
    // A Dockerfile we read (or tried to) speaks for the image: stay silent unless it says no.
    const silent = image.source === 'dockerfile' || image.source === 'unreadable-dockerfile' ? !known : false;
    if (silent) return [];
    return [
      {
        pitfall: 'missing-stop-signal',
        severity: known ? undefined : 'info',
        message: known
          ? `Neither this configuration nor ${image.label} sets the stop signal: a stop sends SIGTERM, systemd ` +
            `re-executes instead of shutting down and is killed after the timeout. Add ${v.stopSignal}.`
          : `No stop signal is set here; unless ${image.label} sets STOPSIGNAL SIGRTMIN+3, a stop sends SIGTERM ` +
            `and systemd is killed after the timeout. Add ${v.stopSignal}.`,
      },
    ];
  },
  fix(report, spec, w) {
    const replacing = report.range ? spec.stopSignal : undefined;
    return {
      title: w.stopSignal(replacing !== undefined),
      edits: [{ op: 'set-stop-signal', value: 'SIGRTMIN+3', replacing }],
      preferred: true,
    };
  },
};
