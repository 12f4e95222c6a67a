/**
 * The containers that run systemd, as the containers view lists them: ours (any state, found by
 * the run profile's labels) and any container whose PID 1 is an init, with the state systemd
 * reports in the running ones; and the units worth showing in a container or machine.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { toEngineError } from './errors';
import { containerTarget, type SystemdTarget } from './exec';
import { isInitCommand } from './runProfile';
import { isBeingStopped } from './stoppingContainers';
import { listManagedContainers, listUnits, type UnitState } from './units';

export interface SystemdContainer {
  id: string;
  name: string;
  image: string;
  /** Engine state: running, exited, created… */
  state: string;
  /** `Up 3 minutes`, `Exited (0) 2 seconds ago`. */
  status: string;
  /** For an exited container: its exit code (from `status`). */
  exitCode?: number;
  /** Created by "Run with systemd" (label sct.managed=true). */
  managed: boolean;
  /** PID 1's command as the engine lists it. */
  command: string;
  /** `systemctl is-system-running` for running containers. */
  systemState?: string;
  labels: Record<string, string>;
}

/** Every unit systemd knows in the target but those it only heard of (not found and inactive). */
export async function listShownUnits(target: SystemdTarget): Promise<UnitState[]> {
  const units = await listUnits(target, { all: true });
  return units.filter((u) => !(u.load === 'not-found' && u.active === 'inactive'));
}

/** States after which systemd's answer changes by itself (the boot is not over yet). */
export function isBooting(state: string | undefined): boolean {
  return state === 'starting' || state === 'initializing';
}

/**
 * `systemctl is-system-running` as the view shows it: `starting` while systemd's bus is not up,
 * `unknown` when it cannot be asked.
 */
export async function shownSystemState(target: SystemdTarget): Promise<string> {
  try {
    const r = await target.exec(['systemctl', 'is-system-running'], { timeoutMs: 5000 });
    return r.stdout.trim().split('\n').pop() || (/Failed to connect to bus/i.test(r.stderr) ? 'starting' : 'unknown');
  } catch {
    return 'unknown';
  }
}

/** `Exited (255) 3 seconds ago` → 255. */
export function exitCodeOf(status: string): number | undefined {
  const m = /^Exited \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : undefined;
}

/**
 * Ours (any state) plus any container whose PID 1 is an init (`/sbin/init`, `…/systemd`), also
 * exited or never started ones: a container started by hand with the wrong flags that died at
 * boot shows with its exit code, for Diagnose Boot. The engine's list already carries the
 * command, so no inspect per container. Running ones first, then by name.
 */
export async function listSystemdContainers(docker: Docker, endpoint: Endpoint): Promise<SystemdContainer[]> {
  const managed = await listManagedContainers(docker, { endpoint });
  let all: Awaited<ReturnType<typeof docker.listContainers>>;
  try {
    all = await docker.listContainers({ all: true });
  } catch (e) {
    throw toEngineError(e, endpoint);
  }
  const found = new Map<string, SystemdContainer>();
  const commandOf = new Map(all.map((c) => [c.Id, c.Command ?? '']));
  const withExit = (status: string): { exitCode?: number } => {
    const code = exitCodeOf(status);
    return code !== undefined ? { exitCode: code } : {};
  };
  for (const m of managed) {
    found.set(m.id, {
      id: m.id,
      name: m.name,
      image: m.image,
      state: m.state,
      status: m.status,
      ...withExit(m.status),
      managed: true,
      command: commandOf.get(m.id) ?? '',
      labels: m.labels,
    });
  }
  for (const c of all) {
    if (found.has(c.Id)) continue;
    const argv0 = (c.Command ?? '').trim().split(/\s+/)[0] ?? '';
    if (!isInitCommand([argv0])) continue;
    found.set(c.Id, {
      id: c.Id,
      name: (c.Names?.[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      ...withExit(c.Status ?? ''),
      managed: false,
      command: c.Command ?? '',
      labels: c.Labels ?? {},
    });
  }
  const list = [...found.values()];
  await Promise.all(
    list
      .filter((c) => c.state === 'running')
      .map(async (c) => {
        // Being stopped by us: asking would start an exec that the shutdown can catch half set up.
        c.systemState = isBeingStopped(c.id)
          ? 'stopping'
          : await shownSystemState(containerTarget(docker, c.id, endpoint));
      }),
  );
  return list.sort(
    (a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name),
  );
}
