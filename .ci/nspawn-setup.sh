#!/usr/bin/env bash
# systemd-nspawn for the nspawn engine tests and the VS Code "nspawn" suite (run as root,
# idempotent, no stdin needed).
#
#   installs Debian's systemd-container (systemd-nspawn, machinectl, systemd-machined) at the
#   version of the systemd already installed when the archive still has it (so the host's
#   systemd is not upgraded as a side effect), otherwise the candidate version;
#   keeps the downloaded .debs in $SCT_CACHE_DIR/debs so a second fresh install needs no network.
#
# Nothing is started: on a host whose PID 1 is not systemd (containers, CI VMs) there is no
# systemd-machined, and the tests boot machines with `systemd-nspawn --register=no`.
#
#   SCT_CACHE_DIR   /var/cache/sct-nspawn   .deb cache
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

CACHE_DIR="${SCT_CACHE_DIR:-/var/cache/sct-nspawn}"
T0=$(date +%s)
log() { printf '[nspawn-setup %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }
die() { printf '[nspawn-setup] ERROR: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

report() {
  log "systemd-nspawn: $(systemd-nspawn --version | head -n1)"
  log "PID 1: $(cat /proc/1/comm 2>/dev/null || echo '?')$( [ -d /run/systemd/system ] && echo ' (systemd: machinectl usable)' || echo ' (not systemd: machines run with --register=no)')"
  log "done in $(( $(date +%s) - T0 ))s"
}

if command -v systemd-nspawn >/dev/null 2>&1 && systemd-nspawn --version >/dev/null 2>&1; then
  log "systemd-container already installed"
  report
  exit 0
fi

APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -y -q)
mkdir -p "$CACHE_DIR/debs"

# The version that matches the installed systemd (systemd-container depends on
# libsystemd-shared of exactly its own version).
want=$(dpkg-query -W -f='${Version}' libsystemd-shared 2>/dev/null || true)

install_cached() {
  # Offline path: the cached .debs of the wanted version.
  local debs=("$CACHE_DIR"/debs/systemd-container_"${want//:/%3a}"_*.deb)
  [ -n "$want" ] && [ -e "${debs[0]}" ] || return 1
  log "installing cached ${debs[0]##*/}"
  apt-get "${APT_OPTS[@]}" install --no-install-recommends "${debs[0]}" >/tmp/sct-nspawn-apt.log 2>&1
}

apt_update() {
  for _ in $(seq 1 60); do
    if apt-get "${APT_OPTS[@]}" update >/tmp/sct-nspawn-apt.log 2>&1; then return 0; fi
    grep -q 'Could not get lock' /tmp/sct-nspawn-apt.log || { cat /tmp/sct-nspawn-apt.log >&2; die "apt-get update failed"; }
    sleep 10
  done
  die "apt-get update: lists lock still held after 10 minutes"
}

if ! install_cached; then
  if ! apt-cache show "systemd-container${want:+=$want}" >/dev/null 2>&1; then
    log "apt-get update"
    apt_update
  fi
  spec=systemd-container
  if [ -n "$want" ] && apt-cache show "systemd-container=$want" >/dev/null 2>&1; then
    spec="systemd-container=$want"
  else
    log "systemd-container $want is not in the archive; installing the candidate (this upgrades systemd)"
  fi
  log "apt-get install $spec"
  apt-get "${APT_OPTS[@]}" -o Dir::Cache::archives="$CACHE_DIR/debs" install --no-install-recommends "$spec" >/tmp/sct-nspawn-apt.log 2>&1 \
    || { tail -n 30 /tmp/sct-nspawn-apt.log >&2; die "apt-get install $spec failed"; }
fi
command -v systemd-nspawn >/dev/null || die "systemd-nspawn not found after install"
command -v nsenter >/dev/null || die "nsenter (util-linux) not found"
report
