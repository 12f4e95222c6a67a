/**
 * systemd inside a running container or nspawn machine (a SystemdTarget: `docker exec` or
 * nsenter): units and their states, unit actions, boot timing; and stopping/removing a
 * container. Every command is an argv array; unit names are validated and passed after `--`,
 * so input cannot become an option.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { EngineError, toEngineError } from './errors';
import type { ExecResult, SystemdTarget } from './exec';
import { LABELS } from './runProfile';

export interface UnitState {
  unit: string;
  load: string;
  active: string;
  sub: string;
  description: string;
}

export interface UnitsOptions {
  all?: boolean;
  /** `service`, `timer`, ... */
  types?: string[];
  /** `failed`, `active`, ... */
  states?: string[];
  signal?: AbortSignal;
}

const SYSTEMCTL = ['systemctl', '--no-pager', '--no-ask-password'];

/** `list-units --output=json` (systemd ≥ 246; 252 here), falling back to the plain table. */
export async function listUnits(target: SystemdTarget, options: UnitsOptions = {}): Promise<UnitState[]> {
  const filters = [
    ...(options.all ? ['--all'] : []),
    ...(options.types?.length ? [`--type=${options.types.join(',')}`] : []),
    ...(options.states?.length ? [`--state=${options.states.join(',')}`] : []),
  ];
  const opts = options.signal ? { signal: options.signal } : {};
  const json = await target.exec([...SYSTEMCTL, 'list-units', ...filters, '--output=json'], opts);
  if (json.exitCode === 0 && json.stdout.trimStart().startsWith('[')) return parseUnitsJson(json.stdout);
  const plain = await target.exec([...SYSTEMCTL, 'list-units', ...filters, '--plain', '--no-legend', '--full'], opts);
  if (plain.exitCode !== 0)
    throw new EngineError(
      'unknown',
      `systemctl list-units failed in ${target.label} ` +
        `(exit ${plain.exitCode}): ${(plain.stderr || plain.stdout).trim()}`,
      target.endpointUri,
    );
  return parsePlainUnits(plain.stdout);
}

export function parseUnitsJson(text: string): UnitState[] {
  const rows = JSON.parse(text) as Array<Partial<UnitState>>;
  return rows.map((r) => ({
    unit: r.unit ?? '',
    load: r.load ?? '',
    active: r.active ?? '',
    sub: r.sub ?? '',
    description: r.description ?? '',
  }));
}

/** `UNIT LOAD ACTIVE SUB DESCRIPTION…` per line; a leading ● marks failed or not-found units. */
export function parsePlainUnits(text: string): UnitState[] {
  const out: UnitState[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[\s●*]+/, '').trimEnd();
    if (!line) continue;
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (m) out.push({ unit: m[1], load: m[2], active: m[3], sub: m[4], description: m[5] });
  }
  return out;
}

export async function listFailedUnits(
  target: SystemdTarget,
  options: Omit<UnitsOptions, 'states'> = {},
): Promise<UnitState[]> {
  return listUnits(target, { ...options, all: true, states: ['failed'] });
}

export interface UnitFileState {
  unit: string;
  state: string;
  preset?: string;
}

export async function listUnitFiles(
  target: SystemdTarget,
  options: { signal?: AbortSignal } = {},
): Promise<UnitFileState[]> {
  const r = await target.exec([...SYSTEMCTL, 'list-unit-files', '--output=json'], options);
  if (r.exitCode === 0 && r.stdout.trimStart().startsWith('[')) {
    return (JSON.parse(r.stdout) as Array<{ unit_file?: string; state?: string; preset?: string | null }>).map((u) => ({
      unit: u.unit_file ?? '',
      state: u.state ?? '',
      ...(u.preset ? { preset: u.preset } : {}),
    }));
  }
  const plain = await target.exec([...SYSTEMCTL, 'list-unit-files', '--plain', '--no-legend'], options);
  return plain.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 2 && f[0])
    .map((f) => ({ unit: f[0], state: f[1], ...(f[2] && f[2] !== '-' ? { preset: f[2] } : {}) }));
}

export type UnitAction = 'start' | 'stop' | 'restart' | 'reload' | 'enable' | 'disable' | 'mask' | 'unmask' | 'status';
export const UNIT_ACTIONS: readonly UnitAction[] = [
  'start',
  'stop',
  'restart',
  'reload',
  'enable',
  'disable',
  'mask',
  'unmask',
  'status',
];

/** systemd unit names: `name[@instance].type`, characters systemd allows (escaped form). */
const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+\.(service|socket|target|timer|mount|automount|swap|path|slice|scope|device)$/;

/** Units whose name starts with "-": the root mount and slice. Others starting with "-" are refused. */
const ROOT_UNITS = new Set(['-.mount', '-.slice']);

export function isValidUnitName(name: string): boolean {
  return UNIT_NAME.test(name) && (!name.startsWith('-') || ROOT_UNITS.has(name)) && name.length <= 256;
}

export interface UnitActionResult extends ExecResult {
  ok: boolean;
  /** The command as run, for logs. */
  argv: string[];
}

/**
 * Runs `systemctl <action> -- <unit>`. `status` exits 3 for an inactive unit, which is an
 * answer, not a failure: `ok` is true for it.
 */
