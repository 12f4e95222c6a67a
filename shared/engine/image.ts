/**
 * What the run profile needs to know about an image: its config (from inspect) and whether it
 * has systemd. The systemd check stats paths in a created-but-never-started container through
 * the archive API, so it works on images without a shell and costs one create/remove.
 */
import { posix } from 'path';
import type Docker from 'dockerode';
import { toEngineError } from './errors';
import type { Endpoint } from './endpoint';
import { readTar, type TarEntry } from './tar';
import { removeInBackground } from './probeRemovals';

export interface SystemdProbe {
  /** The systemd binary found (`/lib/systemd/systemd` or `/usr/lib/systemd/systemd`). */
  systemdPath?: string;
  /** Init paths that exist and resolve (`/sbin/init`, `/usr/sbin/init`). */
  initPaths: string[];
  /** Every path looked at, with what was found. */
  checked: Array<{ path: string; found: boolean; linkTarget?: string }>;
  /** systemd's major version (252), read without running it; undefined when it could not be read. */
  version?: number;
  /** Where the version was read: the systemd binary's libsystemd-shared-NNN.so, or dpkg's database. */
  versionSource?: string;
  /** Units /etc/systemd/system masks (links to /dev/null), by name. */
  masked?: string[];
}

export interface ImageFacts {
  ref: string;
  id?: string;
  cmd: string[];
  entrypoint: string[];
  /** `Config.StopSignal` as stored (`SIGRTMIN+3`, `RTMIN+3`, `37`), undefined when unset. */
  stopSignal?: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  volumes: string[];
  user?: string;
  os?: string;
  arch?: string;
  /** Undefined when not probed. */
  systemd?: SystemdProbe;
}

export const SYSTEMD_PATHS = ['/lib/systemd/systemd', '/usr/lib/systemd/systemd'];
export const INIT_PATHS = ['/sbin/init', '/usr/sbin/init'];

interface InspectLike {
  Id?: string;
  Os?: string;
  Architecture?: string;
  Config?: {
    Cmd?: string[] | null;
    Entrypoint?: string[] | string | null;
    StopSignal?: string;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Volumes?: Record<string, unknown> | null;
    User?: string;
  } | null;
}

/** An engine's `KEY=value` list (Config.Env of an image or container) as a map; a bare `KEY` has the empty value. */
export function parseEnvList(list: readonly string[] | null | undefined): Map<string, string> {
  const env = new Map<string, string>();
  for (const kv of list ?? []) {
    const eq = kv.indexOf('=');
    env.set(eq > 0 ? kv.slice(0, eq) : kv, eq > 0 ? kv.slice(eq + 1) : '');
  }
  return env;
}

export function imageFactsFromInspect(inspect: unknown, ref: string): ImageFacts {
  const i = (inspect ?? {}) as InspectLike;
  const c = i.Config ?? {};
  const facts: ImageFacts = {
    ref,
    cmd: c.Cmd ?? [],
    entrypoint: typeof c.Entrypoint === 'string' ? [c.Entrypoint] : (c.Entrypoint ?? []),
    env: Object.fromEntries(parseEnvList(c.Env)),
    labels: c.Labels ?? {},
    volumes: Object.keys(c.Volumes ?? {}),
  };
  if (i.Id) facts.id = i.Id;
  if (c.StopSignal) facts.stopSignal = c.StopSignal;
  if (c.User) facts.user = c.User;
  if (i.Os) facts.os = i.Os;
  if (i.Architecture) facts.arch = i.Architecture;
  return facts;
}

