#!/usr/bin/env bash
# A release build of the viewer whose wasm keeps its function names, for
# bench/profile.mjs: the same build as `make bench` with `wasm-opt -g`,
# into target/profile-dist (index.html is edited for the build and put
# back, whatever happens), with the real archive beside it when one is
# built (dist/real or target/bench/real).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/profile-dist
mkdir -p target
cp index.html target/index.html.profile-backup
trap 'mv target/index.html.profile-backup index.html' EXIT
sed -i 's/data-wasm-opt-params="/data-wasm-opt-params="-g /' index.html
source scripts/release-wasm-env.sh
trunk build --release --offline --locked --dist "$OUT"
for real in dist/real target/bench/real; do
  if [ -f "$real/archive.json" ]; then
    rm -rf "$OUT/real" && cp -r "$real" "$OUT/real"
    exit 0
  fi
done
echo "no real archive in dist/real or target/bench/real: run \`make real-archive\` first" >&2
exit 1
