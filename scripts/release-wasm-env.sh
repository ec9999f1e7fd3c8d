# Sourced (not run) before every release build of the wasm: by the Makefile
# (`make test`, `make bench`) and by scripts/setup.sh to fetch what it needs.
#
# The release wasm is built with the standard library rebuilt for size
# (cargo's build-std, from the toolchain's rust-src): panics abort at once
# instead of formatting a message nobody reads in a release build, and no
# panic locations or Debug formatting are kept. Together that is about
# 19 kB brotli of the ~190 kB (README, Performance > Size), at the same
# speed. (std's optimize_for_size feature would save 2.5 kB more, but its
# smaller algorithms cost about 1 ms per keystroke.)
#
# These are unstable options of the pinned stable toolchain, enabled with
# RUSTC_BOOTSTRAP for this one build: the native crates (builder, tests,
# clippy) never see them. The build has a target directory of its own, so
# flipping the variable does not rebuild the native release artifacts.
# A plain `trunk build --release` still works, without these savings; a
# dev build (`make serve`) keeps the panic messages (console_error_panic_hook).
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
export CARGO_TARGET_DIR=target/release-wasm
