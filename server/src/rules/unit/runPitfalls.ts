/**
 * The systemd-as-PID-1 pitfalls of `docker run` / `podman run` / `create` lines in units (the same
 * checks as for compose services and devcontainers), each with fixes that edit the run line.
 */
import { isCgroupRoot, PITFALL_TEXT, type PitfallId } from '../../runspec/pitfalls';
import { option } from '../../runspec/commandLine';
import type { RuleMeta, TextEdit } from '../../core/types';
import { fix, RUN_FLAGS, type UnitContext, type UnitRule, type UnitRun } from './context';

function meta(id: string, pitfall: PitfallId, recipe: string, extra = ''): RuleMeta {
  const text = PITFALL_TEXT[pitfall];
  return {
    id,
    name: `unit-run-${pitfall}`,
    kind: 'unit',
    defaultSeverity: text.defaultSeverity,
    summary: `${text.summary} (docker/podman run in a unit)`,
    explanation: `${text.explanation} This rule checks \`docker\`/\`podman\` \`run\` and \`create\` command lines in a ` + `unit's Exec lines (also inside \`sh -c\`); Podman's systemd mode (an init command, or ` + `\`--systemd=always\`) provides tmpfs, cgroup, stop signal and \`container=\` itself.${extra}`,
    sources: [...text.sources, 'systemd.service(5) COMMAND LINES'],
    recipe,
  };
}

/** Flags that give the cgroup arrangement that works on cgroup v1 and v2 (what is missing of it). */
function cgroupFlags(run: UnitRun): string[] {
  const flags: string[] = [];
  if (run.spec.cgroupns?.value !== 'host') flags.push(RUN_FLAGS.cgroupHost);
  if (!run.spec.mounts.some((m) => m.kind === 'bind' && isCgroupRoot(m))) flags.push(...RUN_FLAGS.cgroupMount);
  return flags;
}

function insert(ctx: UnitContext, run: UnitRun, flags: string[]): TextEdit[] {
  return flags.length ? [ctx.insertOptions(run.invocation, flags)] : [];
}

export const unitRunMissingTmpfs: UnitRule = {
  meta: meta('SCT351', 'missing-tmpfs', '--tmpfs /run --tmpfs /run/lock'),
  check: (ctx) => ctx.each('missing-tmpfs', (run, r) => [fix(`Add --tmpfs ${r.missingTmpfs!.join(', ')}`, insert(ctx, run, RUN_FLAGS.tmpfs(r.missingTmpfs!)), true)]),
};

export const unitRunMissingCgroup: UnitRule = {
  meta: meta('SCT352', 'missing-cgroup', '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw'),
  check: (ctx) => ctx.each('missing-cgroup', (run) => [fix('Add --cgroupns=host and a writable /sys/fs/cgroup mount (cgroup v1 and v2)', insert(ctx, run, cgroupFlags(run)), true)]),
};

export const unitRunPrivileged: UnitRule = {
  meta: meta('SCT353', 'privileged', '--tmpfs /run --tmpfs /run/lock --cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw instead of --privileged'),
  check: (ctx) =>
    ctx.each('privileged', (run) => {
      const o = option(run.invocation.parsed, 'privileged');
      if (!o) return [];
      const tmpfs = new Set(run.spec.mounts.filter((m) => m.kind === 'tmpfs').map((m) => m.target));
      const flags = [...RUN_FLAGS.tmpfs(['/run', '/run/lock'].filter((d) => !tmpfs.has(d))), ...cgroupFlags(run)];
      return [fix('Replace --privileged with --tmpfs, --cgroupns=host and a writable /sys/fs/cgroup mount', [ctx.removeOption(o), ...insert(ctx, run, flags)])];
    }),
};

/** The option that wrote a mount (its range is the option's range). */
function mountOption(run: UnitRun, range: { start: { line: number; character: number } }) {
  return run.invocation.parsed.options.find((o) => {
    const r = o.arg.range;
    return r.start.line === range.start.line && r.start.character === range.start.character;
  });
}

