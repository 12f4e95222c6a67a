#!/usr/bin/env bash
# The pre-commit hook's entry (.pre-commit-hooks.yaml, language: script): runs the CLI of the
# checkout pre-commit made of this repository, built there on first use (npm ci runs the build
# through `prepare`). Not `language: node`: pre-commit reads the tarball name from `npm pack`'s
# output, which npm ≥ 7 prefixes with the `prepare` banner (pre-commit/pre-commit#3460).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ ! -f "$root/dist/cli.js" ]; then
  echo "systemd-container-lint: building the linter once in $root (npm ci)" >&2
  npm --prefix "$root" ci --no-audit --no-fund --loglevel=error >&2
fi
exec node "$root/dist/cli.js" "$@"