export async function unitAction(
  target: SystemdTarget,
  action: UnitAction,
  unit: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<UnitActionResult> {
  if (!UNIT_ACTIONS.includes(action)) throw new Error(`Unknown unit action: ${String(action)}`);
  if (!isValidUnitName(unit)) throw new Error(`Not a systemd unit name: ${JSON.stringify(unit)}`);
  const argv = [...SYSTEMCTL, action, ...(action === 'status' ? ['--full', '--lines=20'] : []), '--', unit];
  const r = await target.exec(argv, options);
  const ok = r.exitCode === 0 || (action === 'status' && r.exitCode === 3);
  return { ...r, ok, argv };
}

/** One property per unit: `systemctl show -p ActiveState --value -- unit`. */
export async function unitProperty(target: SystemdTarget, unit: string, property: string): Promise<string> {
  if (!isValidUnitName(unit)) throw new Error(`Not a systemd unit name: ${JSON.stringify(unit)}`);
  if (!/^[A-Za-z]+$/.test(property)) throw new Error(`Not a unit property: ${JSON.stringify(property)}`);
  const r = await target.exec([...SYSTEMCTL, 'show', '-p', property, '--value', '--', unit]);
  return r.stdout.trim();
}

export async function systemState(target: SystemdTarget, options: { signal?: AbortSignal } = {}): Promise<ExecResult> {
  return target.exec(['systemctl', 'is-system-running'], { ...options, timeoutMs: 10_000 });
}

export interface BlameEntry {
  /** Seconds. */
  time: number;
  unit: string;
}

export async function analyzeBlame(target: SystemdTarget): Promise<{ entries: BlameEntry[]; text: string }> {
  const r = await target.exec(['systemd-analyze', '--no-pager', 'blame']);
  if (r.exitCode !== 0)
    throw new EngineError(
      'unknown',
      `systemd-analyze blame failed in ${target.label} (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
      target.endpointUri,
    );
  return { entries: parseBlame(r.stdout), text: r.stdout };
}

/** `  1.234s unit` / `123ms unit` / `1min 2.3s unit`. */
export function parseBlame(text: string): BlameEntry[] {
  const out: BlameEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*((?:[\d.]+(?:min|ms|us|µs|s|h)\s*)+)\s(\S+)\s*$/.exec(line);
    if (m) out.push({ time: parseSpan(m[1]), unit: m[2] });
  }
  return out;
}

function parseSpan(s: string): number {
  let t = 0;
  for (const m of s.matchAll(/([\d.]+)(min|ms|us|µs|s|h)/g)) {
    const v = Number(m[1]);
    t += m[2] === 'h' ? v * 3600 : m[2] === 'min' ? v * 60 : m[2] === 's' ? v : m[2] === 'ms' ? v / 1000 : v / 1e6;
  }
  return t;
}

export async function analyzeCriticalChain(target: SystemdTarget, unit?: string): Promise<string> {
  if (unit !== undefined && !isValidUnitName(unit)) throw new Error(`Not a systemd unit name: ${JSON.stringify(unit)}`);
  const r = await target.exec(['systemd-analyze', '--no-pager', 'critical-chain', ...(unit ? ['--', unit] : [])]);
  if (r.exitCode !== 0)
    throw new EngineError(
      'unknown',
      `systemd-analyze critical-chain failed in ${target.label} (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
      target.endpointUri,
    );
  return cleanAnalyze(r.stdout);
}

function cleanAnalyze(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

// ------------------------------------------------------------------------ container lifecycle

export interface StopResult {
  exitCode: number;
  durationMs: number;
  /** True when the engine had to SIGKILL after the timeout (exit 137). */
  killed: boolean;
}

/**
 * Stops with the container's own stop signal (SIGRTMIN+3 from the run profile), waiting up to
 * `timeoutSec` before the engine kills it.
 */
export async function stopContainer(
  docker: Docker,
  containerId: string,
  options: { timeoutSec?: number; endpoint?: Endpoint } = {},
): Promise<StopResult> {
  const c = docker.getContainer(containerId);
  const t0 = Date.now();
  try {
    await c.stop({ t: options.timeoutSec ?? 10 });
  } catch (e) {
    // 304: already stopped.
    if ((e as { statusCode?: number }).statusCode !== 304) throw toEngineError(e, options.endpoint);
  }
  const durationMs = Date.now() - t0;
  try {
    const info = await c.inspect();
    const exitCode = info.State?.ExitCode ?? -1;
    return { exitCode, durationMs, killed: exitCode === 137 };
  } catch (e) {
    throw toEngineError(e, options.endpoint);
  }
}

export async function removeContainer(
  docker: Docker,
  containerId: string,
  options: { force?: boolean; endpoint?: Endpoint } = {},
): Promise<void> {
  try {
    await docker.getContainer(containerId).remove({ force: options.force ?? false, v: true });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return;
    throw toEngineError(e, options.endpoint);
  }
}

export interface ManagedContainer {
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
  dockerfile?: string;
  labels: Record<string, string>;
}

/** Containers the run profile created (label sct.managed=true), plus any extra label filters. */
export async function listManagedContainers(
  docker: Docker,
  options: { extraLabels?: string[]; endpoint?: Endpoint } = {},
): Promise<ManagedContainer[]> {
  try {
    const list = await docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.managed}=true`, ...(options.extraLabels ?? [])] },
    });
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      ...(c.Labels?.[LABELS.dockerfile] ? { dockerfile: c.Labels[LABELS.dockerfile] } : {}),
      labels: c.Labels ?? {},
    }));
  } catch (e) {
    throw toEngineError(e, options.endpoint);
  }
}
