import type { DockerfileRule } from '../ruleContext';
import { completionEdits, mergeInsertions } from '../recipeEdits';

export const initWithoutSystemdPkg: DockerfileRule = {
  meta: {
    id: 'SCT102',
    name: 'init-without-systemd-pkg',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    summary: 'CMD starts an init that the image does not have',
    explanation:
      'The command is an init path, but systemd is neither in the base image nor installed. Fedora ≥ 34, UBI ' +
      'minimal, Debian, Ubuntu and the official application images (nginx, python, node …) ship without ' +
      'systemd, so the container fails at once with `exec: "/usr/sbin/init": stat /usr/sbin/init: no such file ' +
      'or directory`. Install systemd (and the package that provides `/sbin/init` where it is separate). ' +
      'Alpine has no systemd at all.',
    sources: ['../shared/design.md §1, §3', 'docs/verified-behaviour.md claim 16'],
    recipe:
      'RUN apt-get update && apt-get install -y --no-install-recommends systemd systemd-sysv && rm -rf ' +
      '/var/lib/apt/lists/*',
  },
  check(ctx) {
    const { facts, model } = ctx;
    if (facts.starts.kind !== 'yes' || facts.starts.via === 'inherited' || facts.systemdPresent !== 'no') return [];
    const spec = facts.starts.spec;
    const range = spec?.range ?? ctx.fromRange;
    if (model.base.family === 'alpine') {
      return [
        {
          range,
          message:
            `${facts.starts.initWord} is started, but Alpine has no systemd (it uses OpenRC): use a Debian, ` +
            'Fedora or similar base for a systemd image.',
        },
      ];
    }
    const packages = facts.recipe.systemdPackages;
    const line = `RUN ${facts.recipe.install(packages)}`;
    return [
      {
        range,
        message:
          `${facts.starts.initWord} is started, but systemd is not ` +
          `installed: ${model.base.reference ?? 'the base image'} ships without it ` +
          `(install ${packages.join(' and ')}).`,
        fixes: [
          {
            title: `Install ${packages.join(' ')}`,
            edits: mergeInsertions([ctx.insertLines(ctx.afterFromLine, [line]), ...completionEdits(ctx, 'yes')]),
            preferred: true,
          },
        ],
        related: [{ range: ctx.fromRange, message: 'base image without systemd' }],
      },
    ];
  },
};
