#!/usr/bin/env bash
# Benchmarks, printing figures (no pass/fail): the organisation import of
# 30 000 people into a fresh SQLite file and a fresh PostgreSQL database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
source scripts/env.sh
PEOPLE="${PEOPLE:-30000}"
cargo build --release -p server --bin server
bin="$CARGO_TARGET_DIR/release/server"
work=$(mktemp -d)
cleanup() {
  if [ -n "${pg_data:-}" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== SQLite"
DATABASE_URL="sqlite://$work/bench.db" "$bin" bench-import --people "$PEOPLE"

pg_bin="${TRIVSEL_PG_BIN:-/usr/lib/postgresql/15/bin}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -x "$pg_bin/initdb" ]; then
  echo "== PostgreSQL (throwaway cluster, fsync on)"
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  pg_data="$work/pg"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$pg_bin/initdb" --auth=trust --username=postgres -D "$pg_data" >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -o "-p $port -k $work -c listen_addresses=127.0.0.1" -l "$work/pg.log" -w start >/dev/null
  as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
  DATABASE_URL="postgres://postgres@127.0.0.1:$port/bench" "$bin" bench-import --people "$PEOPLE"
else
  echo "== PostgreSQL skipped: no server binaries in $pg_bin"
fi
