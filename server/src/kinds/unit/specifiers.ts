/**
 * The `%` specifiers of unit files, from systemd.unit(5) (systemd 257), "SPECIFIERS", Table 5.
 * Quadlet files are unit files and pass specifiers on to the generated service (podman-systemd.unit(5)
 * "Relative paths"); .nspawn files do not resolve them.
 */
export interface Specifier {
  /** The letter after `%` (`%` for `%%`). */
  letter: string;
  meaning: string;
  details: string;
}

export const SPECIFIERS: Specifier[] = [
  {
    letter: 'a',
    meaning: 'Architecture',
    details: 'A short string identifying the architecture of the local system, such as x86, x86-64 or arm64.',
  },
  {
    letter: 'A',
    meaning: 'Operating system image version',
    details: 'IMAGE_VERSION= of /etc/os-release; empty if not set.',
  },
  { letter: 'b', meaning: 'Boot ID', details: 'The boot ID of the running system, formatted as string.' },
  { letter: 'B', meaning: 'Operating system build ID', details: 'BUILD_ID= of /etc/os-release; empty if not set.' },
  {
    letter: 'C',
    meaning: 'Cache directory root',
    details: '/var/cache (system manager) or $XDG_CACHE_HOME (user managers).',
  },
  { letter: 'd', meaning: 'Credentials directory', details: 'The value of $CREDENTIALS_DIRECTORY if available.' },
  {
    letter: 'D',
    meaning: 'Shared data directory',
    details: '/usr/share/ (system manager) or $XDG_DATA_HOME (user managers).',
  },
  {
    letter: 'E',
    meaning: 'Configuration directory root',
    details: '/etc/ (system manager) or $XDG_CONFIG_HOME (user managers).',
  },
  {
    letter: 'f',
    meaning: 'Unescaped filename',
    details:
      'The unescaped instance name (if applicable) with / prepended, or the unescaped prefix name prepended with /.',
  },
  {
    letter: 'g',
    meaning: 'User group',
    details: 'The group running the service manager instance; "root" for the system manager.',
  },
  {
    letter: 'G',
    meaning: 'User GID',
    details: 'The numeric GID of the user running the service manager instance; "0" for the system manager.',
  },
  {
    letter: 'h',
    meaning: 'User home directory',
    details:
      'The home directory of the user running the service manager instance; "/root" for the system manager. ' +
      'Not influenced by User=.',
  },
  {
    letter: 'H',
    meaning: 'Host name',
    details: 'The hostname of the running system when the unit configuration is loaded.',
  },
  {
    letter: 'i',
    meaning: 'Instance name',
    details: 'For instantiated units, the string between the first "@" and the type suffix; empty otherwise.',
  },
  { letter: 'I', meaning: 'Unescaped instance name', details: 'Same as %i, with escaping undone.' },
  {
    letter: 'j',
    meaning: 'Final component of the prefix',
    details: 'The string between the last "-" and the end of the prefix name; %p if there is no "-".',
  },
  { letter: 'J', meaning: 'Unescaped final component of the prefix', details: 'Same as %j, with escaping undone.' },
  { letter: 'l', meaning: 'Short host name', details: 'The hostname truncated at the first dot.' },
  {
    letter: 'L',
    meaning: 'Log directory root',
    details: '/var/log (system manager) or $XDG_STATE_HOME/log (user managers).',
  },
  { letter: 'm', meaning: 'Machine ID', details: 'The machine ID of the running system, formatted as string.' },
  {
    letter: 'M',
    meaning: 'Operating system image identifier',
    details: 'IMAGE_ID= of /etc/os-release; empty if not set.',
  },
  { letter: 'n', meaning: 'Full unit name', details: 'The unit name with its type suffix (web.service).' },
  { letter: 'N', meaning: 'Full unit name without suffix', details: 'Same as %n, with the type suffix removed.' },
  { letter: 'o', meaning: 'Operating system ID', details: 'ID= of /etc/os-release.' },
  {
    letter: 'p',
    meaning: 'Prefix name',
    details: 'For instantiated units, the string before the first "@"; for others the same as %N.',
  },
  { letter: 'P', meaning: 'Unescaped prefix name', details: 'Same as %p, with escaping undone.' },
  {
    letter: 'q',
    meaning: 'Pretty host name',
    details: 'PRETTY_HOSTNAME= of /etc/machine-info; the short hostname if not set.',
  },
  { letter: 's', meaning: 'User shell', details: 'The shell of the user running the service manager instance.' },
  {
    letter: 'S',
    meaning: 'State directory root',
    details: '/var/lib (system manager) or $XDG_STATE_HOME (user managers).',
  },
  {
    letter: 't',
    meaning: 'Runtime directory root',
    details: '/run/ (system manager) or $XDG_RUNTIME_DIR (user managers).',
  },
  {
    letter: 'T',
    meaning: 'Directory for temporary files',
    details: '/tmp, or the path $TMPDIR, $TEMP or $TMP is set to.',
  },
  {
    letter: 'u',
    meaning: 'User name',
    details: 'The user running the service manager instance; "root" for the system manager. Not influenced by User=.',
  },
  {
    letter: 'U',
    meaning: 'User UID',
    details:
      'The numeric UID of the user running the service manager instance; "0" for the system manager. Not ' +
      'influenced by User=.',
  },
  { letter: 'v', meaning: 'Kernel release', details: 'Identical to uname -r output.' },
  {
    letter: 'V',
    meaning: 'Directory for larger and persistent temporary files',
    details: '/var/tmp, or the path $TMPDIR, $TEMP or $TMP is set to.',
  },
  { letter: 'w', meaning: 'Operating system version ID', details: 'VERSION_ID= of /etc/os-release; empty if not set.' },
  { letter: 'W', meaning: 'Operating system variant ID', details: 'VARIANT_ID= of /etc/os-release; empty if not set.' },
  { letter: 'y', meaning: 'The path to the fragment', details: 'Where the main part of the unit file is located.' },
  { letter: 'Y', meaning: 'The directory of the fragment', details: 'The directory part of %y.' },
  {
    letter: '%',
    meaning: 'Single percent sign',
    details: 'Use "%%" in place of "%" to specify a single percent sign.',
  },
];

export function specifier(letter: string): Specifier | undefined {
  return SPECIFIERS.find((s) => s.letter === letter);
}
