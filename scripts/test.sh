#!/usr/bin/env bash
# Runs every check: formatting, clippy (server and browser builds), unit and
# integration tests on SQLite and PostgreSQL, the release build that `make run`
# runs with a smoke test of the README's run command, and the end-to-end suite
# in Chromium against that release build. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

# The site first: the server embeds it when compiled (server/build.rs), so
# the server that the tests compile is the one users run.
step "building the site (wasm bundle, glue, stylesheet)"
scripts/build.sh --site-only

step "formatting"
cargo fmt --all --check

step "clippy (server build)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (browser build)"
cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings

step "dependencies (cargo deny: licences, bans, sources; advisories when readable)"
scripts/deny.sh

# The tests run in the release profile: what users run is what is tested, and
# the dependencies compiled for the tests are the ones the release server
# links, so CI compiles the workspace's dependencies once, not twice.
step "unit and integration tests (SQLite and PostgreSQL), release build"
cargo test --workspace --locked --release

step "building what users run (release server with the site embedded)"
scripts/build.sh

step "smoke test: the README's run command on a fresh data directory"
python3 scripts/smoke.py

step "deployment files: the systemd unit, the container file, the binary started as the unit starts it"
scripts/check_deploy.sh

step "end-to-end tests (Chromium, phone viewport, JavaScript off and hydrated)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
E2E_PORT=$(free_port)
E2E_PORT_ORG_NOJS=$(free_port)
E2E_PORT_ORG_JS=$(free_port)
E2E_MAIL_SMTP=$(free_port)
E2E_MAIL_WEB=$(free_port)
E2E_OIDC_PORT=$(free_port)
E2E_DATA_DIR=$(mktemp -d)
trap 'rm -rf "$E2E_DATA_DIR"' EXIT
export E2E_PORT E2E_PORT_ORG_NOJS E2E_PORT_ORG_JS E2E_MAIL_SMTP E2E_MAIL_WEB E2E_OIDC_PORT E2E_DATA_DIR
export TRIVSEL_BIN="$CARGO_TARGET_DIR/release/server"
(cd end2end && npx playwright test)
