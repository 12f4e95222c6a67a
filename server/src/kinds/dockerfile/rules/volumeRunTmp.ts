import type { DockerfileRule } from '../ruleContext';
import { volumeEdit } from '../volumeEdit';

const TMPFS_PATHS = new Set(['/run', '/run/lock', '/tmp', '/var/run']);

export const volumeRunTmp: DockerfileRule = {
  meta: {
    id: 'SCT113',
    name: 'volume-run-tmp',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'VOLUME /run, /run/lock or /tmp instead of tmpfs',
    explanation:
      'systemd expects `/run`, `/run/lock` and `/tmp` to be tmpfs: empty at every boot. A `VOLUME` makes them ' +
      'anonymous on-disk volumes that keep stale PID files, sockets and locks across `docker restart`, and a ' +
      'new volume for every container. Mount tmpfs at run time (`--tmpfs /run --tmpfs /run/lock --tmpfs /tmp`; ' +
      "Podman's systemd mode does it itself).",
    sources: ['systemd: docs/CONTAINER_INTERFACE.md', '../shared/design.md §1', 'docs/verified-behaviour.md claim 9'],
    recipe: 'docker run --tmpfs /run --tmpfs /run/lock --tmpfs /tmp …',
  },
  check(ctx) {
    const { facts, model } = ctx;
    if (!facts.intent && !facts.usesSystemd) return [];
    const byInstruction = new Map<object, string[]>();
    for (const v of model.volumes) {
      const path = v.path.replace(/\/+$/, '') || '/';
      if (!TMPFS_PATHS.has(path)) continue;
      byInstruction.set(v.range, [...(byInstruction.get(v.range) ?? []), v.path]);
    }
    return [...byInstruction.entries()].map(([range, paths]) => ({
      range: range as (typeof model.volumes)[number]['range'],
      message:
        `VOLUME ${paths.join(' ')}: systemd expects tmpfs here; a volume keeps stale runtime state across ` +
        'restarts (use --tmpfs at run time).',
      fixes: [
        volumeEdit(
          ctx,
          range as (typeof model.volumes)[number]['range'],
          paths,
          `Remove ${paths.join(' ')} from VOLUME`,
        ),
      ],
    }));
  },
};
