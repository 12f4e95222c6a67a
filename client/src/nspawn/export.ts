/**
 * An image's file system as a machine directory: the engine exports a created (never started)
 * container of the image as a tar stream, which the host's tar unpacks as root with numeric
 * owners and modes kept (setuid helpers, /var/log/journal's group). The container is removed
 * whatever happens. A directory that already holds a machine is replaced only when no machine
 * runs from it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type Docker from 'dockerode';
import type { Endpoint } from '../../../shared/engine/endpoint';
import { toEngineError } from '../../../shared/engine/errors';
import { runProgram } from './process';

/** Label on the short-lived export container, so a crash in between leaves something findable. */
export const EXPORT_LABEL = 'sct.nspawn-export';

export interface ExportOptions {
  tar: string;
  endpoint?: Endpoint;
  signal?: AbortSignal;
}

/** Mount points at or below `dir` in this mount namespace (a machine still using it, a bind left behind). */
export function mountsUnder(dir: string, mountinfo = readMountinfo()): string[] {
  const root = path.resolve(dir);
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === root || p.startsWith(`${root}/`));
}

function readMountinfo(): string {
  try {
    return fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return '';
  }
}

/**
 * Replaces `dir` with the file system of `image`. Returns the seconds it took. Throws with a
 * clear message when something still has mounts inside the directory.
 */
export async function exportImageTo(
  docker: Docker,
  image: string,
  dir: string,
  options: ExportOptions,
): Promise<number> {
  const t0 = Date.now();
  const target = path.resolve(dir);
  if (target === '/' || path.dirname(target) === target) throw new Error(`Refusing to export into ${target}.`);
  const busy = mountsUnder(target);
  if (busy.length)
    throw new Error(
      `${target} is in use (mounted: ${busy.slice(0, 3).join(', ')}); stop the machine that runs from it first.`,
    );
  // Unpack next to the target and swap at the end: a failed export leaves the old tree intact.
  const staging = `${target}.sct-export-${process.pid}`;
  await fs.promises.rm(staging, { recursive: true, force: true });
  await fs.promises.mkdir(staging, { recursive: true, mode: 0o755 });
  let containerId: string | undefined;
  try {
    try {
      // Never started: the command only has to exist for create to accept an image without CMD.
      const c = await docker.createContainer({
        Image: image,
        Entrypoint: ['/nonexistent'],
        Cmd: [],
        Labels: { [EXPORT_LABEL]: 'true' },
        HostConfig: { NetworkMode: 'none' },
      });
      containerId = c.id;
      const stream = (await c.export()) as unknown as NodeJS.ReadableStream;
      const r = await runProgram(
        options.tar,
        [
          '--extract',
          '--file=-',
          `--directory=${staging}`,
          '--numeric-owner',
          '--preserve-permissions',
          '--same-owner',
        ],
        {
          input: stream,
          timeoutMs: 10 * 60_000,
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      if (r.exitCode !== 0)
        throw new Error(
          `tar could not unpack ${image} into ${staging} ` +
            `(exit ${r.exitCode}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`,
        );
    } catch (e) {
      if (e instanceof Error && (e.name === 'AbortError' || /^tar could not/.test(e.message))) throw e;
      throw toEngineError(e, options.endpoint);
    }
    await fs.promises.rm(target, { recursive: true, force: true });
    await fs.promises.rename(staging, target);
    return Math.round((Date.now() - t0) / 100) / 10;
  } finally {
    if (containerId)
      await docker
        .getContainer(containerId)
        .remove({ force: true })
        .catch(() => undefined);
    await fs.promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}
