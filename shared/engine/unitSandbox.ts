/**
 * The sandboxing of the services inside a running container or machine, judged for that
 * container's own run profile (its inspect: privileged, added capabilities, seccomp, cgroup
 * namespace, engine) instead of the default one: which settings make a service fail there, and
 * which systemd starts without their namespace. The settings are read as systemd loaded them
 * (`systemctl show`, drop-ins and implied settings included) in one exec; the verdicts are the
 * measured table of shared/sandboxVerdicts.ts the language server's SCT710/SCT711 use.
 */
import type Docker from 'dockerode';
import type { Endpoint } from './endpoint';
import { toEngineError } from './errors';
import type { SystemdTarget } from './exec';
import type { EngineFacts } from './facts';
import { profileFromEngine, type ContainerPrivileges, type EngineProfile } from '../engineProfile';
import {
  PROFILE_TITLES,
  SANDBOX_SETTINGS,
  runFlagFixes,
  verdict,
  type SandboxSetting,
  type SandboxVerdict,
} from '../sandboxVerdicts';

/** A machine of systemd-nspawn (client/src/nspawn), judged for the nspawn profile. */
export const NSPAWN_PROFILE: EngineProfile = { profile: 'nspawn', basis: 'systemd-nspawn, default settings' };

/** The profile a container runs under, read from its own configuration. */
export async function containerProfile(
  docker: Docker,
  containerId: string,
  facts: EngineFacts,
  endpoint?: Endpoint,
): Promise<EngineProfile> {
  try {
    const info = await docker.getContainer(containerId).inspect();
    return profileFromEngine(facts, info.HostConfig as ContainerPrivileges);
  } catch (e) {
    throw toEngineError(e, endpoint);
  }
}

export interface SandboxJudgement {
  key: string;
  /** The value as systemd holds it (`yes`, `strict`, a path list). */
  value: string;
  verdict: Exclude<SandboxVerdict, { outcome: 'enforced' }>;
  /** For a failing setting: the run flags that allow it, best first. */
  fixes: string[];
}

export interface UnitsSandbox {
  profile: EngineProfile;
  title: string;
  /** The systemd release in the container (`systemctl --version`). */
  systemdVersion?: number;
  /** Per service: its settings that fail or are ignored there (services with none are left out). */
  units: Record<string, SandboxJudgement[]>;
}

/** Whether a value as `systemctl show` prints it turns the setting on. */
export function shownOn(key: string, value: string): boolean {
  const v = value.trim();
  if (v === '' || v === 'no' || v === 'false' || v === '0') return false;
  if (key === 'ProtectProc' && v === 'default') return false;
  if (key === 'ProcSubset' && v === 'all') return false;
  if (key === 'BindPaths' || key === 'BindReadOnlyPaths') {
    // `source:destination:options` per path; binding a path onto itself needs no namespace of its own.
    return v.split(/\s+/).some((word) => {
      const [source, destination] = word.replace(/^-/, '').split(':');
      return destination !== undefined && destination !== '' && source !== destination;
    });
  }
  return true;
}

/** Parses `systemctl show -p Id -p …` output for several units (blocks separated by blank lines). */
export function parseShowBlocks(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const block of text.split(/\n\s*\n/)) {
    const props = new Map<string, string>();
    for (const line of block.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1));
    }
    const id = props.get('Id');
    if (id) out.set(id, props);
  }
  return out;
}

/** The settings of one unit (`systemctl show` properties) that fail or are ignored in a profile. */
export function judgeShownSettings(
  props: Map<string, string>,
  profile: EngineProfile,
  systemdVersion = 257,
): SandboxJudgement[] {
  const out: SandboxJudgement[] = [];
  for (const setting of SANDBOX_SETTINGS) {
    const value = props.get(setting.key);
    if (value === undefined || !shownOn(setting.key, value)) continue;
    const v = verdict(setting, profile.profile, systemdVersion);
    if (v.outcome === 'enforced') continue;
    out.push({ key: setting.key, value, verdict: v, fixes: fixesFor(setting, v) });
  }
  return out;
}

function fixesFor(setting: SandboxSetting, v: SandboxVerdict): string[] {
  return v.outcome === 'fails' ? runFlagFixes(setting.kind).map((f) => f.flag) : [];
}

const MAX_UNITS_PER_EXEC = 200;

/**
 * The services' sandboxing in a running container or machine, for its profile. Units that are
 * not services are skipped; names are passed after `--`, so none can become an option.
 */
export async function judgeUnitsSandbox(
  target: SystemdTarget,
  services: string[],
  profile: EngineProfile,
  /** `systemdVersion`: the container's release when already known (skips the `systemctl --version`). */
  options: { signal?: AbortSignal; systemdVersion?: number } = {},
): Promise<UnitsSandbox> {
  const names = services.filter((u) => /^[\w:@.\\-]+\.service$/.test(u)).slice(0, MAX_UNITS_PER_EXEC);
  const result: UnitsSandbox = { profile, title: PROFILE_TITLES[profile.profile], units: {} };
  if (options.systemdVersion) result.systemdVersion = options.systemdVersion;
  else {
    const version = await target.exec(['systemctl', '--version'], options.signal ? { signal: options.signal } : {});
    const release = Number(/^systemd (\d+)/.exec(version.stdout)?.[1] ?? NaN);
    if (Number.isFinite(release)) result.systemdVersion = release;
  }
  if (names.length === 0) return result;
  const props = ['Id', ...SANDBOX_SETTINGS.map((s) => s.key)].flatMap((p) => ['-p', p]);
  const shown = await target.exec(
    ['systemctl', '--no-pager', 'show', ...props, '--', ...names],
    options.signal ? { signal: options.signal } : {},
  );
  for (const [unit, values] of parseShowBlocks(shown.stdout)) {
    const judged = judgeShownSettings(values, profile, result.systemdVersion);
    if (judged.length) result.units[unit] = judged;
  }
  return result;
}

/** One line per judged setting, for a tooltip or a log. */
export function describeJudgement(j: SandboxJudgement): string {
  if (j.verdict.outcome === 'fails')
    return (
      `${j.key}=${j.value} fails here: the service exits ${j.verdict.status} ("${j.verdict.message}"). ` +
      `Turn it off in a drop-in, or run with ${j.fixes.join(' or ')}.`
    );
  return `${j.key}=${j.value} protects nothing here: ${j.verdict.message}.`;
}
