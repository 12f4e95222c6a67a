import { fix, type DevcontainerRule } from './context';

export const devcontainerOverrideCommand: DevcontainerRule = {
  meta: {
    id: 'SCT261',
    name: 'devcontainer-override-command',
    kind: 'devcontainer',
    defaultSeverity: 'error',
    summary: 'systemd image with overrideCommand: systemd never starts',
    explanation:
      'For `image` and Dockerfile devcontainers `overrideCommand` defaults to true: the tools start the ' +
      'container with their own keep-alive command (`/bin/sh -c "… while sleep 1000; do :; done"`) instead ' +
      "of the image's command. An image that runs systemd as PID 1 then never starts systemd: the shell is PID " +
      '1 and `systemctl` fails with `System has not been booted with systemd as init system`. Set ' +
      '`"overrideCommand": false` so the image\'s init runs (and add the tmpfs and cgroup settings systemd ' +
      'needs, which the other devcontainer rules check once it does).',
    sources: [
      'devcontainer.json reference (containers.dev): overrideCommand',
      '../shared/design.md §1 (an init as the command), §3',
      'docs/verified-behaviour.md claim 15',
    ],
    recipe: '"overrideCommand": false',
  },
  check(ctx) {
    if (!ctx.commandOverridden || ctx.file.composeBased) return [];
    const words = ctx.file.spec.command?.value ?? [];
    if (words.length) return [];
    if (ctx.image.runsSystemd !== 'yes') return [];
    const where = ctx.file.overrideCommand?.range ?? ctx.file.anchor;
    return [
      {
        range: where,
        message:
          `${ctx.image.label[0].toUpperCase()}${ctx.image.label.slice(1)} runs systemd, ` +
          `but ${ctx.file.overrideCommand ? '"overrideCommand": true' : 'overrideCommand (true by default)'} ` +
          'replaces its command: systemd never becomes PID 1. Set "overrideCommand": false.',
        fixes: [fix('Set "overrideCommand": false', ctx.overrideCommandEdits(), true)].filter(
          (f) => f.edits.length > 0,
        ),
      },
    ];
  },
};
