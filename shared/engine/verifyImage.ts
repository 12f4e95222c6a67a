/**
 * verify-image: the image's own `systemd-analyze verify` on the units the image adds or changes
 * compared with its base, run in a throwaway container that never boots (the command is
 * systemd-analyze, not systemd), with every finding mapped back through the Dockerfile's
 * COPY/ADD to the build context's file and line. The unit files are read through the archive
 * API from containers that never start; everything created is removed.
 */
import * as fs from 'fs';
import * as path from 'path';
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { demuxBuffer } from './diagnosis';
import { EngineError, toEngineError } from './errors';
import { inspectImage, readArchive, statPath } from './image';
import { baseImageOf, copyMap, type ContextAccess, type CopySource } from '../copyMap';

export const UNIT_DIRS = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];
const ANALYZE_PATHS = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'];
const UNIT_SUFFIX = /\.(service|socket|target|timer|mount|automount|path|slice|scope|swap|device)$/;

export interface VerifyFinding {
  /** The unit file in the image. */
  unit: string;
  /** 1-based line in that file, when systemd-analyze names one. */
  line?: number;
  severity: 'error' | 'warning';
  message: string;
  /** The build context file the unit came from, same line (COPY/ADD keep the content). */
  source?: { file: string; line?: number; instructionLine: number; instruction: string };
}

export interface VerifyResult {
  image: string;
  /** The image the units were compared with (the Dockerfile's FROM), when it was available. */
  base?: string;
  /** Unit files analysed (added or changed). */
  analyzed: string[];
  findings: VerifyFinding[];
  /** systemd-analyze's own exit status (undefined when it did not run). */
  exitCode?: number;
  /** False when the image has no systemd-analyze. */
  analyzerFound: boolean;
  notes: string[];
  /** systemd-analyze's whole output. */
  output: string;
}

export interface VerifyOptions {
  /** The Dockerfile the image was built from (maps findings to source files; names the base). */
  dockerfile?: string;
  /** Build context (default: the Dockerfile's folder). */
  contextDir?: string;
  target?: string;
  labels?: Record<string, string>;
  endpoint?: Endpoint;
  timeoutMs?: number;
}

interface UnitFile {
  path: string;
  data: Buffer;
}

/** Regular unit files and drop-ins under the unit directories of a never-started container. */
async function readUnits(container: Docker.Container): Promise<{ units: UnitFile[]; analyzer?: string }> {
  const libIsLink = (await statPath(container, '/lib'))?.linkTarget;
  const dirs = UNIT_DIRS.filter((d) => !(libIsLink && d.startsWith('/lib/')));
  const [archives, analyzers] = await Promise.all([
    Promise.all(dirs.map(async (d) => ({ dir: d, entries: await readArchive(container, d) }))),
    Promise.all(ANALYZE_PATHS.map(async (p) => ((await statPath(container, p)) ? p : undefined))),
  ]);
  const units: UnitFile[] = [];
  for (const { dir, entries } of archives) {
    const parent = dir.slice(0, dir.lastIndexOf('/'));
    for (const e of entries ?? []) {
      if (e.type !== 'file') continue;
      const p = `${parent}/${e.name}`;
      if (UNIT_SUFFIX.test(p) || /\.d\/[^/]+\.conf$/.test(p)) units.push({ path: p, data: e.data });
    }
  }
  const analyzer = analyzers.find((a) => a !== undefined);
  return { units, ...(analyzer ? { analyzer } : {}) };
}

async function withProbe<T>(
  docker: Docker,
  image: string,
  labels: Record<string, string>,
  fn: (c: Docker.Container) => Promise<T>,
): Promise<T> {
  const c = await docker.createContainer({
    Image: image,
    Entrypoint: ['/sct-probe-never-started'],
    Cmd: [],
    NetworkDisabled: true,
    Labels: { 'sct.probe': 'verify-image', ...labels },
  });
  try {
    return await fn(c);
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

const nodeContext: ContextAccess = {
  listDir(dir) {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, dir: e.isDirectory() }));
    } catch {
      return undefined;
    }
  },
  isFile(file) {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** `/etc/systemd/system/app.service:5: Unknown key …` and `app.service: Command … is not executable …`. */
export function parseVerifyOutput(
  output: string,
  analyzed: readonly string[],
): { findings: VerifyFinding[]; other: string[] } {
  const findings: VerifyFinding[] = [];
  const other: string[] = [];
  const byName = new Map(analyzed.map((p) => [p.slice(p.lastIndexOf('/') + 1), p]));
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (!line) continue;
    const withLine = /^(\/[^:\s]+):(\d+): (.+)$/.exec(line);
    const withUnit = withLine ? null : /^([^\s:/]+\.[a-z]+): (.+)$/.exec(line);
    const severity = (m: string): 'error' | 'warning' =>
      /ignoring|deprecated|obsolete|is not recommended|will be ignored/i.test(m) ? 'warning' : 'error';
    if (withLine) {
      const unit = analyzed.includes(withLine[1])
        ? withLine[1]
        : byName.get(withLine[1].slice(withLine[1].lastIndexOf('/') + 1).replace(/\.d\/.*$/, ''));
      if (analyzed.includes(withLine[1]) || unit) {
        findings.push({
          unit: withLine[1],
          line: Number(withLine[2]),
          severity: severity(withLine[3]),
          message: withLine[3],
        });
      } else other.push(line);
    } else if (withUnit && byName.has(withUnit[1])) {
      findings.push({ unit: byName.get(withUnit[1])!, severity: severity(withUnit[2]), message: withUnit[2] });
    } else {
      other.push(line);
    }
  }
  return { findings, other };
}

