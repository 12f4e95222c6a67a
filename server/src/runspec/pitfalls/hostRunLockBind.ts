import type { Pitfall, RunEdit } from './types';
import { clean, RUN_DIRS } from './mountPaths';

export const hostRunLockBindPitfall: Pitfall = {
  meta: {
    id: 'host-run-lock-bind',
    summary: "host's /run or /run/lock bind-mounted instead of a tmpfs",
    defaultSeverity: 'warning',
    explanation:
      "systemd expects `/run` and `/run/lock` to be fresh tmpfs mounts that it owns. A bind of the host's directory " +
      "shares the host's runtime state with the container: the container's systemd and services write their lock " +
      "files, PID files and sockets into the host's directory, see the host's, and the content survives container " +
      'restarts. Mount a tmpfs there instead.',
    sources: [
      '../shared/design.md §1',
      'docs/verified-behaviour.md claim 9',
      'corpus README: compose_host_run_lock_bind',
    ],
  },
  check({ spec }) {
    return spec.mounts
      .filter(
        (m) =>
          m.kind === 'bind' && m.source !== undefined && RUN_DIRS.has(clean(m.source)) && RUN_DIRS.has(clean(m.target)),
      )
      .map((m) => ({
        pitfall: 'host-run-lock-bind' as const,
        range: m.range,
        mount: m,
        message:
          `The host's ${clean(m.source!)} is bind-mounted on ${clean(m.target)}: systemd expects a tmpfs it owns ` +
          "there, and the container now shares the host's runtime state. Use a tmpfs.",
      }));
  },
  fix(report, spec, w) {
    const mount = report.mount!;
    const target = mount.target.replace(/\/+$/, '').replace(/^\/var\/run/, '/run');
    const hasTmpfs = spec.mounts.some((m) => m.kind === 'tmpfs' && m.target.replace(/\/+$/, '') === target);
    const edits: RunEdit[] = [{ op: 'remove-mount', mount }];
    if (!hasTmpfs) edits.push({ op: 'add-tmpfs', targets: [target] });
    return { title: `Replace the bind with ${w.tmpfsOn(target)}`, edits, preferred: true };
  },
};
