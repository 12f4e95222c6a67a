/**
 * Which of a unit file's sandboxing entries count (the last of a single-valued key, a list entry that
 * turns the setting on), for the verdicts of shared/sandboxVerdicts.ts (re-exported here): what a
 * container allows of systemd's unit sandboxing, per run profile, measured on real boots.
 */
import { parseBoolean, type UnitFile, type UnitEntry } from '../kinds/unit/unitFile';

export { CONTAINER_PROFILES, type ContainerProfile } from '../../../shared/containerProfiles';
export {
  PROFILE_MEASURED,
  PROFILE_TITLES,
  SANDBOX_SETTINGS,
  runFlagFixes,
  verdict,
  type RunFlagFix,
  type SandboxKind,
  type SandboxSetting,
  type SandboxVerdict,
} from '../../../shared/sandboxVerdicts';
import { SANDBOX_SETTINGS, type SandboxSetting } from '../../../shared/sandboxVerdicts';

/** Whether an entry turns the setting on (a path list, a true boolean, an enumeration other than "no"). */
export function settingOn(entry: UnitEntry): boolean {
  const value = entry.value.trim();
  if (value === '') return false;
  const b = parseBoolean(value);
  if (b !== undefined) return b;
  // BindPaths=/BindReadOnlyPaths= only insist when a source differs from its destination.
  if (entry.key === 'BindPaths' || entry.key === 'BindReadOnlyPaths') {
    return value.split(/\s+/).some((word) => {
      const [source, destination] = word.replace(/^-/, '').split(':');
      return destination !== undefined && destination !== '' && source !== destination;
    });
  }
  return true;
}

/** The last entry of each sandbox key that turns it on (the one that counts). */
export function sandboxEntries(unit: UnitFile): { setting: SandboxSetting; entry: UnitEntry }[] {
  const out: { setting: SandboxSetting; entry: UnitEntry }[] = [];
  for (const setting of SANDBOX_SETTINGS) {
    const entries = unit.list('Service', setting.key);
    if (entries.length === 0) continue;
    const isList = ![
      'DynamicUser',
      'PrivateUsers',
      'PrivateTmp',
      'ProtectSystem',
      'ProtectHome',
      'PrivateDevices',
      'ProtectKernelTunables',
      'ProtectKernelModules',
      'ProtectKernelLogs',
      'ProtectControlGroups',
      'ProtectProc',
      'ProcSubset',
      'PrivateMounts',
      'PrivateNetwork',
      'PrivateIPC',
      'ProtectHostname',
      'RootDirectory',
      'RootImage',
      'LogNamespace',
    ].includes(setting.key);
    const candidates = isList ? entries : [entries[entries.length - 1]];
    const on = candidates.find(settingOn);
    if (
      on &&
      !(setting.key === 'ProtectProc' && on.value.trim() === 'default') &&
      !(setting.key === 'ProcSubset' && on.value.trim() === 'all')
    ) {
      out.push({ setting, entry: on });
    }
  }
  return out;
}
