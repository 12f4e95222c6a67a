#!/usr/bin/env bash
# Puts the Debian packages the directive database was generated from (versions pinned in
# server/src/kinds/unit/knowledge/directives.json) into /var/cache/sct-manpages, for the test that
# regenerates the database and compares it byte for byte. Idempotent; offline when cached.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/directives/fetch-debs.sh >/dev/null
