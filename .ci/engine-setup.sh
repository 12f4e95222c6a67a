#!/usr/bin/env bash
# Engine set-up for CI and developers (run as root, no stdin needed, idempotent).
#
#   1. installs dockerd (Debian's docker.io, unless a dockerd is already on PATH) and debootstrap;
#   2. starts a dedicated dockerd with its own data root, socket, exec root, pidfile, config
#      file, containerd namespace and bridge, so it never collides with a system dockerd;
#   3. builds the local base images from a debootstrap cache:
#        sct/debian-systemd:bookworm  minbase + systemd + systemd-sysv (no ENV/STOPSIGNAL/prune)
#        sct/debian:bookworm          minbase only, no systemd (negative tests)
#      Both get CMD ["bash"] like the official debian image, nothing else. With SCT_SUITE=trixie
#      or sid (and SCT_PLAIN_IMAGE=0) the same for that release: the boot matrix's images
#      (systemd 257 and 26x), see .ci/matrix-setup.sh.
#
# Afterwards:  . /run/sct-docker.env   (or: export DOCKER_HOST=unix:///run/sct-docker.sock)
# Stop with:   .ci/engine-teardown.sh
#
# Everything can be overridden through the environment:
#   SCT_DOCKER_SOCK      /run/sct-docker.sock        API socket
#   SCT_DOCKER_DATA      /var/lib/sct-docker         --data-root
#   SCT_DOCKER_EXEC      /run/sct-docker-exec        --exec-root
#   SCT_DOCKER_PIDFILE   /run/sct-docker.pid         --pidfile
#   SCT_DOCKER_LOG       /var/log/sct-dockerd.log    dockerd stdout/stderr
#   SCT_DOCKER_CONFIG    /etc/sct-docker/daemon.json own (empty) config file
#   SCT_DOCKER_ENV_FILE  /run/sct-docker.env         "export DOCKER_HOST=..." for later scripts
#   SCT_DOCKER_BRIDGE    sct0                        bridge the daemon uses (created here)
#   SCT_DOCKER_BIP       172.30.232.1/24             bridge address / container subnet
#   SCT_DOCKER_TIMEOUT   60                          seconds to wait for `docker info`
#   SCT_CACHE_DIR        /var/cache/sct-engine       debootstrap tarball cache
#   SCT_SUITE            bookworm
#   SCT_MIRROR           (detected from /etc/apt/sources.list{,.d/*.list,.d/*.sources})
#   SCT_SKIP_IMAGES      1 = only install and start the engine
#   SCT_PLAIN_IMAGE      0 = do not make sct/debian:$SCT_SUITE (the image without systemd)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

SOCK_PATH="${SCT_DOCKER_SOCK:-/run/sct-docker.sock}"
DOCKER_HOST_URI="unix://${SOCK_PATH}"
DATA_ROOT="${SCT_DOCKER_DATA:-/var/lib/sct-docker}"
EXEC_ROOT="${SCT_DOCKER_EXEC:-/run/sct-docker-exec}"
PIDFILE="${SCT_DOCKER_PIDFILE:-/run/sct-docker.pid}"
LOGFILE="${SCT_DOCKER_LOG:-/var/log/sct-dockerd.log}"
CONFIG_FILE="${SCT_DOCKER_CONFIG:-/etc/sct-docker/daemon.json}"
ENV_FILE="${SCT_DOCKER_ENV_FILE:-/run/sct-docker.env}"
BRIDGE="${SCT_DOCKER_BRIDGE:-sct0}"
BIP="${SCT_DOCKER_BIP:-172.30.232.1/24}"
START_TIMEOUT="${SCT_DOCKER_TIMEOUT:-60}"
CACHE_DIR="${SCT_CACHE_DIR:-/var/cache/sct-engine}"
SUITE="${SCT_SUITE:-bookworm}"
IMG_SYSTEMD="sct/debian-systemd:${SUITE}"
IMG_PLAIN="sct/debian:${SUITE}"
RULE_TAG="sct-docker"   # iptables comment on the rules this script adds

T0=$(date +%s)
log() { printf '[engine-setup %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }
die() { printf '[engine-setup] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

# ---------------------------------------------------------------- 1. packages
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -y -q)

apt_update() {
  # DPkg::Lock::Timeout covers the dpkg lock only; the lists lock of a concurrent
  # `apt-get update` is not waited for, so retry for up to 10 minutes.
  for _ in $(seq 1 60); do
    if apt-get "${APT_OPTS[@]}" update >/tmp/sct-apt-update.log 2>&1; then return 0; fi
    if grep -q 'Could not get lock' /tmp/sct-apt-update.log; then sleep 10; continue; fi
    cat /tmp/sct-apt-update.log >&2; die "apt-get update failed"
  done
  die "apt-get update: lists lock still held after 10 minutes"
}

need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)      # keep docker-ce if present
command -v debootstrap >/dev/null 2>&1 || need_pkgs+=(debootstrap)
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || need_pkgs+=(debian-archive-keyring)
command -v iptables >/dev/null 2>&1 || need_pkgs+=(iptables)
command -v ip >/dev/null 2>&1 || need_pkgs+=(iproute2)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  log "apt-get update"
  apt_update
  log "apt-get install ${need_pkgs[*]}"
  apt-get "${APT_OPTS[@]}" install --no-install-recommends "${need_pkgs[@]}" >/tmp/sct-apt-install.log 2>&1 \
    || { tail -n 30 /tmp/sct-apt-install.log >&2; die "apt-get install ${need_pkgs[*]} failed"; }
