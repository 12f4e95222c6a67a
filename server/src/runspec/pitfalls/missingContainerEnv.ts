import type { Pitfall } from './types';

export const missingContainerEnvPitfall: Pitfall = {
  meta: {
    id: 'missing-container-env',
    summary: 'systemd container without container= in its environment',
    defaultSeverity: 'info',
    explanation:
      "systemd's container interface asks the runtime to set `container=` in PID 1's environment; systemd and " +
      '`ConditionVirtualization=` use it to know they run in a container. Under Docker systemd 252 also finds ' +
      '`/.dockerenv`, so nothing visible changes there (verified), but other engines and tools look only at the ' +
      'variable. Podman sets `container=podman` itself. When the image is unknown the finding is informational: the ' +
      'image may set it.',
    sources: ['systemd docs/CONTAINER_INTERFACE.md', '../shared/design.md §1', 'docs/verified-behaviour.md claim 3'],
  },
  check({ spec, judgement, vocabulary: v, podmanMode, absenceKnown }) {
    const image = judgement.image;
    const hasEnv = spec.env.some((e) => e.name === 'container');
    if (podmanMode || hasEnv || !absenceKnown || spec.envFiles.length > 0 || image.setsContainerEnv === 'yes')
      return [];
    const known = image.setsContainerEnv === 'no';
    // A Dockerfile we read (or tried to) speaks for the image: stay silent unless it says no.
    const silent = image.source === 'dockerfile' || image.source === 'unreadable-dockerfile' ? !known : false;
    if (silent) return [];
    return [
      {
        pitfall: 'missing-container-env',
        severity: known ? undefined : 'info',
        message: known
          ? `Neither this configuration nor ${image.label} sets container= for systemd. Add ${v.containerEnv}.`
          : `container= is not set here; unless ${image.label} sets it, systemd relies on /.dockerenv to know it ` +
            `runs in a container. Add ${v.containerEnv}.`,
      },
    ];
  },
  fix(_report, _spec, w) {
    return { title: w.containerEnv, edits: [{ op: 'set-env', name: 'container', value: 'docker' }], preferred: true };
  },
};
