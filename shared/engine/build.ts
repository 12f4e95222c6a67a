/**
 * Builds an image from a Dockerfile the way `docker build` does: the context folder as a tar
 * stream honouring .dockerignore (the Dockerfile and .dockerignore are always sent), build args,
 * target, progress as it streams, cancellation. A failing step is mapped back to the Dockerfile
 * line of its instruction: the legacy builder numbers every instruction in file order
 * (`Step N/M : …`, including ARGs before the first FROM).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import type Docker from 'dockerode';
import dockerignore from '@balena/dockerignore';
import type { Endpoint } from './endpoint';
import { EngineError, describeEndpoint, toEngineError } from './errors';

// tar-fs ships no typings; this is the part of its API used here.
interface TarHeader {
  name: string;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
}
interface TarFs {
  pack(
    cwd: string,
    opts: {
      ignore?: (name: string) => boolean;
      map?: (h: TarHeader) => TarHeader;
      umask?: number;
      dereference?: boolean;
    },
  ): Readable;
}
const tarFs: TarFs = require('tar-fs');

export interface BuildOptions {
  contextDir: string;
  /** Relative to the context (default `Dockerfile`), or absolute inside it. */
  dockerfile?: string;
  /** Default: from the context folder's name (`tagFromFolder`). */
  tag?: string;
  buildArgs?: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
  noCache?: boolean;
  signal?: AbortSignal;
  onProgress?: (e: BuildProgress) => void;
  endpoint?: Endpoint;
}

export interface BuildStep {
  index: number;
  total: number;
  /** As the builder printed it, e.g. `RUN apt-get install …`. */
  text: string;
  /** 1-based line range of the instruction in the Dockerfile, when the step maps to one. */
  line?: number;
  endLine?: number;
}

export type BuildProgress =
  { kind: 'step'; step: BuildStep } | { kind: 'output'; text: string } | { kind: 'status'; text: string };

/**
 * What a build made on the engine that a finished build would have removed or kept as its
 * result: step containers not yet removed and the layers (intermediate images) of steps that
 * ran in this build (cache hits are not listed: they existed before). Newest last.
 */
export interface BuildLeftovers {
  containers: string[];
  images: string[];
}

/**
 * The connection to the engine broke while the build streamed (the engine stopped, crashed or
 * restarted). The legacy builder cannot clean up then: its step container and the layers of
 * the steps that ran stay behind; `leftovers` lists them for `removeBuildLeftovers` once the
 * engine is back.
 */
export class BuildInterruptedError extends EngineError {
  constructor(
    message: string,
    readonly leftovers: BuildLeftovers,
    readonly step: BuildStep | undefined,
    endpoint?: string,
    options?: { cause?: unknown },
  ) {
    super('unreachable', message, endpoint, undefined, options);
    this.name = 'BuildInterruptedError';
  }
}

export type BuildResult =
  | { ok: true; imageId: string; tag: string; steps: BuildStep[]; durationMs: number; log: string }
  | {
      ok: false;
      tag: string;
      error: string;
      failedStep?: BuildStep;
      steps: BuildStep[];
      durationMs: number;
      log: string;
    };

/**
 * A valid image name from a folder name: lower case, runs of other characters become `-`,
 * no leading or trailing separators (the reference grammar), `image` when nothing is left.
 */
export function tagFromFolder(folder: string, tag = 'latest'): string {
  const base = path.basename(path.resolve(folder));
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, (m) => (m === '__' ? m : '-'))
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 128);
  return `${name || 'image'}:${tag}`;
}

