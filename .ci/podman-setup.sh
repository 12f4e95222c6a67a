#!/usr/bin/env bash
# Podman for the engine tests (run as root, idempotent, after .ci/engine-setup.sh).
#
#   1. installs Debian's podman (4.3) if missing;
#   2. writes its own containers.conf (/etc/sct-podman/containers.conf, used only through
#      CONTAINERS_CONF by the service started here) with the two settings this kind of host needs:
#        - default_ulimits nofile/nproc 4096: the VM's capability bounding set lacks
#          CAP_SYS_RESOURCE, so Podman's default rlimits fail
#          ("crun: setrlimit `RLIMIT_NOFILE`: Operation not permitted", then RLIMIT_NPROC);
#        - runtime runc: crun 1.8 refuses the cgroup v1/v2 hybrid layout
#          ("crun: cgroups in hybrid mode not supported, drop all controllers from cgroupv2");
#   3. copies sct/debian-systemd:bookworm from the test dockerd (no registry is reachable);
#   4. starts `podman system service` on unix:///run/sct-podman.sock (pid in /run/sct-podman-service.pid).
#
# Stop with: kill "$(cat /run/sct-podman-service.pid)"
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

SOCK="${SCT_PODMAN_SOCK:-/run/sct-podman.sock}"
PIDFILE="${SCT_PODMAN_PIDFILE:-/run/sct-podman-service.pid}"
CONF_DIR=/etc/sct-podman
DOCKER_SOCK="${SCT_DOCKER_SOCK:-/run/sct-docker.sock}"
IMAGE=sct/debian-systemd:bookworm

log() { printf '[podman-setup] %s\n' "$*" >&2; }
die() { printf '[podman-setup] ERROR: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

if ! command -v podman >/dev/null; then
  log "apt-get install podman"
  for _ in $(seq 1 60); do
    apt-get -o DPkg::Lock::Timeout=600 -y -q update >/tmp/sct-podman-apt.log 2>&1 && break
    grep -q 'Could not get lock' /tmp/sct-podman-apt.log || { cat /tmp/sct-podman-apt.log >&2; die "apt-get update failed"; }
    sleep 10
  done
  apt-get -o DPkg::Lock::Timeout=600 -y -q install --no-install-recommends podman crun conmon catatonit runc >/tmp/sct-podman-apt.log 2>&1 \
    || { tail -n 30 /tmp/sct-podman-apt.log >&2; die "apt-get install podman failed"; }
fi

mkdir -p "$CONF_DIR"
cat >"$CONF_DIR/containers.conf" <<'EOF'
# Written by .ci/podman-setup.sh for the sct engine tests (see docs/run-profile.md "Podman").
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$CONF_DIR/containers.conf"

if ! podman image exists "localhost/$IMAGE"; then
  [ -S "$DOCKER_SOCK" ] || die "no $DOCKER_SOCK to copy $IMAGE from: run .ci/engine-setup.sh first"
  log "docker save $IMAGE | podman load"
  docker -H "unix://$DOCKER_SOCK" save "$IMAGE" | podman load >/dev/null
fi

if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null; then
  log "podman service already running (pid $(cat "$PIDFILE")) on unix://$SOCK"
else
  rm -f "$SOCK"
  setsid nohup podman system service --time=0 "unix://$SOCK" >/var/log/sct-podman-service.log 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 40); do curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null && break; sleep 0.25; done
  curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null || die "podman service did not answer on $SOCK (log: /var/log/sct-podman-service.log)"
  log "podman service started (pid $(cat "$PIDFILE")) on unix://$SOCK"
fi
log "$(podman --version), image localhost/$IMAGE"
