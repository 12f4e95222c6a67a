/**
 * The run-configuration pitfalls (runspec/pitfalls) as rules on `docker`/`podman` `run` and
 * `create` command lines in a unit's Exec lines: their ids and recipes, and how a fix's abstract
 * edits are written on the command line (options removed or rewritten where they are, new options
 * inserted together right after the verb).
 */
import type { Range, TextEdit } from '../../../core/types';
import { option } from '../../../runspec/commandLine';
import { pitfallFixes, pitfallRuleMeta, type FormatRule, type RunFormat } from '../../../runspec/pitfalls';
import { fix, type UnitContext, type UnitRule, type UnitRun } from './context';
import { CLI_VOCABULARY, CLI_WORDING } from './wording';

const RULES: FormatRule[] = [
  { pitfall: 'missing-tmpfs', id: 'SCT351', recipe: '--tmpfs /run --tmpfs /run/lock' },
  { pitfall: 'missing-cgroup', id: 'SCT352', recipe: '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw' },
  {
    pitfall: 'privileged',
    id: 'SCT353',
    recipe:
      '--tmpfs /run --tmpfs /run/lock --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw instead of --privileged',
  },
  { pitfall: 'cgroup-ro-mount', id: 'SCT354', recipe: '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw' },
  { pitfall: 'cgroup-rw-without-cgroupns-host', id: 'SCT355', recipe: '--cgroupns=host' },
  {
    pitfall: 'cgroup-v1-path-mount',
    id: 'SCT356',
    recipe: '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw (or nothing when privileged)',
  },
  { pitfall: 'missing-stop-signal', id: 'SCT357', recipe: '--stop-signal=SIGRTMIN+3' },
  { pitfall: 'missing-container-env', id: 'SCT358', recipe: '-e container=docker' },
  {
    pitfall: 'host-run-lock-bind',
    id: 'SCT359',
    recipe: '--tmpfs /run --tmpfs /run/lock instead of binding the host directories',
  },
  { pitfall: 'host-network-systemd', id: 'SCT360', recipe: 'no --network=host (publish ports with -p)' },
];

interface Target {
  ctx: UnitContext;
  run: UnitRun;
}

/** The option that wrote a mount (its range is the option's range). */
function mountOption(run: UnitRun, range: Range) {
  return run.invocation.parsed.options.find((o) => {
    const r = o.arg.range;
    return r.start.line === range.start.line && r.start.character === range.start.character;
  });
}

/** `:ro` → `:rw` in a `-v`/`--volume` option written plainly. */
function makeWritable({ ctx, run }: Target, range: Range): TextEdit | undefined {
  const o = mountOption(run, range);
  if (!o || o.name !== 'volume') return undefined;
  const valueRange = o.valueArg ? o.valueArg.range : o.arg.range;
  const value = o.valueArg ? o.valueArg.value : o.arg.value;
  return ctx.replacePlain(valueRange, value, value.replace(/:ro(,|$)/, ':rw$1'));
}

function removeMount({ ctx, run }: Target, range: Range): TextEdit | undefined {
  const o = mountOption(run, range);
  return o ? ctx.removeOption(o) : undefined;
}

export const cliRunFormat: RunFormat<Target> = {
  kind: 'unit',
  namePrefix: 'unit-run-',
  summarySuffix: ' (docker/podman run in a unit)',
  explanationSuffix:
    " This rule checks `docker`/`podman` `run` and `create` command lines in a unit's Exec lines (also inside `sh " +
    "-c`); Podman's systemd mode (an init command, or `--systemd=always`) provides tmpfs, cgroup, stop signal and " +
    '`container=` itself.',
  sourcesSuffix: ['systemd.service(5) COMMAND LINES'],
  vocabulary: CLI_VOCABULARY,
  wording: CLI_WORDING,
  spell(edits, target) {
    const { ctx, run } = target;
    const changes: TextEdit[] = [];
    // New options, in one order whatever the fix: tmpfs, cgroup namespace, cgroup bind, stop signal, environment.
    const tmpfs: string[] = [];
    let cgroupHost = false;
    let cgroupBind = false;
    let stopSignal: string | undefined;
    const env: string[] = [];
    for (const edit of edits) {
      let changed: TextEdit | undefined | null = null;
      switch (edit.op) {
        case 'remove-privileged': {
          const o = option(run.invocation.parsed, 'privileged');
          changed = o ? ctx.removeOption(o) : undefined;
          break;
        }
        case 'make-writable':
          changed = makeWritable(target, edit.mount.range);
          break;
        case 'remove-mount':
          changed = removeMount(target, edit.mount.range);
          break;
        case 'replace-with-cgroup-bind':
          changed = removeMount(target, edit.mount.range);
          cgroupBind = true;
          break;
        case 'add-tmpfs':
          tmpfs.push(...edit.targets);
          break;
        case 'set-cgroupns-host':
          cgroupHost = true;
          break;
        case 'add-cgroup-bind':
          cgroupBind = true;
          break;
        case 'set-stop-signal': {
          const o = edit.replacing ? option(run.invocation.parsed, 'stop-signal') : undefined;
          if (o) changed = ctx.removeOption(o);
          stopSignal = edit.value;
          break;
        }
        case 'set-env':
          env.push('-e', `${edit.name}=${edit.value}`);
          break;
      }
      if (changed === undefined) return undefined;
      if (changed) changes.push(changed);
    }
    const flags = [
      ...tmpfs.flatMap((d) => ['--tmpfs', d]),
      ...(cgroupHost ? ['--cgroupns=host'] : []),
      ...(cgroupBind ? ['-v', '/sys/fs/cgroup:/sys/fs/cgroup:rw'] : []),
      ...(stopSignal ? [`--stop-signal=${stopSignal}`] : []),
      ...env,
    ];
    return [...changes, ...(flags.length ? [ctx.insertOptions(run.invocation, flags)] : [])];
  },
  makeFix: (title, edits, preferred) => fix(title, edits, preferred),
};

/** One rule per run-configuration pitfall for the unit's run/create lines, in id order. */
export const unitRunPitfallRules: UnitRule[] = RULES.map((rule) => ({
  meta: pitfallRuleMeta(cliRunFormat, rule),
  check: (ctx) => ctx.each(rule.pitfall, (run, report) => pitfallFixes(cliRunFormat, report, run.spec, { ctx, run })),
}));
