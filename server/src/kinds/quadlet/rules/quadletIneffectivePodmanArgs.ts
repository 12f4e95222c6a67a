import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { optionOn, podmanOptions } from '../podmanArgs';
import { removeOption, wordsRange } from '../podmanEdits';
import { parseBoolean } from '../../unit/unitFile';

export const quadletIneffectivePodmanArgs: UnitFileRule = {
  meta: {
    id: 'SCT505',
    name: 'quadlet-ineffective-podman-args',
    kind: 'quadlet',
    defaultSeverity: 'warning',
    summary: 'PodmanArgs= options that do nothing or fight the generated service',
    explanation:
      'PodmanArgs= is pasted into the generated `podman run` right before the image (podman-systemd.unit(5)), after ' +
      'the options Quadlet writes itself: `--name`, `--replace`, `--rm`, `--cgroups=split`, `--sdnotify=…` and, ' +
      'unless the service is `Type=oneshot`, `-d`. Reported: `--init-path` without `--init` or `RunInit=true` ' +
      '(podman-run(1): it is only the "Path to the container-init binary" that `--init` runs, so alone it ' +
      'does nothing — and pointing it at systemd is not how to run systemd, see ' +
      'quadlet-systemd-image-without-systemd-mode); `--restart` (podman-run(1): "When running containers ' +
      'in systemd services, use the restart functionality provided by systemd … do not use this option ' +
      'in a container unit, instead set the Restart= systemd directive in the [Service] section"); ' +
      'and `--rm`, `--replace`, `-d`/`--detach` that Quadlet already passes (info: harmless, but ' +
      'they suggest options copied from a `podman generate systemd` unit).',
    sources: [
      'podman-systemd.unit(5) (podman 5.4): PodmanArgs=, RunInit=',
      'podman-run(1) (podman 5.4): --init, --init-path, --restart',
      'podman pkg/systemd/quadlet/quadlet.go: ConvertContainer (the options it writes)',
    ],
  },
  appliesTo: (doc) => doc.fileType === 'quadlet-container',
  check(ctx) {
    const options = podmanOptions(ctx);
    const out: UnitFileRuleReport[] = [];
    const runInit = parseBoolean(ctx.last('Container', 'RunInit')?.value ?? '') === true;
    const init = runInit || options.some((o) => o.name === '--init' && optionOn(o));
    const oneshot = ctx.last('Service', 'Type')?.value === 'oneshot';
    for (const o of options) {
      if (o.name === '--init-path' && !init) {
        out.push({
          range: wordsRange(o.words),
          message:
            '--init-path only selects the binary that --init (RunInit=true) runs; without --init it does nothing.',
          ...(o.value && /(^|\/)(init|systemd)$/.test(o.value)
            ? {
                detail:
                  `${o.value} is not a container-init: to run systemd, make it the command and use Podman's ` +
                  `systemd mode.`,
              }
            : {}),
          fixes: [
            {
              title: `Remove ${o.words.map((w) => w.value).join(' ')}`,
              edits: [removeOption(ctx, o)],
              preferred: true,
            },
          ],
        });
      } else if (o.name === '--restart') {
        out.push({
          range: wordsRange(o.words),
          message:
            `--restart in a Quadlet container fights systemd's own supervision: podman-run(1) says to use ` +
            `Restart= in [Service] instead.`,
          fixes: [{ title: `Remove ${o.words.map((w) => w.value).join(' ')}`, edits: [removeOption(ctx, o)] }],
        });
      } else if (
        o.name === '--rm' ||
        o.name === '--replace' ||
        ((o.name === '-d' || o.name === '--detach') && !oneshot)
      ) {
        out.push({
          range: wordsRange(o.words),
          message:
            `Quadlet already passes ${o.name === '--detach' ? '-d' : o.name} to podman run; this one has no ` +
            `effect.`,
          severity: 'info',
          fixes: [{ title: `Remove ${o.name}`, edits: [removeOption(ctx, o)], preferred: true }],
        });
      }
    }
    return out;
  },
};
