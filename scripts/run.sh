#!/usr/bin/env bash
# Builds Trivsel in release mode and serves it on http://127.0.0.1:3000 with
# SQLite in ./data/, seeding the demo organisation on first start. Extra
# arguments go to `server serve` (e.g. `--addr 127.0.0.1:8080`);
# DATABASE_URL and TRIVSEL_SECRET_FILE choose another store and secret.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
source scripts/env.sh
scripts/build.sh
export DATABASE_URL="${DATABASE_URL:-sqlite://data/trivsel.db}"
exec "$CARGO_TARGET_DIR/release/server" serve --demo "$@"
