#!/usr/bin/env bash
# Everything the test stages need on a machine of this kind, as root (each step is idempotent,
# cached, and takes seconds on a second run):
#   vscode    Node 24, code-server and Debian's chromium, for the suites in a real VS Code
#   manpages  the Debian packages whose man pages the directive database comes from
#   engine    a dedicated dockerd (/run/sct-docker.sock) with locally built Debian base images
#   sshd      a loopback sshd for ssh:// engine endpoints
#   podman    Podman's Docker-compatible API service
#   nspawn    Debian's systemd-container (systemd-nspawn)
#   chroots   a chroot per Debian release with its own systemd and Podman (differential tests)
# `npm run test:all` runs this, then `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "[setup] must run as root: it installs Debian packages and starts a dockerd" >&2; exit 1; }
for step in vscode manpages engine sshd podman nspawn chroots; do
  echo "[setup] $step" >&2
  bash ".ci/$step-setup.sh"
done
