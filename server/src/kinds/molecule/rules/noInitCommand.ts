import { systemdSetupSignals } from '../../../runspec/systemdIntent';
import { MOLECULE_DEFAULT_COMMAND } from '../model';
import { moleculeFix, type MoleculeRule } from './context';

const SLEEP_LOOP = `${MOLECULE_DEFAULT_COMMAND.slice(0, 2).join(' ')} "${MOLECULE_DEFAULT_COMMAND[2]}"`;

/**
 * A platform set up for systemd (an image that runs it, or cgroup and tmpfs settings) without a
 * `command:`: Molecule's create playbook then runs its sleep loop as PID 1 and systemd never starts.
 */
export const moleculeNoInitCommand: MoleculeRule = {
  meta: {
    id: 'SCT811',
    name: 'molecule-no-init-command',
    kind: 'molecule',
    defaultSeverity: 'warning',
    summary: 'a platform meant for systemd has no command, so Molecule runs a sleep loop as PID 1',
    explanation:
      "Without `command:` (and unless `override_command: false`), molecule-plugins' docker and podman drivers " +
      `start every platform with \`${SLEEP_LOOP}\`, replacing the image's CMD: PID 1 is bash, systemd never ` +
      'starts, and a role that manages services fails with `System has not been booted with systemd as init ' +
      'system (PID 1)`. An image that runs systemd by its own CMD (geerlingguy/docker-*-ansible) needs ' +
      '`command: ""` to keep it; any other needs its init as the command.',
    sources: [
      'molecule-plugins: src/molecule_plugins/docker/playbooks/create.yml and podman/playbooks/create.yml ' +
        '("Determine the CMD directives": item.command | default(\'bash -c "while true; do sleep 10000; done"\'))',
      '../shared/design.md §3',
    ],
    recipe: 'command: /lib/systemd/systemd (or command: "" for an image whose CMD is systemd)',
  },
  check(ctx) {
    return ctx.platforms.flatMap((p) => {
      const platform = p.platform;
      if (!platform.defaultCommand) return [];
      // Meant for systemd: its image runs it, or it is set up for it (cgroup, tmpfs, container=, stop signal).
      const signals = systemdSetupSignals(platform.spec);
      const why =
        p.image.runsSystemd === 'yes'
          ? `${p.image.label} runs systemd`
          : signals.strong.length || signals.weak.length >= 2
            ? `it is set up for systemd: ${[...signals.strong, ...signals.weak].join(', ')}`
            : undefined;
      if (!why) return [];
      const keepImageCmd = p.image.runsSystemd === 'yes';
      const command = keepImageCmd ? '""' : '/lib/systemd/systemd';
      const edits = ctx.setKey(platform, 'command', command);
      return [
        {
          range: platform.anchor,
          message:
            `Platform "${platform.name}" has no command: Molecule runs ${SLEEP_LOOP} as PID 1 and systemd ` +
            `never starts (${why}).`,
          detail: keepImageCmd
            ? `command: "" keeps the image's own CMD, which starts systemd.`
            : 'command: /lib/systemd/systemd starts systemd (with systemd installed in the image).',
          fixes: edits.length ? [moleculeFix(`Add command: ${command}`, edits, true)] : [],
          pragmaLines: [platform.anchor.start.line],
        },
      ];
    });
  },
};
