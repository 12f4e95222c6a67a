/**
 * Reading the sandboxing rows off a booted container or machine (the image of
 * test/fixtures/engine/sandbox: one enabled service per setting) and comparing them with the
 * verdict table (shared/sandboxVerdicts.ts). Shared by the Docker, Podman and nspawn sandbox tests.
 */
import { SANDBOX_SETTINGS, verdict, type SandboxSetting } from '../../shared/sandboxVerdicts';
import type { ContainerProfile } from '../../shared/containerProfiles';

/**
 * Per unit: active state, main exit status, and which of its namespaces differ from PID 1's
 * (`?mnt`: not readable, a service under DynamicUser= when root lacks CAP_SYS_PTRACE).
 */
export const SANDBOX_PROBE = `for u in $(cd /etc/systemd/system && ls sct-sb-*.service); do
  p=$(systemctl show -P MainPID "$u"); ns=
  if [ "$p" != 0 ]; then for n in mnt net ipc uts user; do
    own=$(readlink /proc/$p/ns/$n 2>/dev/null) || { ns="$ns?$n,"; continue; }
    [ "$own" != "$(readlink /proc/1/ns/$n)" ] && ns="$ns$n,"; done; fi
  echo "$u $(systemctl show -P ActiveState "$u") $(systemctl show -P ExecMainStatus "$u") $ns"
done`;

export interface ProbedUnit {
  active: string;
  status: string;
  namespaces: string[];
}

export function parseProbe(stdout: string): Map<string, ProbedUnit> {
  const states = new Map<string, ProbedUnit>();
  for (const line of stdout.trim().split('\n')) {
    const [unit, active, status, ns = ''] = line.split(' ');
    states.set(unit, { active, status, namespaces: ns.split(',').filter(Boolean) });
  }
  return states;
}

/** The namespace a setting's sandbox lives in. */
function namespaceOf(setting: SandboxSetting): string {
  if (setting.key === 'PrivateUsers') return 'user';
  if (setting.key === 'PrivateNetwork') return 'net';
  if (setting.key === 'PrivateIPC') return 'ipc';
  if (setting.key === 'ProtectHostname') return 'uts';
  return 'mnt';
}

/** What the boot shows for a row: `fails 226`, `ignored`, `enforced` (or the unit's odd state). */
export function observed(setting: SandboxSetting, state: ProbedUnit): string {
  if (state.active === 'failed') return `fails ${state.status}`;
  if (state.active !== 'active') return state.active;
  const ns = namespaceOf(setting);
  if (state.namespaces.includes(ns)) return 'enforced';
  // systemd never starts such a service without its mount namespace (insist_on_sandboxing()).
  if (state.namespaces.includes(`?${ns}`)) return setting.kind === 'mount-insist' ? 'enforced' : 'unreadable';
  return 'ignored';
}

export function expected(setting: SandboxSetting, profile: ContainerProfile, systemd: number): string {
  const v = verdict(setting, profile, systemd);
  return v.outcome === 'fails' ? `fails ${v.status.split('/')[0]}` : v.outcome;
}

/** Every measured row whose boot differs from the table, in words (empty: the table holds). */
export function wrongRows(states: Map<string, ProbedUnit>, profile: ContainerProfile, systemd: number): string[] {
  const wrong: string[] = [];
  for (const setting of SANDBOX_SETTINGS.filter((s) => s.measured)) {
    const state = states.get(`sct-sb-${setting.key}.service`);
    if (!state) {
      wrong.push(`${setting.key}: no unit in the probe`);
      continue;
    }
    const seen = observed(setting, state);
    const want = expected(setting, profile, systemd);
    if (seen !== want)
      wrong.push(`${setting.key}: table says ${want}, the boot shows ${seen} (${JSON.stringify(state)})`);
  }
  return wrong;
}

/**
 * What the example unit (DynamicUser=, PrivateUsers=, PrivateTmp=, ProtectSystem=, PrivateDevices=)
 * may show: `failed <status>` of one of its failing settings (systemd sets the namespaces up in an order of its
 * own), or `active 0` where none fails.
 */
export function exampleOutcomes(profile: ContainerProfile, systemd: number): string[] {
  const key = (k: string) => SANDBOX_SETTINGS.find((s) => s.key === k)!;
  const dynamicUser = verdict(key('DynamicUser'), profile, systemd);
  const privateUsers = verdict(key('PrivateUsers'), profile, systemd);
  // Measured: systemd 252 sets up the user namespace first and can then make the mount namespace inside it, so
  // where user namespaces work (seccomp=unconfined, Podman) DynamicUser= starts together with PrivateUsers=.
  if (systemd === 252 && privateUsers.outcome === 'enforced') return ['active 0'];
  const statuses = [dynamicUser, privateUsers].flatMap((v) =>
    v.outcome === 'fails' ? [`failed ${v.status.split('/')[0]}`] : [],
  );
  return statuses.length ? statuses : ['active 0'];
}

/** Whether some measured row fails in the profile (the boot is then `degraded`). */
export function anyRowFails(profile: ContainerProfile, systemd: number): boolean {
  return SANDBOX_SETTINGS.some((s) => s.measured && verdict(s, profile, systemd).outcome === 'fails');
}
