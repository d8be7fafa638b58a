#!/usr/bin/env bash
# Builds what users run: the server binary and the site it serves (wasm
# bundle, its JavaScript glue, the stylesheet and the public files) into
# target/site. `scripts/build.sh` builds in release mode (what `make run`,
# `make bench` and the end-to-end tests use); `scripts/build.sh --site-only`
# skips the server (when it was just built by `cargo test --release`).
#
# These are the steps cargo-leptos takes, run directly with the tools the set-up
# already installs (cargo, wasm-bindgen, wasm-opt, esbuild, lightningcss): it spares a
# fresh machine compiling cargo-leptos (about 19 minutes on 2 cores), and each
# step is one visible command.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

site_only=""
[ "${1:-}" = "--site-only" ] && site_only=1

step() { printf '\n==> %s\n' "$*"; }
site=target/site
pkg="$site/pkg"

if [ -z "$site_only" ]; then
  step "building the server (release)"
  cargo build --locked --release -p server --bin server
fi

step "building the browser bundle (wasm, release profile for size)"
cargo build --locked -p app --lib --target wasm32-unknown-unknown \
  --no-default-features --features hydrate --profile wasm-release

wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
# wasm-bindgen and wasm-opt take a minute; skip them when nothing they read
# has changed since the last build of the site.
stamp=$(cat "$wasm" style/main.css $(find public -type f | sort) scripts/build.sh | sha256sum | cut -d' ' -f1)
if [ -f "$site/.stamp" ] && [ "$(cat "$site/.stamp")" = "$stamp" ]; then
  step "the site in $site is up to date"
else
  rm -rf "$site.new" && mkdir -p "$site.new/pkg"
  # The public files (icons) sit at the root of the site.
  cp -R public/. "$site.new/"

  # The JS glue and the wasm named as the server's hydration script asks for
  # them: LEPTOS_OUTPUT_NAME (.cargo/config.toml) is `trivsel`, so
  # `pkg/trivsel.js` and `pkg/trivsel.wasm`.
  wasm-bindgen --target web --no-typescript --out-name trivsel --out-dir "$site.new/pkg" "$wasm"
  # The features rustc 1.95 enables by default for wasm32; every current
  # browser has them.
  step "optimising the wasm for size (wasm-opt -Oz)"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$site.new/pkg/trivsel.wasm" "$site.new/pkg/trivsel_bg.wasm"
  rm "$site.new/pkg/trivsel_bg.wasm"

  # The glue minified (as cargo-leptos does with swc): 9.5 → 7.1 KB gzipped.
  esbuild --minify --format=esm --log-level=warning --allow-overwrite \
    --outfile="$site.new/pkg/trivsel.js" "$site.new/pkg/trivsel.js"

  # Minified and prefixed for the browsers of the "defaults" browserslist query.
  lightningcss --minify --targets defaults -o "$site.new/pkg/trivsel.css" style/main.css

  echo "$stamp" > "$site.new/.stamp"
  rm -rf "$site" && mv "$site.new" "$site"
fi
step "built: $(du -sh "$pkg" | cut -f1) in $pkg$([ -z "$site_only" ] && echo ", server at $CARGO_TARGET_DIR/release/server")"