else
  log "packages already present (dockerd, debootstrap)"
fi
command -v dockerd >/dev/null || die "dockerd not found after install"
command -v docker >/dev/null || die "docker CLI not found after install"

# ---------------------------------------------------------------- 2. dockerd
docker_cli() { docker -H "$DOCKER_HOST_URI" "$@"; }
engine_ok() { docker_cli info >/dev/null 2>&1; }

pid_alive() { [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

setup_bridge() {
  # Our own bridge, so a system dockerd's docker0 is never touched.
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    local net
    net=$(python3 -c 'import ipaddress,sys;print(ipaddress.ip_interface(sys.argv[1]).network)' "$BIP" 2>/dev/null || echo "${BIP%.*}.0/${BIP#*/}")
    if ip -4 route show | awk '{print $1}' | grep -qx "$net"; then
      die "subnet $net already routed on this host; set SCT_DOCKER_BIP to a free one"
    fi
    ip link add "$BRIDGE" type bridge
    ip addr add "$BIP" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
}

setup_nat() {
  # dockerd runs with --iptables=false: a second daemon with iptables on would remove and
  # re-create the DOCKER chains of a system dockerd. We add three tagged rules ourselves.
  local net; net=$(ip -4 -o addr show dev "$BRIDGE" | awk '{print $4}' | head -n1)
  net=$(python3 -c 'import ipaddress,sys;print(ipaddress.ip_interface(sys.argv[1]).network)' "$net" 2>/dev/null || echo "$net")
  sysctl -qw net.ipv4.ip_forward=1 || true
  if ! iptables -w -t nat -S >/dev/null 2>&1; then
    log "WARNING: iptables does not work here; containers will have no outbound network"
    return 0
  fi
  iptables -w -t nat -C POSTROUTING -s "$net" ! -o "$BRIDGE" -m comment --comment "$RULE_TAG" -j MASQUERADE 2>/dev/null \
    || iptables -w -t nat -I POSTROUTING -s "$net" ! -o "$BRIDGE" -m comment --comment "$RULE_TAG" -j MASQUERADE
  iptables -w -C FORWARD -i "$BRIDGE" -m comment --comment "$RULE_TAG" -j ACCEPT 2>/dev/null \
    || iptables -w -I FORWARD -i "$BRIDGE" -m comment --comment "$RULE_TAG" -j ACCEPT
  iptables -w -C FORWARD -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "$RULE_TAG" -j ACCEPT 2>/dev/null \
    || iptables -w -I FORWARD -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "$RULE_TAG" -j ACCEPT
}

start_dockerd() {
  if pid_alive && engine_ok; then
    log "dockerd already running (pid $(cat "$PIDFILE")) on $DOCKER_HOST_URI"
    return 0
  fi
  if pid_alive; then
    log "dockerd pid $(cat "$PIDFILE") alive but not answering yet; waiting"
  else
    rm -f "$PIDFILE" "$SOCK_PATH"
    mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$(dirname "$CONFIG_FILE")" "$(dirname "$LOGFILE")"
    [ -s "$CONFIG_FILE" ] || echo '{}' >"$CONFIG_FILE"
    setup_bridge
    setup_nat
    log "starting dockerd ($(dockerd --version 2>/dev/null)) -> $DOCKER_HOST_URI, data root $DATA_ROOT, log $LOGFILE"
    # setsid + nohup: the daemon outlives this script and its process group.
    setsid nohup dockerd \
      --host "$DOCKER_HOST_URI" \
      --data-root "$DATA_ROOT" \
      --exec-root "$EXEC_ROOT" \
      --pidfile "$PIDFILE" \
      --config-file "$CONFIG_FILE" \
      --containerd-namespace sct-moby \
      --containerd-plugins-namespace sct-plugins \
      --bridge "$BRIDGE" \
      --iptables=false \
      --ip-masq=false \
      </dev/null >>"$LOGFILE" 2>&1 &
    local launcher=$!
    echo "$launcher" >"${EXEC_ROOT}/launcher.pid"
  fi
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until engine_ok; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -n 40 "$LOGFILE" >&2 || true
      die "dockerd did not answer on $DOCKER_HOST_URI within ${START_TIMEOUT}s (log: $LOGFILE)"
    fi
    if [ -s "${EXEC_ROOT}/launcher.pid" ] && ! kill -0 "$(cat "${EXEC_ROOT}/launcher.pid")" 2>/dev/null && ! pid_alive; then
      tail -n 40 "$LOGFILE" >&2 || true
      die "dockerd exited during start-up (log: $LOGFILE)"
    fi
    sleep 0.5
  done
  log "dockerd up: $(docker_cli version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null)"
}
start_dockerd

printf 'export DOCKER_HOST=%s\n' "$DOCKER_HOST_URI" >"$ENV_FILE"

# ---------------------------------------------------------------- 3. base images
detect_mirror() {
  # First "deb" source of the host whose suites include $SUITE (not -security/-updates
  # suites), from one-line .list files and deb822 .sources files.
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '
      /^[[:space:]]*deb[[:space:]]/ {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }   # [ options ]
        if ($(i+1) == suite) { print $i; exit }
      }' "$f"
  done | head -n1 | grep . && return 0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " suite " ")) {
          split(uris, u, " "); print u[1]; found = 1; exit
        }
        types = ""; uris = ""; suites = ""; enabled = ""
      }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
        if (key == "types") types = $0; else if (key == "uris") uris = $0
        else if (key == "suites") suites = $0; else if (key == "enabled") enabled = tolower($0) }
      END { if (!found) flush() }' "$f"
  done | head -n1 | grep . && return 0
  return 1
}

