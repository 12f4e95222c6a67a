import type { DockerfileRule } from '../ruleContext';
import { pruneRemovals, order } from '../pruneEvents';
import { pruneBlock } from '../../dockerfile/recipes';

export const installAfterPrune: DockerfileRule = {
  meta: {
    id: 'SCT109',
    name: 'install-after-prune',
    kind: 'dockerfile',
    defaultSeverity: 'info',
    summary: 'packages are installed after the wants were pruned',
    explanation:
      'Package scripts enable their units when installed (`deb-systemd-helper`, RPM presets), re-creating ' +
      '`*.wants` links after the prune: an `apt-get install openssh-server` after the prune brings ' +
      '`ssh.service` back into `multi-user.target.wants`. On a systemd base that pruned its wants ' +
      '(`jrei/systemd-*`, `dokken/*`), every install of the child comes after that prune. Prune after the ' +
      'last install, or prune again. Sometimes intended (the units are wanted): then ignore this rule for ' +
      'that line.',
    sources: ['seed 001 article', '../shared/design.md §1', 'docs/verified-behaviour.md claim 11'],
    recipe: 'install packages first, then the prune block',
  },
  check(ctx) {
    const { facts, model } = ctx;
    const prunes = pruneRemovals(facts);
    // A systemd base that emptied (some of) its wants links came first: every install of this file is after it.
    const basePruned =
      model.base.systemdReady && (model.base.prunesWants === 'yes' || model.base.prunesWants === 'partial');
    if (prunes.length === 0 && !basePruned) return [];
    const lastPrune = prunes.length > 0 ? Math.max(...prunes.map((p) => order(p))) : -Infinity;
    const late = facts.installs.filter((i) => order(i) > lastPrune);
    const root = model.chain[0].from;
    const where =
      prunes.length > 0
        ? { range: prunes[prunes.length - 1].step.range, message: 'the wants are pruned here' }
        : {
            range: root.getImageRange() ?? root.getRange(),
            message: `the base image ${model.base.reference} pruned the wants`,
          };
    const after = prunes.length > 0 ? 'the wants prune' : "the base image's wants prune";
    return late.slice(0, 1).map((install) => ({
      range: ctx.spanRange(install.run, install.item),
      message:
        `${install.item.packages.join(' ') || 'Packages'} installed after ${after}: ` +
        'their packages can re-enable units (re-create *.wants links).',
      related: [where],
      fixes:
        install.step.stageIndex === ctx.model.target.index
          ? [
              {
                title: 'Prune the wants again after this install',
                edits: [ctx.insertLines(install.step.range.end.line + 1, [pruneBlock(facts.recipe.unitDir, ctx.eol)])],
                preferred: true,
              },
            ]
          : [],
    }));
  },
};
