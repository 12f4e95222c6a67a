#!/usr/bin/env bash
# A throwaway sshd for the engine tests' ssh:// endpoint (run as root, idempotent, no stdin).
#
# dockerode's ssh transport logs in and runs `docker system dial-stdio` on the remote side, so
# the remote user needs the docker CLI on PATH, DOCKER_HOST pointing at the engine, and
# permission on its socket. This script provides exactly that on loopback:
#
#   sshd        127.0.0.1:2222, own config/host key/pidfile, key auth only, no PAM
#   user        sctssh (no password), member of the socket's group (docker)
#   session env DOCKER_HOST=unix:///run/sct-docker.sock (sshd_config SetEnv)
#   client key  /etc/sct-sshd/client/id_ed25519   (root only)
#   known_hosts /etc/sct-sshd/client/known_hosts   ([127.0.0.1]:2222 with the host key)
#   env file    /run/sct-sshd.env: SCT_SSH_HOST, SCT_SSH_KEY, SCT_SSH_KNOWN_HOSTS
#
# Needs .ci/engine-setup.sh first (the socket and the docker CLI).
# Stop with: kill "$(cat /run/sct-sshd.pid)"
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C

PORT="${SCT_SSHD_PORT:-2222}"
USER_NAME="${SCT_SSHD_USER:-sctssh}"
DIR="${SCT_SSHD_DIR:-/etc/sct-sshd}"
PIDFILE="${SCT_SSHD_PIDFILE:-/run/sct-sshd.pid}"
ENV_FILE="${SCT_SSHD_ENV_FILE:-/run/sct-sshd.env}"
SOCK="${SCT_DOCKER_SOCK:-/run/sct-docker.sock}"

log() { printf '[sshd-setup] %s\n' "$*" >&2; }
die() { printf '[sshd-setup] ERROR: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
[ -S "$SOCK" ] || die "engine socket $SOCK missing: run .ci/engine-setup.sh first"
command -v docker >/dev/null || die "docker CLI not on PATH (the remote side runs 'docker system dial-stdio')"

if [ ! -x /usr/sbin/sshd ]; then
  log "apt-get install openssh-server"
  for _ in $(seq 1 60); do
    apt-get -o DPkg::Lock::Timeout=600 -y -q update >/tmp/sct-sshd-apt.log 2>&1 && break
    grep -q 'Could not get lock' /tmp/sct-sshd-apt.log || { cat /tmp/sct-sshd-apt.log >&2; die "apt-get update failed"; }
    sleep 10
  done
  apt-get -o DPkg::Lock::Timeout=600 -y -q install --no-install-recommends openssh-server >/tmp/sct-sshd-apt.log 2>&1 \
    || { tail -n 30 /tmp/sct-sshd-apt.log >&2; die "apt-get install openssh-server failed"; }
fi

# The user: key login only; the socket's group gives it the engine.
sock_group=$(stat -c %G "$SOCK")
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --system --create-home --shell /bin/sh "$USER_NAME"
fi
# A locked password ("!") makes sshd refuse even key logins when UsePAM is off; "*" does not.
usermod -p '*' "$USER_NAME"
[ "$sock_group" = root ] || usermod -aG "$sock_group" "$USER_NAME"

mkdir -p "$DIR/client" "$DIR/authorized_keys" /run/sshd
chmod 755 "$DIR" "$DIR/authorized_keys"; chmod 700 "$DIR/client"
[ -s "$DIR/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C sct-sshd-host -f "$DIR/ssh_host_ed25519_key"
[ -s "$DIR/client/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C sct-test-client -f "$DIR/client/id_ed25519"
install -m 644 "$DIR/client/id_ed25519.pub" "$DIR/authorized_keys/$USER_NAME"
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$DIR/ssh_host_ed25519_key.pub")" >"$DIR/client/known_hosts"

cat >"$DIR/sshd_config" <<EOF
# Written by .ci/sshd-setup.sh: loopback-only sshd for the engine tests.
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/ssh_host_ed25519_key
PidFile $PIDFILE
AuthorizedKeysFile $DIR/authorized_keys/%u
AllowUsers $USER_NAME
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
X11Forwarding no
AllowTcpForwarding no
SetEnv DOCKER_HOST=unix://$SOCK
LogLevel VERBOSE
EOF
/usr/sbin/sshd -t -f "$DIR/sshd_config" || die "sshd config test failed"

if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  # Pick up a rewritten config.
  kill -HUP "$(cat "$PIDFILE")"; sleep 0.5
  log "sshd already running (pid $(cat "$PIDFILE")), reloaded"
else
  /usr/sbin/sshd -f "$DIR/sshd_config" -E /var/log/sct-sshd.log
  for _ in $(seq 1 20); do [ -s "$PIDFILE" ] && break; sleep 0.25; done
  log "sshd started (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
fi

cat >"$ENV_FILE" <<EOF
export SCT_SSH_HOST=ssh://$USER_NAME@127.0.0.1:$PORT
export SCT_SSH_KEY=$DIR/client/id_ed25519
export SCT_SSH_KNOWN_HOSTS=$DIR/client/known_hosts
EOF

# End-to-end check with the OpenSSH client: what dockerode will do, minus the HTTP.
out=$(ssh -o BatchMode=yes -o UserKnownHostsFile="$DIR/client/known_hosts" -o StrictHostKeyChecking=yes \
  -i "$DIR/client/id_ed25519" -p "$PORT" "$USER_NAME@127.0.0.1" \
  'docker version --format "{{.Server.Version}}"' 2>&1) || die "ssh → docker failed: $out"
log "ssh $USER_NAME@127.0.0.1:$PORT → docker server $out"
log "env in $ENV_FILE"
