#!/usr/bin/env python3
"""Writes server/src/security/data/syscallSets.json: the system call groups of each systemd release,
flattened to the names its libseccomp resolves on x86-64 (what `systemd-analyze security` compares;
names that do not resolve are skipped by systemd too). Read from the real tools in the chroots of
.ci/chroots-setup.sh: `systemd-analyze syscall-filter` for the groups, the chroot's own
libseccomp.so.2 (through ctypes) for the names. Run as root after the chroots exist."""
import ctypes, json, os, subprocess, sys

ROOT = os.environ.get('SCT_CHROOTS', '/var/cache/sct-chroots')
RELEASES = {'bookworm': '252', 'trixie': '257', 'sid': '262'}
OUT = os.path.join(os.path.dirname(__file__), '..', 'server', 'src', 'security', 'data', 'syscallSets.json')


def groups_of(chroot):
    text = subprocess.run(['chroot', chroot, 'systemd-analyze', 'syscall-filter', '--no-pager'],
                          check=True, capture_output=True, text=True).stdout
    groups, current = {}, None
    for line in text.splitlines():
        if line.startswith('@'):
            current = groups.setdefault(line.strip(), [])
        elif line.startswith('#') or not line.strip():
            current = None if line.startswith('#') else current
        elif current is not None and not line.strip().startswith('#'):
            current.append(line.strip())
    return groups


def main():
    result = {}
    for suite, version in RELEASES.items():
        chroot = os.path.join(ROOT, suite)
        lib = ctypes.CDLL(os.path.join(chroot, 'usr/lib/x86_64-linux-gnu/libseccomp.so.2'))
        lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        resolves = lambda name: lib.seccomp_syscall_resolve_name(name.encode()) >= 0
        groups = groups_of(chroot)

        def flatten(name, seen):
            out = set()
            for member in groups[name]:
                if member.startswith('@'):
                    if member not in seen:
                        out |= flatten(member, seen | {member})
                elif resolves(member):
                    out.add(member)
            return out

        result[version] = {name: sorted(flatten(name, {name})) for name in sorted(groups)}
        print(f'{suite} ({version}): {len(groups)} groups, {len(result[version]["@known"])} known names', file=sys.stderr)
    with open(OUT, 'w') as f:
        json.dump(result, f, separators=(',', ':'), sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
