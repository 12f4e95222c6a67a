/**
 * systemd.nspawn(5) (systemd 257): the settings that "possibly elevate privileges or grant
 * additional access to resources of the host" and so are ignored in a .nspawn file found next to
 * the image instead of in /etc/systemd/nspawn/ or /run/systemd/nspawn/. Each is marked on the
 * page ("This option is privileged", "This setting is privileged", "Note that Capability= is a
 * privileged setting"); test/unit/kinds/nspawn/rules/nspawnPrivilegedSettingIgnored.test.ts
 * checks this list against the page when the Debian packages are cached.
 */
export const NSPAWN_PRIVILEGED: Record<string, string[]> = {
  Exec: ['Capability', 'AmbientCapability', 'MachineID', 'PrivateUsers'],
  Files: [
    'Bind',
    'BindReadOnly',
    'BindUser',
    'TemporaryFileSystem',
    'Inaccessible',
    'Overlay',
    'OverlayReadOnly',
    'PrivateUsersOwnership',
  ],
  Network: ['VirtualEthernet', 'VirtualEthernetExtra', 'Interface', 'MACVLAN', 'IPVLAN', 'Bridge', 'Zone', 'Port'],
};

export function isPrivilegedNspawnSetting(section: string, key: string): boolean {
  return NSPAWN_PRIVILEGED[section]?.includes(key) ?? false;
}

/** Where the file lives, as far as the path tells: trusted settings directories, next to an image, or unknown. */
export function nspawnLocation(path: string): 'trusted' | 'image' | 'unknown' {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)(etc|run)\/systemd\/nspawn\//.test(p)) return 'trusted';
  // machinectl's image directories (machinectl(1), "Files and Directories")
  if (/(^|\/)(var\/lib\/machines|usr\/local\/lib\/machines|usr\/lib\/machines|var\/lib\/container)\//.test(p))
    return 'image';
  return 'unknown';
}
