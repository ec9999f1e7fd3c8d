# The two set-up commands of the README: `make serve` and `make test`.
# Both install what they need first (scripts/setup.sh), idempotently.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
export PATH := $(CURDIR)/tests/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

HOST ?= 127.0.0.1
PORT ?= 8080
CORPUS ?= ../shared/corpus/python-weekly
OUT ?= dist/real

.PHONY: serve test setup setup-browser lint native-test web-build real-archive browser-test sample-archive archive bench bench-deps profile clean

## serve: build the viewer and serve it on the bundled sample archive
serve: setup
	@echo "Serving the viewer at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	trunk serve --offline --address $(HOST) --port $(PORT)

## test: every check and every test, as CI runs it
test: setup-browser lint native-test web-build real-archive browser-test

setup:
	scripts/setup.sh

setup-browser:
	scripts/setup.sh browser

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

native-test:
	cargo test --workspace --locked

# The release wasm: std rebuilt for size (scripts/release-wasm-env.sh).
web-build:
	source scripts/release-wasm-env.sh && trunk build --release --offline --locked

# The real newsletter's archive for the browser specs, when the corpus is here.
real-archive:
	@if [ -d "$(CORPUS)" ]; then \
	  cargo run --release --locked -p weekly-builder -- build $(CORPUS)/zh $(CORPUS)/en $(CORPUS)/ja -o dist/real; \
	else echo "skipping the real archive: no corpus at $(CORPUS)"; fi

browser-test:
	cd tests && node --test --test-concurrency=1 browser/

## sample-archive: rebuild public/archive.json from samples/
sample-archive:
	cargo run --release --locked -p weekly-builder -- build samples/zh samples/en -o public

## archive: build the real newsletter's archive (CORPUS holds zh/ en/ ja/)
archive:
	cargo run --release --locked -p weekly-builder -- build $(CORPUS)/zh $(CORPUS)/en $(CORPUS)/ja -o $(OUT)

## bench: builder, engine (native) and browser benchmarks; tables in target/bench/
BENCH_DIR := target/bench
bench: setup-browser bench-deps
	@mkdir -p $(BENCH_DIR)
	source scripts/release-wasm-env.sh && trunk build --release --offline --locked
	@if [ -d "$(CORPUS)" ]; then \
	  cargo run --release --locked -p weekly-builder -- build $(CORPUS)/zh $(CORPUS)/en $(CORPUS)/ja -o $(BENCH_DIR)/real > /dev/null && \
	  cargo run --release --locked -p weekly-builder --example bench_build | tee $(BENCH_DIR)/builder.txt; \
	else echo "no corpus at $(CORPUS): the builder bench and the real archive are skipped"; fi
	cargo run --release --locked -p weekly-core --example bench_engine -- $(BENCH_DIR)/real/archive.json --write-synthetic $(BENCH_DIR)/synthetic.json | tee $(BENCH_DIR)/engine.txt
	node bench/run.mjs --app dist $$( [ -f $(BENCH_DIR)/real/archive.json ] && echo --real $(BENCH_DIR)/real/archive.json ) --synthetic $(BENCH_DIR)/synthetic.json --out $(BENCH_DIR)/browser.txt

bench-deps:
	@if [ ! -f bench/node_modules/.package-lock.stamp ] || ! cmp -s bench/package-lock.json bench/node_modules/.package-lock.stamp; then \
	  (cd bench && npm ci --no-audit --no-fund --loglevel=error) && cp bench/package-lock.json bench/node_modules/.package-lock.stamp; fi

## profile: where a keystroke's time goes, by function (bench/profile.mjs; PROFILE_ARGS="--under ''" for the whole page)
profile: setup-browser bench-deps real-archive
	bash scripts/profile-build.sh
	node bench/profile.mjs target/profile-dist $(PROFILE_ARGS)

clean:
	cargo clean
	rm -rf dist tests/output
