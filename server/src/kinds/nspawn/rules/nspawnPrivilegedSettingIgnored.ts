import type { UnitFileRule, UnitFileRuleReport } from '../../unit/ruleContext';
import { isPrivilegedNspawnSetting, nspawnLocation } from '../privilegedSettings';

export const nspawnPrivilegedSettingIgnored: UnitFileRule = {
  meta: {
    id: 'SCT605',
    name: 'nspawn-privileged-setting-ignored',
    kind: 'nspawn',
    defaultSeverity: 'warning',
    summary: 'a privileged setting in a .nspawn file next to the image, where it is ignored',
    explanation:
      'systemd.nspawn(5), ".nspawn file discovery": the file is first searched in /etc/systemd/nspawn/ and ' +
      '/run/systemd/nspawn/, where "all of them take full effect"; found next to the image ' +
      '(/var/lib/machines/ and machinectl\'s other image directories), "only a subset of the settings will ' +
      'take effect however. All settings that possibly elevate privileges or grant additional access to ' +
      'resources of the host (such as files or directories) are ignored." The page marks these as privileged: ' +
      'in [Exec] Capability=, AmbientCapability=, MachineID=, PrivateUsers=; in [Files] Bind=, BindReadOnly=, ' +
      'BindUser=, TemporaryFileSystem=, Inaccessible=, Overlay=, OverlayReadOnly=, PrivateUsersOwnership=; in ' +
      '[Network] VirtualEthernet=, VirtualEthernetExtra=, Interface=, MACVLAN=, IPVLAN=, Bridge=, Zone=, ' +
      'Port=. Copy the file to /etc/systemd/nspawn/ (what the page recommends), or start the container with ' +
      "`--settings=trusted`. Reported only when the file's path shows it lies in an image directory.",
    sources: [
      'systemd.nspawn(5) (systemd 257): ".nspawn file discovery" and the settings marked privileged',
      'systemd-nspawn(1) (systemd 257): --settings=',
      'machinectl(1) (systemd 257): "Files and Directories"',
      'seed 004',
    ],
  },
  check(ctx) {
    if (nspawnLocation(ctx.doc.path) !== 'image') return [];
    const out: UnitFileRuleReport[] = [];
    for (const entry of ctx.unit.entries) {
      if (!entry.section || !isPrivilegedNspawnSetting(entry.section, entry.key) || entry.value === '') continue;
      out.push({
        range: entry.keyRange,
        message:
          `${entry.key}= is a privileged setting: in a .nspawn file next to the image it is ignored ` +
          '(systemd.nspawn(5)); put the file in /etc/systemd/nspawn/ or start with --settings=trusted.',
      });
    }
    return out;
  },
};
