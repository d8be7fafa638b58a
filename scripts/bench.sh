#!/usr/bin/env bash
# Benchmarks, printing figures (no pass/fail) — plus the crash test, which
# fails loudly if an acknowledged answer is lost. Each runs on a fresh SQLite
# file and on a fresh database in a throwaway PostgreSQL cluster:
#   bench-import   the organisation import of 30 000 people
#   bench-page     the answering page (GET /a/{code}) at 32 and 500
#                  connections, beside bare-page (a bare Leptos page of the
#                  same shape) in the same run
#   bench-answers  a round opening for 30 000 people: 500 concurrent
#                  respondents, then 1 000 answers/s offered (real form posts
#                  to a real server process on loopback), then the same
#                  closed loop against bare-answers (a bare axum + sqlx
#                  server doing the same claim and insert)
#   crash-test     SIGKILL during an answer load, restart, check every
#                  acknowledged answer is stored exactly once
#   bench-results  two years of weekly 8-item pulses for 30 000 people (about
#                  25 million item answers), then the committee heatmap,
#                  leaders' dashboards and the full export, timed
#   page weight    the answering page (HTML + CSS, gzip) with and without wasm
#   bench-front    2 000 sign-ins at once with different addresses, and a
#                  stranger's garbage receipts from 50 connections, each beside
#                  the same requests at rest
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
source scripts/env.sh
PEOPLE="${PEOPLE:-30000}"
scripts/build.sh
# The baselines (the bench/ crate: never shipped), beside the server binary.
# Built with the server in one invocation, they reuse its compiled crates.
# (`--bin` applies to every package named, so each binary is named.)
cargo build --locked --release -p server -p bench-baselines --bin server --bin bare-answers --bin bare-page
bin="$CARGO_TARGET_DIR/release/server"
work=$(mktemp -d)
cleanup() {
  if [ -n "${pg_data:-}" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

pg_bin="${TRIVSEL_PG_BIN:-/usr/lib/postgresql/15/bin}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -x "$pg_bin/initdb" ]; then
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  pg_data="$work/pg"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/initdb" --auth=trust --username=postgres -D "$pg_data" >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$work/pg.log" -w start >/dev/null
fi

# Runs one command on a fresh SQLite file and a fresh PostgreSQL database.
on_both() {
  local name=$1; shift
  echo "== $name · SQLite (WAL, synchronous=FULL)"
  DATABASE_URL="sqlite://$work/$name.db" "$bin" "$name" "$@"
  if [ -n "${pg_data:-}" ]; then
    echo "== $name · PostgreSQL 15 (fsync on, synchronous_commit on)"
    as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "${name//-/_}"
    DATABASE_URL="postgres://postgres@127.0.0.1:$port/${name//-/_}" "$bin" "$name" "$@"
  else
    echo "== PostgreSQL skipped: no server binaries in $pg_bin"
  fi
}

on_both bench-import --people "$PEOPLE"
on_both bench-page --people "$PEOPLE"
on_both bench-answers --people "$PEOPLE"
on_both crash-test
on_both bench-results --people "$PEOPLE" --weeks "${WEEKS:-104}"

echo "== page weight of the answering page"
DATABASE_URL="sqlite://$work/weight.db" "$bin" page-weight

echo "== the web front: a flood of sign-ins and a stranger's receipts (SQLite)"
DATABASE_URL="sqlite://$work/front.db" "$bin" bench-front
