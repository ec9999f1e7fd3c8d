#!/usr/bin/env bash
# Installs what `make serve` and `make test` need, from the package registries
# only (crates.io, npm, Debian, and rustup's own components), and skips
# whatever is already installed.
# Safe to run again and again; needs no standard input.
#
#   scripts/setup.sh          toolchain pieces for building the app
#   scripts/setup.sh browser  ... plus Debian Chromium and the npm test deps
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
want_browser=${1:-}

say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs), then run this again"
command -v npm >/dev/null || die "npm not found: install Node.js 20+ (Debian: apt-get install nodejs npm), then run this again"

# The wasm target of the toolchain in use.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release wasm rebuilds std from the toolchain's sources
# (scripts/release-wasm-env.sh).
if ! rustup component list --installed | grep -qx rust-src; then
  say "adding the rust-src component"
  rustup component add rust-src
fi

# Every crate the builds read, so that they can run --offline: the
# workspace's, and those of std's rebuild for the release wasm.
say "fetching crates (once; quick when they are here)"
cargo fetch --locked --quiet
(source scripts/release-wasm-env.sh && cargo fetch --locked --quiet --target wasm32-unknown-unknown)

# Trunk, pinned: 0.22 needs a newer rustc than this machine's.
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION from crates.io (a cold build takes 10-17 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen library in Cargo.lock, or the
# generated glue does not match. Its own lockfile pins a crate the registry
# lacks, hence no --locked.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$wbg_version" ] || die "no wasm-bindgen in Cargo.lock: run 'cargo generate-lockfile' first"
grep -q "wasm_bindgen = \"$wbg_version\"" Trunk.toml ||
  die "Trunk.toml pins another wasm-bindgen than Cargo.lock ($wbg_version): set [tools] wasm_bindgen = \"$wbg_version\""
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version from crates.io (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

# npm packages: wasm-opt (binaryen) for the release build, and the browser
# test drivers. The lockfile is committed; reinstall only when it changed.
stamp=tests/node_modules/.package-lock.stamp
if [ ! -f "$stamp" ] || ! cmp -s tests/package-lock.json "$stamp"; then
  say "installing npm packages (binaryen@$BINARYEN_VERSION, playwright-core, axe-core)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  cp tests/package-lock.json "$stamp"
fi
[ "$(tests/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -o 'version_[0-9]*')" = "version_$BINARYEN_VERSION" ] ||
  die "tests/node_modules/.bin/wasm-opt is not binaryen $BINARYEN_VERSION; delete tests/node_modules and rerun"

if [ "$want_browser" = browser ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  # Without CJK fonts Chinese and Japanese text renders as boxes in screenshots.
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "need root to install ${missing[*]} with apt-get (or install them yourself)"
    say "installing ${missing[*]} from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
say "ready"