export const unitRunCgroupRoMount: UnitRule = {
  meta: meta('SCT354', 'cgroup-ro-mount', '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw'),
  check: (ctx) =>
    ctx.each('cgroup-ro-mount', (run, r) => {
      const o = mountOption(run, r.mount!.range);
      if (!o || o.name !== 'volume') return [];
      const valueRange = o.valueArg ? o.valueArg.range : o.arg.range;
      const value = o.valueArg ? o.valueArg.value : o.arg.value;
      const edit = ctx.replacePlain(valueRange, value, value.replace(/:ro(,|$)/, ':rw$1'));
      if (!edit) return [];
      return [fix('Mount /sys/fs/cgroup read-write with --cgroupns=host (cgroup v1 and v2)', [edit, ...insert(ctx, run, run.spec.cgroupns?.value === 'host' ? [] : [RUN_FLAGS.cgroupHost])], true)];
    }),
};

export const unitRunCgroupRwWithoutCgroupnsHost: UnitRule = {
  meta: meta('SCT355', 'cgroup-rw-without-cgroupns-host', '--cgroupns=host'),
  check: (ctx) => ctx.each('cgroup-rw-without-cgroupns-host', (run) => [fix('Add --cgroupns=host', insert(ctx, run, [RUN_FLAGS.cgroupHost]), true)]),
};

export const unitRunCgroupV1PathMount: UnitRule = {
  meta: meta('SCT356', 'cgroup-v1-path-mount', '--cgroupns=host -v /sys/fs/cgroup:/sys/fs/cgroup:rw (or nothing when privileged)'),
  check: (ctx) =>
    ctx.each('cgroup-v1-path-mount', (run, r) => {
      const o = mountOption(run, r.mount!.range);
      if (!o) return [];
      const others = run.spec.mounts.filter((m) => m !== r.mount);
      const flags = run.spec.privileged?.value ? [] : [...(run.spec.cgroupns?.value === 'host' ? [] : [RUN_FLAGS.cgroupHost]), ...(others.some((m) => m.kind === 'bind' && isCgroupRoot(m)) ? [] : RUN_FLAGS.cgroupMount)];
      return [fix(flags.length ? 'Mount /sys/fs/cgroup read-write with --cgroupns=host instead (cgroup v1 and v2)' : `Remove the ${r.mount!.source ?? r.mount!.target} mount`, [ctx.removeOption(o), ...insert(ctx, run, flags)], true)];
    }),
};

export const unitRunMissingStopSignal: UnitRule = {
  meta: meta('SCT357', 'missing-stop-signal', '--stop-signal=SIGRTMIN+3'),
  check: (ctx) =>
    ctx.each('missing-stop-signal', (run) => {
      const o = option(run.invocation.parsed, 'stop-signal');
      if (o) return [fix('Use --stop-signal=SIGRTMIN+3', [ctx.removeOption(o), ctx.insertOptions(run.invocation, [RUN_FLAGS.stopSignal])], true)];
      return [fix('Add --stop-signal=SIGRTMIN+3', insert(ctx, run, [RUN_FLAGS.stopSignal]), true)];
    }),
};

export const unitRunMissingContainerEnv: UnitRule = {
  meta: meta('SCT358', 'missing-container-env', '-e container=docker'),
  check: (ctx) => ctx.each('missing-container-env', (run) => [fix('Add -e container=docker', insert(ctx, run, RUN_FLAGS.containerEnv), true)]),
};

export const unitRunHostRunLockBind: UnitRule = {
  meta: meta('SCT359', 'host-run-lock-bind', '--tmpfs /run --tmpfs /run/lock instead of binding the host directories'),
  check: (ctx) =>
    ctx.each('host-run-lock-bind', (run, r) => {
      const o = mountOption(run, r.mount!.range);
      if (!o) return [];
      const target = r.mount!.target.replace(/\/+$/, '').replace(/^\/var\/run/, '/run');
      const has = run.spec.mounts.some((m) => m.kind === 'tmpfs' && m.target.replace(/\/+$/, '') === target);
      return [fix(`Replace the bind with --tmpfs ${target}`, [ctx.removeOption(o), ...insert(ctx, run, has ? [] : RUN_FLAGS.tmpfs([target]))], true)];
    }),
};

export const unitRunHostNetworkSystemd: UnitRule = {
  meta: meta('SCT360', 'host-network-systemd', 'no --network=host (publish ports with -p)'),
  check: (ctx) => ctx.each('host-network-systemd', () => []),
};
