#!/usr/bin/env bash
# By hand, as root (not a CI step): the sandboxing rows of docs/security.md under rootful Podman 5
# from a Debian chroot of .ci/chroots-setup.sh (trixie: Podman 5.4, sid: Podman 5.8).
#
#   unshare -m --propagation private bash scripts/podman5-sandbox-probe.sh RELEASE IMAGE.tar [podman run args]
#
# IMAGE.tar: `docker save` of test/fixtures/engine/sandbox built for RELEASE (--target RELEASE). The chroot is made the root of this private mount namespace (pivot_root):
# in a plain chroot runc falls back to chroot() for the container and the kernel then refuses
# unshare(CLONE_NEWUSER), which would fail PrivateUsers= for a reason that is not Podman's. The
# chroots' crun refuses this hybrid cgroup host ("crun: cgroups in hybrid mode not supported"), so
# the host's runc is used (PODMAN_RUNTIME); --network none because netavark needs nft. systemd
# 262 (sid) needs `-v /sys/fs/cgroup/unified:/sys/fs/cgroup:rw`. Podman's storage is a scratch folder
# (/tmp/sct-podman5-*; remove it afterwards).
set -euo pipefail
release=$1 tar=$2; shift 2
chroot_dir=/var/cache/sct-chroots/$release
scratch=$(mktemp -d /tmp/sct-podman5-XXXXXX)
runtime=${PODMAN_RUNTIME:-$(command -v runc)}
probe='for u in $(cd /etc/systemd/system && ls sct-sb-*.service); do
  p=$(systemctl show -P MainPID "$u"); ns=
  if [ "$p" != 0 ]; then for n in mnt net ipc uts user; do
    [ "$(readlink /proc/$p/ns/$n)" != "$(readlink /proc/1/ns/$n)" ] && ns="$ns$n,"; done; fi
  echo "$u $(systemctl show -P ActiveState "$u") $(systemctl show -P ExecMainStatus "$u") $ns"
done'
mkdir -p "$scratch"/{oldroot,storage,run,tmp}
cp "$tar" "$scratch/image.tar"
cp "$runtime" "$scratch/runc"
mount --make-rprivate /
mount --bind "$chroot_dir" "$chroot_dir"
mount -t proc proc "$chroot_dir/proc"
mount --rbind /sys "$chroot_dir/sys"
mount --rbind /dev "$chroot_dir/dev"
mount -t tmpfs tmpfs "$chroot_dir/run"
mount --bind "$scratch" "$chroot_dir/mnt"
mount --bind "$scratch/tmp" "$chroot_dir/tmp"
cd "$chroot_dir" && pivot_root . mnt/oldroot && cd /
umount -l /mnt/oldroot
export PATH=/usr/sbin:/usr/bin:/sbin:/bin PODMAN_IGNORE_CGROUPSV1_WARNING=1
P=(podman --runtime /mnt/runc --root /mnt/storage --runroot /mnt/run --cgroup-manager cgroupfs --events-backend file)
"${P[@]}" --version
image=$("${P[@]}" load -q -i /mnt/image.tar | sed -n 's/^Loaded image: //p' | head -n1)
"${P[@]}" run -d -t --name sct-sandbox --systemd=always --network none "$@" "$image" /lib/systemd/systemd
sleep 8
"${P[@]}" exec sct-sandbox systemctl is-system-running || true
"${P[@]}" exec sct-sandbox sh -c "$probe"
"${P[@]}" rm -f -t 5 sct-sandbox
