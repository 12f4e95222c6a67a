#!/usr/bin/env bash
# Differential test of the unit-file key checks against the real systemd of Debian bookworm (252),
# trixie (257) and sid (262), in the chroots .ci/chroots-setup.sh builds (run it first; as root):
#  1. the committed key tables (server/src/kinds/unit/knowledge/systemd-releases.json) regenerate to
#     the same bytes from the chroots' binaries;
#  2. every unit the three releases ship (their systemd packages and ~120 other Debian packages,
#     downloaded once into $SCT_CHROOTS/unit-debs) and 1000 mutations per release are judged by
#     each release's systemd-analyze verify and by our linter with that --systemd-version:
#     any disagreement fails with file, line and both verdicts.
# A missing chroot fails this step (never a silent pass). About 10 minutes on a first run
# (downloads), about 2 minutes after.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "[units-differential] ERROR: must run as root (chroot)" >&2; exit 1; }
ROOT="${SCT_CHROOTS:-/var/cache/sct-chroots}"
for suite in bookworm trixie sid; do
  [ -f "$ROOT/$suite/.sct-chroot" ] || { echo "[units-differential] ERROR: no $suite chroot in $ROOT: .ci/chroots-setup.sh did not build it" >&2; exit 1; }
done
npx tsc -p tsconfig.test.json
node out/scripts/systemd-keys/generate.js --check
node out/scripts/systemd-keys/differential.js --mutations "${SCT_UNIT_MUTATIONS:-1000}"
# Self-test: linting bookworm's verdicts as if for 262 must disagree (a differential that cannot fail proves nothing).
if node out/scripts/systemd-keys/differential.js --suite bookworm --judge-as 262 --mutations 1 >/dev/null 2>&1; then
  echo "[units-differential] ERROR: self-test passed when judging for the wrong release: the comparison is broken" >&2
  exit 1
fi
echo "[units-differential] self-test: judging bookworm's units for 262 disagrees, as it must"
