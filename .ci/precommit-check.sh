#!/usr/bin/env bash
# The pre-commit hook through the real pre-commit (Debian's package): `pre-commit try-repo` of
# this repository's HEAD on a throwaway repository with one Dockerfile that has an error. The
# hook must fail (exit 1) and print the finding. Its first run builds the linter in
# pre-commit's checkout (npm ci), so this is a CI step of its own, not part of `npm test`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v pre-commit >/dev/null || apt-get -o DPkg::Lock::Timeout=600 -y -q install pre-commit >/dev/null
work=$(mktemp -d /tmp/sct-precommit.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q
printf 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y systemd\nCMD ["/sbin/init"]\n' >Dockerfile
printf '# not linted\n' >README.md
git add Dockerfile README.md
set +e
PRE_COMMIT_HOME="$work/.cache" pre-commit try-repo "$repo" systemd-container-lint --all-files >out.txt 2>&1
status=$?
set -e
cat out.txt
[ "$status" = 1 ] || { echo "precommit-check: expected the hook to fail with exit 1, got $status" >&2; exit 1; }
grep -q 'Dockerfile:3:1: error SCT103 (sbin-init-without-sysv-pkg)' out.txt \
  || { echo "precommit-check: the hook did not report SCT103 on Dockerfile line 3" >&2; exit 1; }
! grep -q 'README.md' out.txt || { echo "precommit-check: README.md was passed to the hook" >&2; exit 1; }
echo "precommit-check: the hook ran through pre-commit and reported the finding"
