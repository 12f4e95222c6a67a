import type { DockerfileRule } from '../ruleContext';

export const sbinInitWithoutSysvPkg: DockerfileRule = {
  meta: {
    id: 'SCT103',
    name: 'sbin-init-without-sysv-pkg',
    kind: 'dockerfile',
    defaultSeverity: 'error',
    summary: '/sbin/init is started but its package is not installed',
    explanation:
      'On Debian and Ubuntu `/sbin/init` comes from `systemd-sysv` (SUSE: `systemd-sysvinit`, Arch: ' +
      '`systemd-sysvcompat`), not from `systemd`. Installing only `systemd` and starting `/sbin/init` fails ' +
      'with `stat /sbin/init: no such file or directory`. Start systemd by its own path, or install the ' +
      'package.',
    sources: ['../shared/design.md §1', 'Debian package systemd-sysv file list', 'docs/verified-behaviour.md claim 12'],
    recipe: 'CMD ["/lib/systemd/systemd"]  or  apt-get install systemd-sysv',
  },
  check(ctx) {
    const { facts } = ctx;
    const starts = facts.starts;
    if (starts.kind !== 'yes' || !/^\/(usr\/)?sbin\/init$/.test(starts.initWord) || facts.sbinInitProvided !== 'no')
      return [];
    const spec = starts.spec;
    if (!spec) return [];
    const sysv = facts.recipe.sysvPackage ?? 'systemd-sysv';
    const fixes = [];
    // Exec form, or a simple shell-form command (converted to exec form on the way).
    const only =
      spec.form === 'shell' && spec.commands.length === 1 && spec.commands[0].words.every((w) => !w.dynamic)
        ? spec.commands[0].words.map((w) => w.value)
        : undefined;
    const argv = spec.form === 'exec' ? spec.args : only;
    if (argv && argv[0] === starts.initWord) {
      const args = [facts.recipe.initPath, ...argv.slice(1)].map((a) => JSON.stringify(a)).join(', ');
      fixes.push({
        title: `Start ${facts.recipe.initPath} instead`,
        edits: [{ range: spec.range, newText: `${spec.keyword} [${args}]` }],
        preferred: true,
      });
    }
    const install = facts.systemdInstall;
    if (install) {
      fixes.push({
        title: `Install ${sysv}`,
        edits: [ctx.insertLines(install.step.range.end.line + 1, [`RUN ${facts.recipe.install([sysv])}`])],
      });
    }
    return [
      {
        range: spec.range,
        message:
          `${starts.initWord} is provided by ${sysv}, which is not installed: the container will not start ` +
          `(use ${facts.recipe.initPath} or install ${sysv}).`,
        fixes,
        related: install ? [{ range: install.step.range, message: 'systemd installed without ' + sysv }] : undefined,
      },
    ];
  },
};
