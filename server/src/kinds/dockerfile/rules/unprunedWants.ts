import type { DockerfileRule } from '../ruleContext';
import { needsPrune, pruneEdit } from '../recipeEdits';

export const unprunedWants: DockerfileRule = {
  meta: {
    id: 'SCT107',
    name: 'unpruned-wants',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'default *.wants links are not pruned',
    explanation:
      'Distribution packages enable units for a machine with hardware: udev, gettys, remount-fs, timers, ' +
      'network wait. In a container they are skipped, fail or do work that makes no sense there: an unpruned ' +
      'Debian bookworm boots with 148 units loaded instead of 82 and arms apt-daily, apt-daily-upgrade, ' +
      'dpkg-db-backup and e2scrub timers; with auditd, udev or gettys in play the boot ends `degraded` ' +
      '(verified on dockerd: docs/verified-behaviour.md). The canonical recipe empties `sysinit.target.wants` ' +
      '(keeping `systemd-tmpfiles-setup.service`), `multi-user.target.wants`, `local-fs.target.wants`, ' +
      '`basic.target.wants`, the udev and initctl sockets and `/etc/systemd/system/*.wants`, after the ' +
      'packages are installed. A minimal custom default target is an alternative. Masking a few units is not ' +
      'pruning.',
    sources: [
      '../shared/design.md §2',
      'seed 001 and 003 articles (the CentOS systemd image recipe)',
      'docs/verified-behaviour.md claim 4',
    ],
    recipe:
      'RUN cd /lib/systemd/system/sysinit.target.wants/ && for unit in *; do [ "$unit" = ' +
      'systemd-tmpfiles-setup.service ] || rm -f "$unit"; done && rm -f …/multi-user.target.wants/* …',
  },
  check(ctx) {
    if (!needsPrune(ctx, ctx.facts.intent)) return [];
    const { facts, model } = ctx;
    const where = facts.systemdInstall
      ? 'systemd is installed'
      : model.base.systemdReady
        ? `systemd comes from ${model.base.reference}, which does not prune either,`
        : 'systemd is in the base image';
    return [
      {
        range: ctx.fromRange,
        message:
          `${where} but the default *.wants links are not pruned: units meant for a whole machine (timers, ` +
          'hardware, logins) start or fail in the container.',
        fixes: [
          { title: 'Add the wants prune block after the package installs', edits: [pruneEdit(ctx)], preferred: true },
        ],
      },
    ];
  },
};