/** `<folder>:latest` for `Dockerfile`; `<folder>-<variant>:latest` for `variant.Dockerfile` / `Dockerfile.variant`. */
export function tagForDockerfile(dockerfile: string, contextDir: string): string {
  const name = tagFromFolder(contextDir).replace(/:latest$/, '');
  const variant = path
    .basename(dockerfile)
    .replace(/^(Dockerfile|Containerfile)\.?/i, '')
    .replace(/\.?(dockerfile|containerfile)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${variant ? `${name}-${variant}` : name}:latest`;
}

/** Instruction line ranges (1-based) in file order: what `Step N` counts. */
export function instructionLines(dockerfileText: string): Array<{ keyword: string; line: number; endLine: number }> {
  // The linter's Dockerfile reader (BuildKit's rules): the same instruction boundaries the builder counts.
  // Required here, not imported: only a failed build reads it, and `boot` should not load it to start.
  const { parseDockerfileText } = require('../dockerfileParser') as typeof import('../dockerfileParser');
  return parseDockerfileText(dockerfileText).instructions.map((i) => ({
    keyword: i.keyword,
    line: i.getRange().start.line + 1,
    endLine: i.getRange().end.line + 1,
  }));
}

/** Step N of the legacy builder → the Nth instruction (steps past the file are builder-added, e.g. --label). */
export function stepToLines(dockerfileText: string, stepIndex: number): { line: number; endLine: number } | undefined {
  const ins = instructionLines(dockerfileText)[stepIndex - 1];
  return ins ? { line: ins.line, endLine: ins.endLine } : undefined;
}

const STEP_RE = /^Step (\d+)\/(\d+) : (.*)$/;

/** Parses the step lines of a build log (legacy builder format). */
export function parseSteps(log: string, dockerfileText?: string): BuildStep[] {
  const steps: BuildStep[] = [];
  for (const line of log.split('\n')) {
    const m = STEP_RE.exec(line.trim());
    if (m) steps.push(withLines({ index: Number(m[1]), total: Number(m[2]), text: m[3] }, dockerfileText));
  }
  return steps;
}

function withLines(step: BuildStep, dockerfileText: string | undefined): BuildStep {
  const lines = dockerfileText !== undefined ? stepToLines(dockerfileText, step.index) : undefined;
  return lines ? { ...step, ...lines } : step;
}

/** The relative paths (POSIX) .dockerignore excludes are left out; the Dockerfile and .dockerignore stay. */
export function contextFilter(
  ignoreText: string | undefined,
  dockerfileRel: string,
): { ignores(rel: string, isDir: boolean): boolean } {
  if (!ignoreText) return { ignores: () => false };
  const ig = dockerignore({ ignorecase: false }).add(ignoreText);
  // With exception patterns (!x) a directory cannot be pruned whole: something inside may be re-included.
  const hasExceptions = ignoreText.split(/\r?\n/).some((l) => l.trim().startsWith('!'));
  const keep = new Set([dockerfileRel, '.dockerignore']);
  return {
    ignores(rel: string, isDir: boolean): boolean {
      if (keep.has(rel)) return false;
      if (isDir && hasExceptions) return false;
      return ig.ignores(rel);
    },
  };
}

/** The build context as a tar stream (owner 0:0 like the docker CLI, modes kept). */
export function packContext(contextDir: string, dockerfileRel: string): Readable {
  const root = path.resolve(contextDir);
  const ignoreFile = path.join(root, '.dockerignore');
  const text = fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : undefined;
  const filter = contextFilter(text, dockerfileRel);
  return tarFs.pack(root, {
    umask: 0,
    ignore: (abs: string) => {
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (!rel) return false;
      let isDir: boolean;
      try {
        isDir = fs.lstatSync(abs).isDirectory();
      } catch {
        return true;
      }
      return filter.ignores(rel, isDir);
    },
    map: (h: TarHeader) => ({ ...h, uid: 0, gid: 0, uname: '', gname: '' }),
  });
}

interface BuildEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

export async function buildImage(docker: Docker, options: BuildOptions): Promise<BuildResult> {
  const t0 = Date.now();
  const contextDir = path.resolve(options.contextDir);
  const dockerfileAbs = path.resolve(contextDir, options.dockerfile ?? 'Dockerfile');
  const dockerfileRel = path.relative(contextDir, dockerfileAbs).split(path.sep).join('/');
  if (dockerfileRel.startsWith('../'))
    throw new Error(`The Dockerfile ${dockerfileAbs} is outside the build context ${contextDir}.`);
  let dockerfileText: string;
  try {
    dockerfileText = fs.readFileSync(dockerfileAbs, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read ${dockerfileAbs}: ${(e as Error).message}`, { cause: e });
  }
  const tag = options.tag ?? tagFromFolder(contextDir);
  const signal = options.signal;
  if (signal?.aborted) throw new EngineError('aborted', 'Cancelled.');

  const tar = packContext(contextDir, dockerfileRel);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, {
      t: tag,
      dockerfile: dockerfileRel,
      // Remove the container of a failed step too (the legacy builder keeps it by default).
      forcerm: true,
      rm: true,
      ...(options.buildArgs ? { buildargs: options.buildArgs } : {}),
      ...(options.target ? { target: options.target } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.noCache ? { nocache: true } : {}),
      ...(signal ? { abortSignal: signal } : {}),
    });
  } catch (e) {
    tar.destroy();
    throw toEngineError(e, options.endpoint);
  }

  const log: string[] = [];
  const steps: BuildStep[] = [];
  let imageId = '';
  let error: string | undefined;
  let pending = '';
  const leftovers: BuildLeftovers = { containers: [], images: [] };
  let stepRan = false;
  // ` ---> Running in <container>` … `Removing intermediate container <container>` ` ---> <layer>`
  // for a step that ran; ` ---> Using cache` ` ---> <layer>` for one that existed already.
  const trackLeftovers = (line: string): void => {
    let m = /^---> Running in ([0-9a-f]{12,64})$/.exec(line);
    if (m) {
      leftovers.containers.push(m[1]);
      stepRan = true;
      return;
    }
    m = /^Removing intermediate container ([0-9a-f]{12,64})$/.exec(line);
    if (m) {
      const id = m[1];
      leftovers.containers = leftovers.containers.filter((c) => !id.startsWith(c) && !c.startsWith(id));
      return;
    }
    m = /^---> ([0-9a-f]{12,64})$/.exec(line);
    if (m && stepRan) leftovers.images.push(m[1]);
  };
  const onEvent = (ev: BuildEvent): void => {
    if (ev.error || ev.errorDetail) {
      error = (ev.errorDetail?.message ?? ev.error ?? 'build failed').trim();
      log.push(error);
      options.onProgress?.({ kind: 'output', text: error + '\n' });
      return;
    }
    if (ev.aux?.ID) imageId = ev.aux.ID;
    if (ev.stream) {
      log.push(ev.stream);
      // Step lines can arrive split across events; parse whole lines only.
      pending += ev.stream;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = STEP_RE.exec(line.trim());
        if (m) {
          const step = withLines({ index: Number(m[1]), total: Number(m[2]), text: m[3] }, dockerfileText);
          steps.push(step);
          stepRan = false;
          options.onProgress?.({ kind: 'step', step });
        }
        trackLeftovers(line.trim());
        const id = /^Successfully built ([0-9a-f]+)/.exec(line.trim());
        if (id && !imageId) imageId = id[1];
      }
      options.onProgress?.({ kind: 'output', text: ev.stream });
    } else if (ev.status) {
      options.onProgress?.({
        kind: 'status',
        text: `${ev.id ? ev.id + ': ' : ''}${ev.status}${ev.progress ? ' ' + ev.progress : ''}`,
      });
    }
  };

  const interrupted = (mapped: EngineError | undefined, cause: unknown): BuildInterruptedError => {
    const step = steps.length ? steps[steps.length - 1] : undefined;
    const where = options.endpoint ? `The engine at ${describeEndpoint(options.endpoint)}` : 'The container engine';
    const during = step
      ? `during step ${step.index}/${step.total} (${step.text.length > 60 ? step.text.slice(0, 57) + '…' : step.text})`
      : 'during the build';
    const why = mapped && mapped.kind !== 'unreachable' ? ` (${mapped.message})` : '';
    const left = leftovers.containers.length + leftovers.images.length;
    const leftText = left
      ? ` It left ${leftovers.containers.length} step container${leftovers.containers.length === 1 ? '' : 's'} ` +
        `and ${leftovers.images.length} layer${leftovers.images.length === 1 ? '' : 's'} of this build behind, ` +
        'to be removed once it is back.'
      : '';
    return new BuildInterruptedError(
      `${where} went away ${during}: it stopped, crashed or restarted, and the build did not finish${why}.${leftText}`,
      { containers: [...leftovers.containers], images: [...leftovers.images] },
      step,
      options.endpoint?.uri,
      { cause },
    );
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        (stream as unknown as { destroy(): void }).destroy();
        tar.destroy();
        reject(new EngineError('aborted', 'Build cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      docker.modem.followProgress(
        stream,
        (err: Error | null) => {
          signal?.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve();
        },
        onEvent,
      );
    });
  } catch (e) {
    if (e instanceof EngineError) throw e;
    if (signal?.aborted) throw new EngineError('aborted', 'Build cancelled.');
    throw interrupted(toEngineError(e, options.endpoint), e);
  }

  const durationMs = Date.now() - t0;
  const logText = log.join('');
  if (!error && !imageId) {
    // The stream ended without an error and without the builder's last word: either a builder
    // that does not say it (then the engine is there and has the tag) or the stream was cut off.
    try {
      imageId = (await docker.getImage(tag).inspect()).Id;
    } catch (e) {
      throw interrupted(toEngineError(e, options.endpoint), e);
    }
  }
  if (error) {
    const failedStep = steps.length ? steps[steps.length - 1] : undefined;
    const where = failedStep?.line
      ? ` (${path.basename(dockerfileAbs)} line ${failedStep.line}: ` +
        `step ${failedStep.index}/${failedStep.total} ${failedStep.text})`
      : '';
    return {
      ok: false,
      tag,
      error: `${error}${where}`,
      ...(failedStep ? { failedStep } : {}),
      steps,
      durationMs,
      log: logText,
    };
  }
  return { ok: true, imageId, tag, steps, durationMs, log: logText };
}

