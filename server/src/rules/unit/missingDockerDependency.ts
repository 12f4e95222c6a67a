import { fix, type UnitRule } from './context';

const DEPENDENCY_KEYS = ['Requires', 'Wants', 'BindsTo', 'Requisite'];
const DOCKER_UNITS = new Set(['docker.service', 'docker.socket']);

export const unitMissingDockerDependency: UnitRule = {
  meta: {
    id: 'SCT304',
    name: 'unit-missing-docker-dependency',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'uses the Docker CLI without Requires=/Wants= on docker.service',
    explanation:
      "A unit that runs the Docker client needs the Docker daemon. `After=docker.service` only orders the two units when both are started; it does not start Docker. Without `Requires=`, `Wants=`, `BindsTo=` or `Requisite=` on `docker.service` (or `docker.socket`), starting the unit at boot or by hand can run `docker` before (or without) the daemon: \"Cannot connect to the Docker daemon\". Add `Requires=docker.service` together with `After=docker.service`.",
    sources: ['systemd.unit(5): Requires=, Wants=, After= ("ordering is independent of requirement dependencies")', 'corpus README: unit_missing_docker_dependency'],
    recipe: 'Requires=docker.service + After=docker.service',
  },
  check(ctx) {
    const docker = ctx.commands.filter((c) => (c.invocation.kind === 'engine' ? c.invocation.tool === 'docker' : c.invocation.tool !== 'podman-compose'));
    if (!docker.length) return [];
    const words = (key: string) => ctx.unit.list('Unit', key).flatMap((e) => e.value.split(/\s+/));
    if (DEPENDENCY_KEYS.some((k) => words(k).some((u) => DOCKER_UNITS.has(u)))) return [];
    const ordered = words('After').some((u) => DOCKER_UNITS.has(u));
    const first = docker[0];
    const lines = ['Requires=docker.service', ...(ordered ? [] : ['After=docker.service'])];
    return [
      {
        range: first.invocation.program.range,
        message: `This unit runs the Docker CLI but does not require docker.service${ordered ? ' (After= only orders, it does not pull Docker in)' : ''}: it can start before or without the daemon. Add Requires=docker.service${ordered ? '' : ' and After=docker.service'}.`,
        fixes: [fix(`Add ${lines.join(' and ')} to [Unit]`, [ctx.addDirective('Unit', lines)], true)],
        pragmaLines: [first.entry.firstLine],
      },
    ];
  },
};
