#!/usr/bin/env bash
# Downloads the Debian packages whose man pages the directive database is generated from, into
# a cache ($SCT_MANPAGES_CACHE, default /var/cache/sct-manpages). Prints "package=version" lines.
#
#   fetch-debs.sh            the versions recorded in server/src/kinds/unit/knowledge/directives.json
#                            (fast and offline when they are cached already)
#   fetch-debs.sh --latest   the suite's current versions (to regenerate the database)
#
# apt runs with its own sources list and state under the cache, so the machine's apt set-up
# (its release, pins and installed packages) neither matters nor changes.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${SCT_MANPAGES_CACHE:-/var/cache/sct-manpages}"
DATABASE="$ROOT/server/src/kinds/unit/knowledge/directives.json"
SUITE=trixie
ARCH=amd64
PACKAGES=(podman systemd systemd-container udev)

latest=false
[[ "${1:-}" == "--latest" ]] && latest=true

deb_file() { # package version
  echo "$CACHE/debs/${1}_${2//:/%3a}_${ARCH}.deb"
}

declare -A version=()
if ! $latest; then
  [[ -f "$DATABASE" ]] || { echo "fetch-debs: $DATABASE is missing; use --latest" >&2; exit 1; }
  while IFS='=' read -r pkg ver; do version[$pkg]=$ver; done < <(
    node -e 'for (const [p, v] of Object.entries(require(process.argv[1]).debian.packages)) console.log(`${p}=${v}`)' "$DATABASE")
  all_cached=true
  for pkg in "${PACKAGES[@]}"; do
    [[ -n "${version[$pkg]:-}" ]] || { echo "fetch-debs: no version of $pkg in $DATABASE" >&2; exit 1; }
    [[ -s "$(deb_file "$pkg" "${version[$pkg]}")" ]] || all_cached=false
  done
  if $all_cached; then
    for pkg in "${PACKAGES[@]}"; do echo "$pkg=${version[$pkg]}"; done
    exit 0
  fi
fi

APT="$CACHE/apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/none" "$CACHE/debs"
: > "$APT/status"
cat > "$APT/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE-updates main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security $SUITE-security main
EOF
apt_opts=(
  -o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/none"
  -o "Dir::Etc::Preferences=$APT/none/preferences" -o "Dir::Etc::PreferencesParts=$APT/none"
  -o "Dir::State::Lists=$APT/lists" -o "Dir::State::status=$APT/status" -o "Dir::Cache=$APT/cache"
  -o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH" -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=root" -o "Debug::NoLocking=true"
)
apt-get "${apt_opts[@]}" -qq update >&2

if $latest; then
  for pkg in "${PACKAGES[@]}"; do
    version[$pkg]=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$pkg" | sed -n 's/^Version: //p' | head -n1)
    [[ -n "${version[$pkg]}" ]] || { echo "fetch-debs: $pkg not found in $SUITE" >&2; exit 1; }
  done
fi

cd "$CACHE/debs"
for pkg in "${PACKAGES[@]}"; do
  file="$(deb_file "$pkg" "${version[$pkg]}")"
  [[ -s "$file" ]] && continue
  if ! apt-get "${apt_opts[@]}" -qq download "$pkg=${version[$pkg]}" >&2 || [[ ! -s "$file" ]]; then
    echo "fetch-debs: $pkg ${version[$pkg]} can no longer be downloaded from Debian $SUITE." >&2
    echo "fetch-debs: regenerate the database from the current packages: see docs/directive-database.md (generate.js --latest)." >&2
    exit 1
  fi
done
for pkg in "${PACKAGES[@]}"; do echo "$pkg=${version[$pkg]}"; done
