/**
 * "Generate .nspawn": the run profile of an image as systemd-nspawn settings (systemd.nspawn(5)).
 * What the container engine needed flags for, nspawn does itself: it boots an init (Boot=yes),
 * mounts /run and /tmp as tmpfs, gives the machine its cgroup tree and sets `container=`; what
 * remains is the environment, binds, extra tmpfs, the hostname and private networking with the
 * published ports.
 */
import type { RunProfile } from '../../../shared/engine/runProfile';
import { oneLine, systemdQuote } from '../../../shared/engine/quote';

/** Mounts nspawn makes on its own, or that only the engine path needs (the cgroup bind). */
const PROVIDED_MOUNTS = new Set(['/run', '/run/lock', '/tmp', '/sys/fs/cgroup']);

/** A machine name systemd accepts (a hostname label: letters, digits, "-", "_", "."), from an image reference. */
export function machineNameFromImage(image: string): string {
  const last = image.split('/').pop() ?? image;
  const name = last
    .replace(/[:@].*$/, '')
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 64);
  return name || 'machine';
}

export function isValidMachineName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name) && !name.includes('..');
}

export function nspawnSettings(profile: RunProfile): string {
  const s = profile.spec;
  const lines: string[] = [
    `# systemd-nspawn settings for ${oneLine(s.image)}, from its run profile (systemd.nspawn(5)).`,
  ];
  if (profile.cgroupArrangement === 'unified-bind') {
    // No .nspawn key chooses the cgroup hierarchy: it is systemd-nspawn's environment.
    lines.push(
      '# On this hybrid cgroup v1 host run systemd-nspawn with SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1: systemd 258',
      '# and newer refuse the hybrid tree nspawn gives otherwise (Run with systemd-nspawn sets it).',
    );
  }
  lines.push('', '[Exec]', 'Boot=yes');
  if (s.hostname) lines.push(`Hostname=${oneLine(s.hostname)}`);
  // nspawn sets container=systemd-nspawn itself.
  for (const [k, v] of s.env) if (k !== 'container') lines.push(`Environment=${systemdQuote(`${k}=${v}`)}`);
  const files: string[] = [];
  for (const b of s.binds)
    if (!PROVIDED_MOUNTS.has(b.target))
      files.push(`${b.mode === 'ro' ? 'BindReadOnly' : 'Bind'}=${nspawnPath(b.source)}:${nspawnPath(b.target)}`);
  for (const d of s.tmpfs) if (!PROVIDED_MOUNTS.has(d)) files.push(`TemporaryFileSystem=${nspawnPath(d)}`);
  if (files.length) lines.push('', '[Files]', ...files);
  lines.push(
    '',
    '[Network]',
    "# A private network like the engine's bridge: the host side is ve-<machine>, configured by",
    '# systemd-networkd on the host (without it, give ve-<machine> an address yourself).',
    'VirtualEthernet=yes',
  );
  for (const p of s.ports) lines.push(`Port=${p.protocol}:${p.hostPort ?? p.containerPort}:${p.containerPort}`);
  lines.push('');
  return lines.join('\n');
}

/** Paths in Bind= are ":"-separated; a ":" inside a path is written "\:". */
function nspawnPath(p: string): string {
  return oneLine(p).replace(/\\/g, '\\\\').replace(/:/g, '\\:');
}