export interface InspectImageOptions {
  endpoint?: Endpoint;
  /** Also stat the systemd/init paths (one throwaway create). */
  probeSystemd?: boolean;
  /** Labels for the throwaway probe container (tests tag everything they create). */
  probeLabels?: Record<string, string>;
  /**
   * `paths`: only stat the systemd and init paths, what the run profile's flags depend on; the
   * version and the masked units are read by copying files out of the image (the engine runs a
   * chrooted tar for each: 150-250 ms), so a caller that can learn them later leaves them out.
   */
  probeDetail?: 'full' | 'paths';
  /**
   * Remove the probe container in the background (probeRemovals.ts); the caller awaits probeRemovals() before it exits.
   */
  deferProbeRemoval?: boolean;
  signal?: AbortSignal;
}

export async function inspectImage(
  docker: Docker,
  ref: string,
  options: InspectImageOptions = {},
): Promise<ImageFacts> {
  let facts: ImageFacts;
  try {
    facts = imageFactsFromInspect(await docker.getImage(ref).inspect(), ref);
  } catch (e) {
    throw toEngineError(e, options.endpoint);
  }
  if (options.probeSystemd)
    facts.systemd = facts.id ? await probeImageId(docker, facts.id, options) : await probeSystemd(docker, ref, options);
  return facts;
}

/**
 * Probes by image ID, kept for the session: an ID is the hash of the image's content, so its
 * probe cannot change, and "Run with systemd" on an unchanged Dockerfile (a build-cache hit,
 * the same ID) skips the probe container. Only results are kept, never failures.
 */
const probesById = new Map<string, { probe: SystemdProbe; full: boolean }>();
const PROBES_KEPT = 64;

async function probeImageId(docker: Docker, id: string, options: InspectImageOptions): Promise<SystemdProbe> {
  const full = options.probeDetail !== 'paths';
  const known = probesById.get(id);
  // A full probe answers a paths-only question too; not the other way round.
  if (known && (known.full || !full)) return known.probe;
  const probe = await probeSystemd(docker, id, options);
  if (probesById.size >= PROBES_KEPT) probesById.delete(probesById.keys().next().value!);
  probesById.set(id, { probe, full });
  return probe;
}

/** Stats the systemd and init paths inside the image; the probe container never starts. */
export async function probeSystemd(
  docker: Docker,
  ref: string,
  options: InspectImageOptions = {},
): Promise<SystemdProbe> {
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      Image: ref,
      Entrypoint: ['/sct-probe-never-started'],
      Cmd: [],
      NetworkDisabled: true,
      Labels: { 'sct.probe': '1', ...(options.probeLabels ?? {}) },
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
    const probed = container;
    const checked = await statAll(probed, [...SYSTEMD_PATHS, ...INIT_PATHS]);
    const probe: SystemdProbe = {
      initPaths: checked.filter((c) => c.found && INIT_PATHS.includes(c.path)).map((c) => c.path),
      checked,
    };
    const sd = checked.find((c) => c.found && SYSTEMD_PATHS.includes(c.path));
    if (sd) probe.systemdPath = sd.path;
    if (options.probeDetail === 'paths') return probe;
    const [version, masked] = await Promise.all([
      sd ? readSystemdVersion(probed, resolvedPath(sd.path, sd.linkTarget)) : undefined,
      readMasked(probed),
    ]);
    if (version) {
      probe.version = version.version;
      probe.versionSource = version.source;
    }
    if (masked) probe.masked = masked;
    return probe;
  } catch (e) {
    throw toEngineError(e, options.endpoint);
  } finally {
    const made = container;
    if (made && options.deferProbeRemoval) removeInBackground(() => made.remove({ force: true }));
    else if (made) await made.remove({ force: true }).catch(() => undefined);
  }
}

interface PathStat {
  name: string;
  mode: number;
  linkTarget: string;
}

