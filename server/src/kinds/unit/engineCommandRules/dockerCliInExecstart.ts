import type { UnitRule } from './context';

/** `docker run`, `docker start`, `docker compose up` … in ExecStart: the unit supervises the client. */
export const unitDockerCliInExecstart: UnitRule = {
  meta: {
    id: 'SCT301',
    name: 'unit-docker-cli-in-execstart',
    kind: 'unit',
    defaultSeverity: 'warning',
    summary: 'ExecStart runs the Docker client: systemd supervises the client, not the container',
    explanation:
      "The container is created and run by dockerd/containerd, outside this unit's cgroup: systemd only supervises " +
      'the `docker` (or `docker-compose`) client process. Resource limits and accounting of the unit do not apply ' +
      'to the container, `KillMode=`/`systemctl kill` reach only the client (an attached `docker run` forwards ' +
      'some signals, a SIGKILL after the stop timeout does not), the container can outlive the unit, and the ' +
      "unit can fail while the container keeps running. With Podman the container's processes run as " +
      'children of the command systemd started (no daemon): a Quadlet `.container` unit ' +
      '(podman-systemd.unit(5)), or `podman run` with `--sdnotify=conmon`, lets systemd supervise the ' +
      'container itself.',
    sources: [
      'seed 002 (podman and systemd: no daemon between systemd and the container)',
      'podman-systemd.unit(5) (Quadlet)',
      'corpus README: unit_docker_cli_in_execstart',
    ],
    recipe: 'a Podman Quadlet .container unit (or podman run --sdnotify=conmon with Type=notify)',
  },
  check(ctx) {
    return ctx.commands
      .filter((c) => c.key === 'ExecStart')
      .filter((c) => {
        const inv = c.invocation;
        if (inv.kind === 'engine') return inv.tool === 'docker' && (inv.verb === 'run' || inv.verb === 'start');
        return inv.tool !== 'podman-compose' && (inv.verb === 'up' || inv.verb === 'run' || inv.verb === 'start');
      })
      .map((c) => {
        const inv = c.invocation;
        const what = inv.kind === 'engine' ? `docker ${inv.verb}` : `${inv.tool} ${inv.verb}`;
        return {
          range: inv.program.range,
          message:
            `ExecStart runs the Docker client (${what}), so systemd supervises the client, not the ` +
            `container. Consider Podman with a Quadlet .container unit.`,
          detail: "The container runs under dockerd, outside this unit's cgroup.",
          pragmaLines: [c.entry.firstLine],
        };
      });
  },
};
