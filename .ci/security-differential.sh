#!/usr/bin/env bash
# Differential test of `systemd-container-lint security` against each Debian release's own
# `systemd-analyze security --offline=yes` (needs .ci/chroots-setup.sh first; run as root).
# Besides the services the chroots ship, the unit files of PACKAGES below (downloaded with apt,
# not installed: only their .service files and drop-ins are unpacked) are scored, into
# <chroot>/var/tmp/sct-security/units. Cached per suite by a stamp of the package list.
# Then checks that server/src/security/data/packageSandbox.json is what scripts/gen-package-sandbox.ts reads
# from the same packages, and runs scripts/security-differential.ts (both compiled to out/ by `npm run compile-tests`).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

ROOT="${SCT_CHROOTS:-/var/cache/sct-chroots}"
MIRROR="${SCT_MIRROR:-http://deb.debian.org/debian}"
SUITES="${SCT_CHROOT_SUITES:-bookworm trixie sid}"
# Debian packages that ship system services (present or not in a given release: missing ones are skipped).
PACKAGES="openssh-server cron rsyslog apache2 nginx-common lighttpd postfix exim4-base dnsmasq-base dnsmasq chrony
ntpsec haveged smartmontools redis-server memcached postgresql-common bind9 avahi-daemon cups-daemon nftables
fail2ban unattended-upgrades apparmor auditd squid tor prometheus-node-exporter unbound nsd dovecot-core
rpcbind nfs-kernel-server nfs-common open-iscsi lvm2 mdadm udisks2 upower polkitd accountsservice colord bluez
modemmanager network-manager wpasupplicant iwd hostapd radvd keepalived haproxy varnish gpsd irqbalance
thermald sysstat acpid anacron at e2fsprogs fwupd packagekit containerd qemu-guest-agent open-vm-tools
opendkim spamd clamav-daemon clamav-freshclam knot dbus systemd-timesyncd systemd-resolved rtkit
usbmuxd ifupdown isc-dhcp-server kea-dhcp4-server knockd logrotate man-db apt snmpd lldpd conntrackd
ulogd2 pcscd saned ssl-cert rasdaemon tuned uuid-runtime zram-tools earlyoom systemd-oomd systemd-homed
systemd-userdbd systemd-journal-remote systemd-container"
STAMP="v1 $(echo $PACKAGES | md5sum | cut -c1-12)"

log() { printf '[security-differential] %s\n' "$*" >&2; }

unpack_units() { # $1 = suite
  local suite="$1" chroot="$ROOT/$1" work="$ROOT/security-debs/$1" dest="$ROOT/$1/var/tmp/sct-security/units"
  [ -f "$chroot/.sct-chroot" ] || { log "$suite: no chroot (run .ci/chroots-setup.sh)"; return 0; }
  if [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$STAMP" ]; then log "$suite: units ready"; return 0; fi
  mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/debs"
  echo "deb [trusted=yes] $MIRROR $suite main" >"$work/sources.list"
  local opts=(-o Dir::Etc::sourcelist="$work/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$work/lists"
              -o Dir::Cache="$work" -o APT::Architecture=amd64 -o Debug::NoLocking=1 -q)
  apt-get "${opts[@]}" update >"$work/update.log" 2>&1 || { tail -5 "$work/update.log" >&2; return 1; }
  # One at a time: a package the release lacks (or only names virtually) is skipped, not fatal.
  local available=()
  : >"$work/download.log"
  for p in $PACKAGES; do
    if (cd "$work/debs" && apt-get "${opts[@]}" download "$p" >>"$work/download.log" 2>&1); then available+=("$p"); fi
  done
  [ "${#available[@]}" -gt 0 ] || { tail -5 "$work/download.log" >&2; return 1; }
  rm -rf "$dest" "$work/tree" && mkdir -p "$dest" "$work/tree"
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/tree"; done
  # Service files and their drop-in folders, from /lib and /usr/lib alike; the chroot's own are scored apart.
  for dir in "$work/tree/lib/systemd/system" "$work/tree/usr/lib/systemd/system"; do
    [ -d "$dir" ] || continue
    find "$dir" -maxdepth 1 -name '*.service' -type f -exec cp -n {} "$dest/" \;
    find "$dir" -maxdepth 1 -name '*.service.d' -type d -exec cp -rn {} "$dest/" \;
  done
  # Units the chroot already has are the chroot's (same package): keep one copy.
  for f in "$dest"/*.service; do
    [ -e "$chroot/usr/lib/systemd/system/$(basename "$f")" ] && rm -rf "$f" "$f.d"
  done
  echo "$STAMP" >"$dest/.stamp"
  log "$suite: ${#available[@]} packages, $(ls "$dest" | grep -c '\.service$') extra services"
}

for suite in $SUITES; do unpack_units "$suite"; done
[ -f out/scripts/security-differential.js ] || npm run compile-tests >/dev/null
# SCT116's package data must be what these packages (and the chroots' own) give today.
node out/scripts/gen-package-sandbox.js --check
node out/scripts/security-differential.js