export async function statPath(container: Docker.Container, p: string): Promise<PathStat | undefined> {
  try {
    const res = (await container.infoArchive({ path: p })) as unknown as {
      headers: Record<string, string>;
      resume?: () => void;
    };
    res.resume?.();
    const header = res.headers['x-docker-container-path-stat'];
    return header ? (JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat) : undefined;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

function resolvedPath(p: string, linkTarget: string | undefined): string {
  if (!linkTarget || linkTarget === p) return p;
  return linkTarget.startsWith('/') ? linkTarget : `${p.slice(0, p.lastIndexOf('/'))}/${linkTarget}`;
}

/** Files bigger than this are not read out of an image (the systemd binary is ~100 KB). */
const MAX_ARCHIVE_BYTES = 16 * 1024 * 1024;

/** The tar the archive API returns for a path of a (never started) container; undefined when the path is not there. */
export async function readArchive(container: Docker.Container, p: string): Promise<TarEntry[] | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await container.getArchive({ path: p })) as unknown as NodeJS.ReadableStream;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ARCHIVE_BYTES) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      throw new Error(`${p} is larger than ${MAX_ARCHIVE_BYTES} bytes in the image`);
    }
    chunks.push(chunk);
  }
  return readTar(Buffer.concat(chunks));
}

/** `libsystemd-shared-252.so` named in the binary's dynamic section (Debian, Fedora, Arch, SUSE alike). */
export function versionFromBinary(binary: Buffer): number | undefined {
  const m = /libsystemd-shared-(\d{3,})/.exec(binary.toString('latin1'));
  return m ? Number(m[1]) : undefined;
}

/** The systemd package's upstream major version from dpkg's status file (`Version: 252.39-1~deb12u2` → 252). */
export function versionFromDpkgStatus(status: string): number | undefined {
  for (const para of status.split(/\n\n+/)) {
    if (!/^Package: systemd$/m.test(para) || !/^Status: .* installed$/m.test(para)) continue;
    const m = /^Version: (?:\d+:)?(\d+)/m.exec(para);
    if (m) return Number(m[1]);
  }
  return undefined;
}

async function readSystemdVersion(
  container: Docker.Container,
  binaryPath: string,
): Promise<{ version: number; source: string } | undefined> {
  const bin = (await readArchive(container, binaryPath))?.find((e) => e.type === 'file');
  const fromBinary = bin ? versionFromBinary(bin.data) : undefined;
  if (fromBinary) return { version: fromBinary, source: `${binaryPath} (libsystemd-shared-${fromBinary}.so)` };
  const status = (await readArchive(container, '/var/lib/dpkg/status'))?.find((e) => e.type === 'file');
  const fromDpkg = status ? versionFromDpkgStatus(status.data.toString('utf8')) : undefined;
  return fromDpkg ? { version: fromDpkg, source: '/var/lib/dpkg/status (package systemd)' } : undefined;
}

/** Unit names linked to /dev/null in /etc/systemd/system (`systemctl mask`). */
async function readMasked(container: Docker.Container): Promise<string[] | undefined> {
  const entries = await readArchive(container, '/etc/systemd/system');
  if (!entries) return undefined;
  return entries
    .filter((e) => e.type === 'symlink' && e.linkName === '/dev/null')
    .map((e) => e.name.slice(e.name.lastIndexOf('/') + 1))
    .sort();
}

/**
 * Each path and whether it counts as found: it exists, or the target its symlink names does. The
 * paths are independent: one round trip for all of them; a second only for link targets that are
 * not among them (/sbin/init → /lib/systemd/systemd is answered by the first).
 */
async function statAll(container: Docker.Container, paths: string[]): Promise<SystemdProbe['checked']> {
  const stats = new Map(await Promise.all(paths.map(async (p) => [p, await statPath(container, p)] as const)));
  return Promise.all(
    paths.map(async (p) => {
      const st = stats.get(p);
      if (!st) return { path: p, found: false };
      // Podman reports the resolved path of every file as its linkTarget; only a different path is a link.
      if (!st.linkTarget || st.linkTarget === p) return { path: p, found: true };
      const target = posix.normalize(resolvedPath(p, st.linkTarget));
      const t = stats.has(target) ? stats.get(target) : await statPath(container, target);
      return { path: p, found: t !== undefined, linkTarget: st.linkTarget };
    }),
  );
}
