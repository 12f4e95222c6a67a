import { fix, type UnitContext, type UnitRule } from './context';

const DEPENDENCY_KEYS = ['Requires', 'Wants', 'BindsTo', 'Requisite'];
const DOCKER_UNITS = new Set(['docker.service', 'docker.socket']);

const BLANKS = /\s+/;

/** Whether a [Unit] list setting (after its last reset) names docker.service or docker.socket. */
function namesDockerUnit(ctx: UnitContext, key: string): boolean {
  for (const e of ctx.unit.list('Unit', key)) if (e.value.split(BLANKS).some((u) => DOCKER_UNITS.has(u))) return true;
  return false;
}

export const unitMissingDockerDependency: UnitRule = {
  meta: {
    id: 'SCT304',
    name: 'unit-missing-docker-dependency',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'uses the Docker CLI without Requires=/Wants= on docker.service',
    explanation:
      'A unit that runs the Docker client needs the Docker daemon. `After=docker.service` only orders the two ' +
      'units when both are started; it does not start Docker. Without `Requires=`, `Wants=`, `BindsTo=` or ' +
      '`Requisite=` on `docker.service` (or `docker.socket`), starting the unit at boot or by hand can run ' +
      '`docker` before (or without) the daemon: "Cannot connect to the Docker daemon". Add ' +
      '`Requires=docker.service` together with `After=docker.service`.',
    sources: [
      'systemd.unit(5): Requires=, Wants=, After= ("ordering is independent of requirement dependencies")',
      'corpus README: unit_missing_docker_dependency',
    ],
    recipe: 'Requires=docker.service + After=docker.service',
  },
  check(ctx) {
    const docker = ctx.commands.filter((c) =>
      c.invocation.kind === 'engine' ? c.invocation.tool === 'docker' : c.invocation.tool !== 'podman-compose',
    );
    if (!docker.length) return [];
    if (DEPENDENCY_KEYS.some((k) => namesDockerUnit(ctx, k))) return [];
    const ordered = namesDockerUnit(ctx, 'After');
    const first = docker[0];
    const lines = ['Requires=docker.service', ...(ordered ? [] : ['After=docker.service'])];
    return [
      {
        range: first.invocation.program.range,
        message:
          'This unit runs the Docker CLI but does not require ' +
          `docker.service${ordered ? ' (After= only orders, it does not pull Docker in)' : ''}: it can start ` +
          'before or without the daemon. Add ' +
          `Requires=docker.service${ordered ? '' : ' and After=docker.service'}.`,
        fixes: [fix(`Add ${lines.join(' and ')} to [Unit]`, [ctx.addDirective('Unit', lines)], true)],
        pragmaLines: [first.entry.firstLine],
      },
    ];
  },
};
