import type { DockerfileRule } from './context';

const RUNTIME_VERBS = new Set(['start', 'restart', 'reload', 'try-restart', 'reload-or-restart', 'try-reload-or-restart', 'condrestart']);

export const systemctlStartInRun: DockerfileRule = {
  meta: {
    id: 'SCT114',
    name: 'systemctl-start-in-run',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    summary: 'systemctl start/restart/reload during the build',
    explanation:
      "Every `RUN` runs in a fresh container without systemd as PID 1, so `systemctl start` fails with `System has not been booted with systemd as init system (PID 1). Can't operate.` / `Failed to connect to bus` and the build fails (or, behind `|| true`, silently does nothing). Enable the unit instead: `systemctl enable` only writes symlinks, and the unit starts when the container boots.",
    sources: ['../shared/design.md §1', 'docs/verified-behaviour.md claim 7'],
    recipe: 'RUN systemctl enable nginx.service',
  },
  check(ctx) {
    return ctx.facts.systemctl
      .filter((s) => RUNTIME_VERBS.has(s.item.verb))
      .map((s) => ({
        range: ctx.spanRange(s.run, s.item),
        message: `systemctl ${s.item.verb} cannot work during the build: systemd is not running in RUN steps (use systemctl enable; the unit starts at boot).`,
        fixes: [{ title: `Replace "${s.item.verb}" with "enable"`, edits: [{ range: ctx.spanRange(s.run, s.item.verbSpan), newText: 'enable' }], preferred: true }],
      }));
  },
};
