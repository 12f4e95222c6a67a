import type { DockerfileRule } from '../ruleContext';
import { containerEnvEdit, needsContainerEnv } from '../recipeEdits';

export const missingContainerEnv: DockerfileRule = {
  meta: {
    id: 'SCT105',
    name: 'missing-container-env',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'no container= variable for systemd',
    explanation:
      "systemd's container interface asks the runtime to set `container=` in PID 1's environment; " +
      '`ConditionVirtualization=`, `systemd-detect-virt` and several units use it. Docker does not set it ' +
      '(Podman sets `container=podman`). Modern systemd also detects `/.dockerenv` and `/run/.containerenv`, ' +
      'so this is a warning, not an error. Any value is accepted (`docker`, `podman`, `oci`).',
    sources: ['systemd: docs/CONTAINER_INTERFACE.md', '../shared/design.md §1', 'docs/verified-behaviour.md claim 3'],
    recipe: 'ENV container=docker',
  },
  check(ctx) {
    const { facts, model } = ctx;
    if (!needsContainerEnv(ctx, facts.intent)) return [];
    const unknownBase = model.base.setsContainerEnv === 'unknown';
    return [
      {
        range: ctx.fromRange,
        message:
          'This systemd image does not set container= (add ENV ' +
          `container=docker)${unknownBase ? '; the base image is unknown and may set it' : ''}.`,
        severity: unknownBase ? 'info' : undefined,
        fixes: [{ title: 'Add ENV container=docker', edits: [containerEnvEdit(ctx)], preferred: true }],
      },
    ];
  },
};
