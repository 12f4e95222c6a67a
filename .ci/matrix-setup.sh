#!/usr/bin/env bash
# The boot matrix's other releases (test/engine/bootMatrix.test.ts, the VS Code suite preflight):
# sct/debian-systemd:trixie (systemd 257) and sct/debian-systemd:sid (systemd 26x), made like
# sct/debian-systemd:bookworm by .ci/engine-setup.sh (debootstrap minbase + systemd +
# systemd-sysv, rootfs tarballs cached under /var/cache/sct-engine; a second run takes seconds).
# Needs the engine step first. As root.
set -euo pipefail
cd "$(dirname "$0")/.."
for suite in trixie sid; do
  SCT_SUITE="$suite" SCT_PLAIN_IMAGE=0 bash .ci/engine-setup.sh
done