/** A finding without a line: the line of its unit's source that the message quotes (an ExecStart path), else none. */
function lineForMessage(text: string, message: string): number | undefined {
  const quoted = /(\/[\w./@+-]+)/.exec(message)?.[1];
  if (!quoted) return undefined;
  const i = text.split('\n').findIndex((l) => !l.trimStart().startsWith('#') && l.includes(quoted));
  return i >= 0 ? i + 1 : undefined;
}

export async function verifyImage(docker: Docker, ref: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const labels = options.labels ?? {};
  const notes: string[] = [];
  const img = await inspectImage(docker, ref, options.endpoint ? { endpoint: options.endpoint } : {});
  const image = img.id ?? ref;
  let dockerText: string | undefined;
  if (options.dockerfile) {
    try {
      dockerText = fs.readFileSync(options.dockerfile, 'utf8');
    } catch (e) {
      throw new EngineError(
        'bad-request',
        `${options.dockerfile}: cannot read the Dockerfile (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  try {
    const { units, analyzer } = await withProbe(docker, image, labels, readUnits);
    // The base: the Dockerfile's FROM when the engine has it; its units are the ones not to judge.
    let baseUnits: Map<string, Buffer> | undefined;
    let base: string | undefined;
    const baseRef = dockerText ? baseImageOf(dockerText, options.target) : null;
    if (baseRef) {
      try {
        const b = await inspectImage(docker, baseRef, options.endpoint ? { endpoint: options.endpoint } : {});
        baseUnits = new Map(
          (await withProbe(docker, b.id ?? baseRef, labels, readUnits)).units.map((u) => [u.path, u.data]),
        );
        base = baseRef;
      } catch {
        notes.push(
          `The base image ${baseRef} is not on the engine; the units in /etc/systemd/system and those the ` +
            'Dockerfile copies are analysed.',
        );
      }
    } else if (!dockerText) {
      notes.push('No Dockerfile given, so no base to compare with: the units in /etc/systemd/system are analysed.');
    }
    const context =
      options.contextDir ?? (options.dockerfile ? path.dirname(path.resolve(options.dockerfile)) : undefined);
    const sources =
      dockerText && context
        ? copyMap(dockerText, path.resolve(context), nodeContext, options.target)
        : new Map<string, CopySource>();
    const changed = units.filter((u) => {
      if (baseUnits) {
        const before = baseUnits.get(u.path);
        return !before || !before.equals(u.data);
      }
      return u.path.startsWith('/etc/systemd/system/') || sources.has(u.path);
    });
    // Drop-ins are verified with their unit: analyse the unit each changed drop-in belongs to.
    const unitPaths = new Set<string>();
    const allPaths = new Set(units.map((u) => u.path));
    for (const u of changed) {
      const dropIn = /^(.*)\/([^/]+)\.d\/[^/]+\.conf$/.exec(u.path);
      if (!dropIn) unitPaths.add(u.path);
      else {
        const owner = [...allPaths].find((p) => p.endsWith(`/${dropIn[2]}`) && UNIT_SUFFIX.test(p));
        if (owner) unitPaths.add(owner);
      }
    }
    const analyzed = [...unitPaths].sort();
    const result: VerifyResult = {
      image: ref,
      analyzed,
      findings: [],
      analyzerFound: analyzer !== undefined,
      notes,
      output: '',
      ...(base ? { base } : {}),
    };
    if (!analyzer) {
      notes.push(
        `The image has no systemd-analyze (looked for ${ANALYZE_PATHS.join(', ')}): its units cannot be ` +
          'verified with its own systemd.',
      );
      return result;
    }
    if (!analyzed.length) {
      notes.push(base ? `The image adds or changes no unit files compared with ${base}.` : 'No unit files to analyse.');
      return result;
    }
    const run = await runAnalyzer(docker, image, analyzer, analyzed, labels, options.timeoutMs ?? 60_000);
    result.output = run.output;
    result.exitCode = run.exitCode;
    const { findings, other } = parseVerifyOutput(run.output, analyzed);
    const texts = new Map(units.map((u) => [u.path, u.data.toString('utf8')]));
    for (const f of findings) {
      const line = f.line ?? lineForMessage(texts.get(f.unit) ?? '', f.message);
      if (line !== undefined) f.line = line;
      const src = sources.get(f.unit);
      if (src) {
        f.source = { file: src.file, instructionLine: src.instructionLine, instruction: src.instruction };
        if (line !== undefined) f.source.line = line;
      }
    }
    result.findings = findings;
    if (other.length)
      notes.push(
        `${other.length} line(s) of systemd-analyze's output concern other units or no ` +
          `unit: ${other.slice(0, 3).join(' | ')}${other.length > 3 ? ' …' : ''}`,
      );
    return result;
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw toEngineError(e, options.endpoint);
  }
}

/** `systemd-analyze verify --man=no UNIT…` as the container's command: systemd never runs as PID 1. */
async function runAnalyzer(
  docker: Docker,
  image: string,
  analyzer: string,
  units: string[],
  labels: Record<string, string>,
  timeoutMs: number,
): Promise<{ output: string; exitCode: number }> {
  const c = await docker.createContainer({
    Image: image,
    Entrypoint: [analyzer],
    Cmd: ['verify', '--man=no', ...units],
    Tty: false,
    NetworkDisabled: true,
    Labels: { 'sct.probe': 'verify-image', ...labels },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await c.start();
    const timer = setTimeout(() => void c.kill().catch(() => undefined), timeoutMs);
    let status: { StatusCode?: number };
    try {
      status = (await c.wait()) as { StatusCode?: number };
    } finally {
      clearTimeout(timer);
    }
    const raw = (await c.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    return { output: demuxBuffer(raw), exitCode: status.StatusCode ?? -1 };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}
