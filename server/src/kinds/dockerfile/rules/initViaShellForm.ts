import type { DockerfileRule } from '../ruleContext';

export const initViaShellForm: DockerfileRule = {
  meta: {
    id: 'SCT104',
    name: 'init-via-shell-form',
    kind: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'systemd is started through a shell, so PID 1 may be the shell',
    explanation:
      'A shell-form `CMD`/`ENTRYPOINT` runs `/bin/sh -c "…"`, and `sh -c` without `exec` keeps the shell as ' +
      'PID 1: systemd is then not PID 1 (it refuses to run as the system manager or runs degraded), and ' +
      '`docker stop` signals the shell, which does not forward them. It only works by accident where `/bin/sh` ' +
      'is bash and the command is a single simple command. Use the exec form, or `exec` in the script.',
    sources: [
      'Dockerfile reference: CMD and ENTRYPOINT shell vs exec form',
      'systemd: docs/CONTAINER_INTERFACE.md',
      'docs/verified-behaviour.md claim 13',
    ],
    recipe: 'CMD ["/sbin/init"]',
  },
  check(ctx) {
    const starts = ctx.facts.starts;
    if (starts.kind !== 'yes' || (starts.via !== 'shell-form' && starts.via !== 'sh-c-without-exec') || !starts.spec)
      return [];
    const spec = starts.spec;
    const fixes = [];
    const only = spec.commands.length === 1 ? spec.commands[0] : undefined;
    if (starts.via === 'shell-form' && only && only.words.every((w) => !w.dynamic) && only.redirects.length === 0) {
      const argv = only.words.map((w) => JSON.stringify(w.value)).join(', ');
      fixes.push({
        title: `Use the exec form: ${spec.keyword} [${argv}]`,
        edits: [{ range: spec.range, newText: `${spec.keyword} [${argv}]` }],
        preferred: true,
      });
    } else if (starts.via === 'sh-c-without-exec' && spec.form === 'exec') {
      const c = spec.args.indexOf('-c');
      const script = spec.args[c + 1];
      const fixed = script.replace(
        new RegExp(`(^|[;&|]\\s*)(${starts.initWord.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')})`),
        '$1exec $2',
      );
      if (fixed !== script) {
        const args = spec.args.map((a, i) => JSON.stringify(i === c + 1 ? fixed : a)).join(', ');
        fixes.push({
          title: `Add exec before ${starts.initWord}`,
          edits: [{ range: spec.range, newText: `${spec.keyword} [${args}]` }],
          preferred: true,
        });
      }
    }
    return [
      {
        range: spec.range,
        message:
          starts.via === 'shell-form'
            ? `${spec.keyword} starts ${starts.initWord} in shell form: PID 1 is /bin/sh, not systemd, unless ` +
              'the shell happens to exec it. Use the exec form.'
            : `${starts.initWord} is started by sh -c without exec: the shell stays PID 1 and systemd is not PID 1.`,
        fixes,
      },
    ];
  },
};