/**
 * Removes what an interrupted build left (BuildInterruptedError.leftovers) once the engine is
 * back: the step containers, then the build's own layers newest first, each without pruning its
 * parents (they may be cache that existed before). A layer that is tagged or used by something
 * else is kept. Gone ones count as removed.
 */
export async function removeBuildLeftovers(
  docker: Docker,
  leftovers: BuildLeftovers,
  options: { endpoint?: Endpoint } = {},
): Promise<{ removed: string[]; kept: string[] }> {
  const removed: string[] = [];
  const kept: string[] = [];
  const gone = (e: unknown): boolean => (e as { statusCode?: number }).statusCode === 404;
  for (const id of leftovers.containers) {
    try {
      await docker.getContainer(id).remove({ force: true, v: true });
      removed.push(`container ${id.slice(0, 12)}`);
    } catch (e) {
      if (gone(e)) removed.push(`container ${id.slice(0, 12)}`);
      else if (toEngineError(e, options.endpoint).kind === 'conflict') kept.push(`container ${id.slice(0, 12)}`);
      else throw toEngineError(e, options.endpoint);
    }
  }
  for (const id of [...leftovers.images].reverse()) {
    try {
      const info = await docker.getImage(id).inspect();
      if ((info.RepoTags ?? []).some((t) => t !== '<none>:<none>')) {
        kept.push(`image ${id.slice(0, 12)} (tagged ${(info.RepoTags ?? []).join(', ')})`);
        continue;
      }
      await docker.getImage(id).remove({ noprune: true });
      removed.push(`image ${id.slice(0, 12)}`);
    } catch (e) {
      if (gone(e)) removed.push(`image ${id.slice(0, 12)}`);
      else if (toEngineError(e, options.endpoint).kind === 'conflict') kept.push(`image ${id.slice(0, 12)} (in use)`);
      else throw toEngineError(e, options.endpoint);
    }
  }
  return { removed, kept };
}
