import type { DockerfileRule } from '../ruleContext';
import { completionEdits, mergeInsertions } from '../recipeEdits';

export const missingInitCmd: DockerfileRule = {
  meta: {
    id: 'SCT101',
    name: 'missing-init-cmd',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    summary: 'systemd is set up but the image never starts it',
    explanation:
      'The file installs or configures systemd (enables or masks units, prunes wants, sets `container=`), but ' +
      'the effective `CMD`/`ENTRYPOINT` runs something else, or nothing: an image without `CMD` inherits its ' +
      "base's (`bash` on Debian, Ubuntu, Fedora). The enabled units then never run. systemd must be PID 1: " +
      'use an exec-form `CMD` with the init path.',
    sources: [
      'systemd: docs/CONTAINER_INTERFACE.md',
      'seed 000 (Docker) and 003 (Podman) articles',
      'docs/verified-behaviour.md claim 15',
    ],
    recipe: 'CMD ["/lib/systemd/systemd"]  (Debian/Ubuntu; /usr/sbin/init on Fedora/RHEL)',
  },
  check(ctx) {
    const { facts, model } = ctx;
    // A replacement systemctl (docker-systemctl-replacement) is its own init: nothing to start.
    if (facts.starts.kind !== 'no' || !facts.usesSystemd || facts.systemdPresent === 'no' || facts.systemctlReplaced)
      return [];
    const init = facts.recipe.initPath;
    const spec = facts.starts.spec;
    const fixes = [];
    if (spec && spec.inStage === model.target.index) {
      fixes.push({
        title: `Replace ${spec.keyword} with ${spec.keyword} ["${init}"]`,
        edits: mergeInsertions([
          ...completionEdits(ctx),
          { range: spec.range, newText: `${spec.keyword} ["${init}"]` },
        ]),
        preferred: true,
      });
    } else {
      fixes.push({
        title: `Add CMD ["${init}"]`,
        edits: mergeInsertions([...completionEdits(ctx), ctx.insertLines(model.lines.lineCount, [`CMD ["${init}"]`])]),
        preferred: true,
      });
    }
    return [
      {
        range: spec ? spec.range : ctx.fromRange,
        message: spec
          ? `systemd is configured here, but ${spec.keyword} does not start it: systemd must run as PID 1 ` +
            `(${spec.keyword} ["${init}"]).`
          : `systemd is configured here, but there is no CMD: the image inherits its base's command and systemd ` +
            `never starts (add CMD ["${init}"]).`,
        fixes,
      },
    ];
  },
};
