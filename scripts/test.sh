#!/usr/bin/env bash
# Runs every check: formatting, clippy (server and browser builds), unit and
# integration tests on SQLite and PostgreSQL, and the end-to-end suite in
# Chromium. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

# Build everything with the settings `cargo leptos build` (debug) uses, so that
# clippy, the tests and the end-to-end server share one build instead of three,
# and the server's hydration markers match the wasm bundle's.
export RUSTFLAGS="--cfg erase_components"
export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:3000 \
  LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=app LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=false \
  LEPTOS_HASH_FILES=false

step "formatting"
cargo fmt --all --check

step "clippy (server build)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (browser build)"
cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings

step "unit and integration tests (SQLite and PostgreSQL)"
cargo test --workspace --locked

step "building the site for the end-to-end tests"
# The server binary was built by `cargo test` above (same flags); only the
# wasm bundle and the CSS are left to build.
cargo leptos build --frontend-only

step "end-to-end tests (Chromium, phone viewport, JavaScript off and hydrated)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
E2E_PORT=$(free_port)
E2E_PORT_ORG_NOJS=$(free_port)
E2E_PORT_ORG_JS=$(free_port)
E2E_MAIL_SMTP=$(free_port)
E2E_MAIL_WEB=$(free_port)
E2E_DATA_DIR=$(mktemp -d)
trap 'rm -rf "$E2E_DATA_DIR"' EXIT
export E2E_PORT E2E_PORT_ORG_NOJS E2E_PORT_ORG_JS E2E_MAIL_SMTP E2E_MAIL_WEB E2E_DATA_DIR
export TRIVSEL_BIN="$CARGO_TARGET_DIR/debug/server"
export LEPTOS_SITE_ROOT="$PWD/target/site"
(cd end2end && npx playwright test)