cache_key() { # $1 = include list ("" for none)
  printf '%s|%s|minbase|%s|v1' "$SUITE" "$(dpkg --print-architecture)" "$1" | sha256sum | cut -c1-16
}

make_rootfs_tar() { # $1 = include list, $2 = tarball path
  local include="$1" tarball="$2" work rootfs args=()
  work=$(mktemp -d /var/tmp/sct-debootstrap.XXXXXX)
  rootfs="$work/rootfs"
  args=(--variant=minbase --arch="$(dpkg --print-architecture)" --cache-dir="$CACHE_DIR/debs")
  [ -n "$include" ] && args+=(--include="$include")
  mkdir -p "$CACHE_DIR/debs"
  log "debootstrap ${args[*]} $SUITE $rootfs $MIRROR"
  if ! debootstrap "${args[@]}" "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
    rm -rf "$work"; die "debootstrap failed"
  fi
  # Slim down like the official images: no package cache, no downloaded lists, host files out.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
         "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/tmp/* 2>/dev/null || true
  : >"$rootfs/etc/resolv.conf"; echo localhost >"$rootfs/etc/hostname"
  tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$work"
}

ensure_image() { # $1 = image, $2 = include list, $3 = description
  local image="$1" include="$2" desc="$3" key tarball have
  key=$(cache_key "$include")
  tarball="$CACHE_DIR/debian-${SUITE}-$(dpkg --print-architecture)-minbase${include:+-$(echo "$include" | tr ',' '+')}-${key}.tar"
  have=$(docker_cli image inspect --format '{{index .Config.Labels "sct.cache-key"}}' "$image" 2>/dev/null || true)
  if [ "$have" = "$key" ]; then
    log "$image already present (cache key $key)"; return 0
  fi
  if [ -s "$tarball" ]; then
    log "using cached rootfs $tarball"
  else
    [ -n "${MIRROR:-}" ] || { MIRROR="${SCT_MIRROR:-$(detect_mirror || echo http://deb.debian.org/debian)}"; log "mirror: $MIRROR"; }
    make_rootfs_tar "$include" "$tarball"
  fi
  log "docker import $tarball -> $image"
  docker_cli import \
    --change 'CMD ["bash"]' \
    --change "LABEL sct.cache-key=$key" \
    --change "LABEL org.opencontainers.image.description=\"$desc\"" \
    "$tarball" "$image" >/dev/null
}

if [ "${SCT_SKIP_IMAGES:-0}" != 1 ]; then
  mkdir -p "$CACHE_DIR"
  MIRROR="${SCT_MIRROR:-}"
  ensure_image "$IMG_SYSTEMD" "systemd,systemd-sysv" "Debian $SUITE minbase + systemd + systemd-sysv (local, sct)"
  if [ "${SCT_PLAIN_IMAGE:-1}" != 0 ]; then
    ensure_image "$IMG_PLAIN" "" "Debian $SUITE minbase, no systemd (local, sct)"
  fi
  docker_cli image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | sed -n 's|^sct/|  sct/|p' >&2 || true
fi

log "done in $(( $(date +%s) - T0 ))s"
cat <<EOF

Engine ready. Use it with:
  export DOCKER_HOST=$DOCKER_HOST_URI
or
  . $ENV_FILE
Stop it with: .ci/engine-teardown.sh
EOF
