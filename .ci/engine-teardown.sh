#!/usr/bin/env bash
# Stops the dedicated dockerd started by .ci/engine-setup.sh (same SCT_* overrides) and removes
# its bridge and the iptables rules it tagged. Touches nothing else: a system dockerd, its
# docker0 and its DOCKER chains are left alone. Idempotent.
#
#   .ci/engine-teardown.sh            stop the daemon; keep images (data root) and the cache
#   .ci/engine-teardown.sh --purge    also delete the data root (all images/containers of it)
set -euo pipefail

SOCK_PATH="${SCT_DOCKER_SOCK:-/run/sct-docker.sock}"
DATA_ROOT="${SCT_DOCKER_DATA:-/var/lib/sct-docker}"
EXEC_ROOT="${SCT_DOCKER_EXEC:-/run/sct-docker-exec}"
PIDFILE="${SCT_DOCKER_PIDFILE:-/run/sct-docker.pid}"
ENV_FILE="${SCT_DOCKER_ENV_FILE:-/run/sct-docker.env}"
BRIDGE="${SCT_DOCKER_BRIDGE:-sct0}"
STOP_TIMEOUT="${SCT_DOCKER_STOP_TIMEOUT:-60}"
RULE_TAG="sct-docker"
PURGE=0
[ "${1:-}" = "--purge" ] && PURGE=1

log() { printf '[engine-teardown] %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "must run as root"; exit 1; }

if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  pid=$(cat "$PIDFILE")
  # Check it really is our dockerd before signalling it.
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--pidfile $PIDFILE"; then
    log "stopping dockerd pid $pid (SIGTERM; it stops its containers first)"
    kill -TERM "$pid"
    for _ in $(seq 1 $(( STOP_TIMEOUT * 2 ))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd still running after ${STOP_TIMEOUT}s; SIGKILL"
      kill -KILL "$pid" || true
    fi
  else
    log "pid $pid in $PIDFILE is not our dockerd; not touching it"
  fi
else
  log "dockerd not running"
fi
# The daemon's own containerd normally exits with it; stop a leftover one (only ours).
if [ -s "$EXEC_ROOT/containerd/containerd.pid" ]; then
  cpid=$(cat "$EXEC_ROOT/containerd/containerd.pid")
  if kill -0 "$cpid" 2>/dev/null && tr '\0' ' ' <"/proc/$cpid/cmdline" | grep -q -- "$EXEC_ROOT/containerd"; then
    log "stopping leftover containerd pid $cpid"; kill -TERM "$cpid" || true
  fi
fi
rm -f "$PIDFILE" "$SOCK_PATH" "$ENV_FILE"

if command -v iptables >/dev/null 2>&1; then
  for table in nat filter; do
    iptables -w -t "$table" -S 2>/dev/null | grep -- "--comment $RULE_TAG" | sed 's/^-A /-D /' |
      while read -r rule; do eval "iptables -w -t $table $rule" || true; done
  done
fi
if ip link show "$BRIDGE" >/dev/null 2>&1; then
  log "removing bridge $BRIDGE"; ip link delete "$BRIDGE" type bridge || true
fi

if [ "$PURGE" = 1 ]; then
  log "purging $DATA_ROOT and $EXEC_ROOT"
  # Unmount anything still mounted below them (deepest first), then delete.
  for root in "$EXEC_ROOT" "$DATA_ROOT"; do
    awk -v r="$root" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/self/mounts | sort -r |
      while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$root"
  done
fi
log "done"
