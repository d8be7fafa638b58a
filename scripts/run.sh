#!/usr/bin/env bash
# Builds Trivsel in release mode and serves it on http://127.0.0.1:3000 with
# SQLite in ./data/, seeding the demo organisation on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
source scripts/env.sh
cargo leptos build --release
export DATABASE_URL="${DATABASE_URL:-sqlite://data/trivsel.db}"
exec "$CARGO_TARGET_DIR/release/server" serve --demo --site-root target/site "$@"
