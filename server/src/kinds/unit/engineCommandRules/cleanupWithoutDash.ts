import { boolOption, option } from '../../../runspec/commandLine';
import { fix, type UnitRule } from './context';

const STOP_VERBS = new Set(['stop', 'rm', 'kill']);

export const unitCleanupWithoutDash: UnitRule = {
  meta: {
    id: 'SCT303',
    name: 'unit-cleanup-without-dash',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'ExecStop/ExecStopPost stops or removes a --rm container without "-"',
    explanation:
      'systemd runs ExecStop= whenever the service had started, "even if the processes in the service ' +
      'terminated on their own or were killed", and ExecStopPost= always. A container run with `--rm` is ' +
      'removed as soon as it exits, so after a crash (or when `docker stop` already removed it) `docker stop ' +
      'NAME` / `docker rm NAME` fail with "No such container" and the unit ends up failed (checked: `docker ' +
      'stop`, `docker kill` and `docker rm` of a missing container exit 1; `docker rm -f` exits 0 and is not ' +
      "reported). Prefix the line with `-` (a failure is then recorded but ignored), or use Podman's " +
      '`--ignore`.',
    sources: [
      'systemd.service(5): ExecStop=, ExecStopPost=, the "-" prefix',
      'docker-run(1) --rm',
      'podman-stop(1) --ignore',
      'dockerd check (Docker CLI 28.2.2, dockerd 20.10): exit codes of stop/kill/rm/rm -f on a missing container',
      'corpus README: unit_cleanup_without_dash',
    ],
    recipe: 'ExecStop=-/usr/bin/docker stop NAME',
  },
  check(ctx) {
    const removed = ctx.runs.filter((r) => r.spec.remove?.value === true);
    if (!removed.length) return [];
    const names = new Set(removed.map((r) => r.spec.name?.value).filter((n): n is string => !!n));
    const cidfiles = new Set(
      removed.map((r) => option(r.invocation.parsed, 'cidfile')?.value).filter((n): n is string => !!n),
    );
    const out = [];
    for (const c of ctx.commands) {
      if ((c.key !== 'ExecStop' && c.key !== 'ExecStopPost') || c.shell || c.exec.ignoreFailure) continue;
      const inv = c.invocation;
      if (inv.kind !== 'engine' || !STOP_VERBS.has(inv.verb)) continue;
      if (inv.tool === 'podman' && boolOption(inv.parsed, 'ignore')) continue;
      // `docker rm -f` of a missing container exits 0 (checked with the Docker CLI 28.2.2); `stop`, `kill` and plain
      // `rm` exit 1.
      if (inv.tool === 'docker' && inv.verb === 'rm' && boolOption(inv.parsed, 'force')) continue;
      const cid = option(inv.parsed, 'cidfile')?.value;
      const targets = inv.parsed.positionals.map((p) => p.value);
      if (!targets.some((t) => names.has(t)) && !(cid && cidfiles.has(cid))) continue;
      const what = targets.join(' ') || cid || '';
      out.push({
        range: inv.verbArg.range,
        message:
          `${c.key} runs ${inv.tool} ${inv.verb} ${what} on a container started with --rm: when it is already ` +
          'gone the command fails and the unit is marked failed. Prefix the line with "-".',
        fixes: [fix('Prefix the line with "-" (ignore its failure)', [ctx.dashPrefix(c.entry)], true)],
        pragmaLines: [c.entry.firstLine],
      });
    }
    return out;
  },
};
