#!/usr/bin/env bash
# The real programs the differential tests judge us against (run as root, idempotent):
# a minbase chroot per Debian release with its own systemd (and Podman's Quadlet where the
# release has one), under $SCT_CHROOTS (default /var/cache/sct-chroots):
#
#   bookworm  systemd 252                       (Podman 4.3 there has no Quadlet)
#   trixie    systemd 257, podman 5.4
#   sid       systemd 26x, podman 5.x
#
# Used as `chroot $SCT_CHROOTS/<suite> systemd-analyze verify …` and
# `chroot $SCT_CHROOTS/<suite> /usr/libexec/podman/quadlet -dryrun`.
# A chroot that cannot be built fails this script with the debootstrap log's tail.
# SCT_CHROOT_SUITES limits which are made (default: "bookworm trixie sid").
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

ROOT="${SCT_CHROOTS:-/var/cache/sct-chroots}"
MIRROR="${SCT_MIRROR:-http://deb.debian.org/debian}"
SUITES="${SCT_CHROOT_SUITES:-bookworm trixie sid}"
VERSION=v1   # bump when the package list changes: every chroot is made again

T0=$(date +%s)
log() { printf '[chroots-setup %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }
die() { printf '[chroots-setup] ERROR: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

command -v debootstrap >/dev/null || apt-get -o DPkg::Lock::Timeout=600 -y -q install debootstrap >/dev/null

packages_for() {
  case "$1" in
    bookworm) echo "systemd,systemd-sysv" ;;
    *) echo "systemd,systemd-sysv,podman" ;;
  esac
}

make_chroot() { # $1 = suite
  local suite="$1" dir="$ROOT/$1" include stamp
  include=$(packages_for "$suite")
  stamp="$VERSION $suite $include"
  if [ -f "$dir/.sct-chroot" ] && [ "$(cat "$dir/.sct-chroot")" = "$stamp" ]; then
    log "$suite ready ($dir)"; return 0
  fi
  rm -rf "$dir" "$dir.tmp"
  mkdir -p "$ROOT/debs"
  log "debootstrap --variant=minbase --include=$include $suite"
  if ! debootstrap --variant=minbase --include="$include" --cache-dir="$ROOT/debs" \
      "$suite" "$dir.tmp" "$MIRROR" >"$ROOT/$suite.debootstrap.log" 2>&1; then
    tail -n 30 "$ROOT/$suite.debootstrap.log" >&2
    [ -f "$dir.tmp/debootstrap/debootstrap.log" ] && tail -n 30 "$dir.tmp/debootstrap/debootstrap.log" >&2
    die "debootstrap of $suite failed"
  fi
  chroot "$dir.tmp" systemctl --version | head -n1 >&2 || die "$suite: systemctl does not run in the chroot"
  echo "$stamp" >"$dir.tmp/.sct-chroot"
  mv "$dir.tmp" "$dir"
}

pids=()
for suite in $SUITES; do
  make_chroot "$suite" & pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || die "at least one chroot could not be built"
for suite in $SUITES; do
  sd=$(chroot "$ROOT/$suite" systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p')
  pm=$(chroot "$ROOT/$suite" dpkg-query -W -f='${Version}' podman 2>/dev/null || true)
  log "$suite: systemd $sd${pm:+, podman $pm}"
done
log "done in $(( $(date +%s) - T0 ))s"
