/**
 * Which systemd and Podman a running container has, asked of the container itself
 * (`systemctl --version`, `podman --version` through the engine's exec, argv arrays, no shell),
 * for the linter's "auto" target release: a unit going into that image is judged for the systemd
 * that will read it. A command that is missing or fails means "not known", never an error.
 */
import type Docker from 'dockerode';
import * as path from 'path';
import type { Endpoint } from './endpoint';
import { containerTarget, type SystemdTarget } from './exec';
import { LABELS } from './runProfile';
import type { ContainerReleases } from '../containerReleases';

export interface ProbedReleases {
  /** 252 from "systemd 252 (252.39-1~deb12u2)". */
  systemd?: number;
  /** "5.8.6" from "podman version 5.8.6". */
  podman?: string;
}

/** The version number on the first line of `systemctl --version`. */
export function parseSystemctlVersion(stdout: string): number | undefined {
  const m = /^systemd (\d+)\b/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

/** The version of `podman --version` ("podman version 5.4.2", "podman version 4.3.1-dev"). */
export function parsePodmanVersionOutput(stdout: string): string | undefined {
  return /^podman(?:-remote)? version (\d+\.\d+(?:\.\d+)?)/m.exec(stdout)?.[1];
}

async function answer(target: SystemdTarget, argv: string[], signal?: AbortSignal): Promise<string | undefined> {
  try {
    const r = await target.exec(argv, { timeoutMs: 10_000, ...(signal ? { signal } : {}) });
    return r.exitCode === 0 ? r.stdout : undefined;
  } catch {
    return undefined; // no such program, the container stopped meanwhile …
  }
}

export async function probeReleases(target: SystemdTarget, signal?: AbortSignal): Promise<ProbedReleases> {
  const [systemctl, podman] = await Promise.all([
    answer(target, ['systemctl', '--version'], signal),
    answer(target, ['podman', '--version'], signal),
  ]);
  const out: ProbedReleases = {};
  const systemd = systemctl === undefined ? undefined : parseSystemctlVersion(systemctl);
  const podmanVersion = podman === undefined ? undefined : parsePodmanVersionOutput(podman);
  if (systemd !== undefined) out.systemd = systemd;
  if (podmanVersion !== undefined) out.podman = podmanVersion;
  return out;
}

function inside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The running containers Run with systemd started from a Dockerfile (label sct.dockerfile), with
 * what each says of its systemd and Podman; `workspaceFolder` is set when that Dockerfile lies in
 * one of `folders`. `cache` keeps a container's answers by id: they do not change while it runs.
 */
export async function runningContainerReleases(
  docker: Docker,
  folders: readonly string[],
  options: { endpoint?: Endpoint; signal?: AbortSignal; cache?: Map<string, ProbedReleases> } = {},
): Promise<ContainerReleases[]> {
  const list = await docker.listContainers({ filters: { status: ['running'], label: [LABELS.dockerfile] } });
  const out: ContainerReleases[] = [];
  const ids = new Set(list.map((c) => c.Id));
  for (const id of options.cache?.keys() ?? []) if (!ids.has(id)) options.cache!.delete(id);
  await Promise.all(
    list.map(async (c) => {
      const dockerfile = c.Labels?.[LABELS.dockerfile];
      if (!dockerfile) return;
      let probed = options.cache?.get(c.Id);
      if (!probed) {
        probed = await probeReleases(containerTarget(docker, c.Id, options.endpoint), options.signal);
        options.cache?.set(c.Id, probed);
      }
      const folder = folders.find((f) => inside(dockerfile, f));
      out.push({
        name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        dockerfile,
        ...(folder ? { workspaceFolder: folder } : {}),
        ...probed,
      });
    }),
  );
  // newest first: the container started last is the one the user is working with
  const created = new Map(list.map((c) => [(c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), c.Created]));
  return out.sort((a, b) => (created.get(b.name) ?? 0) - (created.get(a.name) ?? 0) || a.name.localeCompare(b.name));
}
