import type { DockerfileRule } from '../ruleContext';
import { WANTS_DIRS } from '../../dockerfile/facts';

const KEEP = `${WANTS_DIRS.sysinit}/systemd-tmpfiles-setup.service`;

export const invertedSysinitPrune: DockerfileRule = {
  meta: {
    id: 'SCT108',
    name: 'inverted-sysinit-prune',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'removes the one sysinit unit the recipe keeps, and keeps the rest',
    explanation:
      'The canonical prune removes everything in `sysinit.target.wants` *except* ' +
      '`systemd-tmpfiles-setup.service`, which creates `/run` and `/tmp` entries that services need. Deleting ' +
      'just that unit (e.g. `find … -name systemd-tmpfiles-setup.service -delete`) inverts the recipe: udev ' +
      'triggers, journal flush and the other sysinit units still start, and the tmpfiles set-up does not.',
    sources: ['../shared/design.md §2', 'corpus: kind and minikube base images', 'docs/verified-behaviour.md claim 4'],
    recipe:
      'cd /lib/systemd/system/sysinit.target.wants/ && for unit in *; do [ "$unit" = ' +
      'systemd-tmpfiles-setup.service ] || rm -f "$unit"; done',
  },
  check(ctx) {
    const { facts } = ctx;
    if (facts.pruned.sysinit) return [];
    const culprit = facts.removals.find(
      (r) => r.item.covers(KEEP) && !r.item.covers(`${WANTS_DIRS.sysinit}/systemd-udev-trigger.service`),
    );
    if (!culprit) return [];
    const dir = `${facts.recipe.unitDir}/sysinit.target.wants/`;
    const loop = `(cd ${dir} && for unit in *; do [ "$unit" = systemd-tmpfiles-setup.service ] || rm -f "$unit"; done)`;
    return [
      {
        range: ctx.spanRange(culprit.run, culprit.item),
        message:
          'This deletes sysinit.target.wants/systemd-tmpfiles-setup.service, the one unit the prune should ' +
          'keep, and leaves the other sysinit units in place.',
        fixes: [
          {
            title: 'Remove all sysinit wants except systemd-tmpfiles-setup.service',
            edits: [{ range: ctx.spanRange(culprit.run, culprit.item), newText: loop }],
            preferred: true,
          },
        ],
      },
    ];
  },
};
