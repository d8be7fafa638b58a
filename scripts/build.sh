#!/usr/bin/env bash
# Builds what users run: the site (the wasm bundle, its JavaScript glue and
# the stylesheet) into target/site/pkg, then the release server, which embeds
# it and public/ (server/build.rs): the binary needs nothing beside it.
# `scripts/build.sh --site-only` builds the site alone (before `cargo test
# --release`, so that the tested server embeds it too).
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

step "building the browser bundle (wasm, release profile for size)"
cargo build --locked -p app --lib --target wasm32-unknown-unknown \
  --no-default-features --features hydrate --profile wasm-release

wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
# wasm-bindgen and wasm-opt take a minute; skip them when nothing they read
# has changed since the last build of the site.
stamp=$(cat "$wasm" style/main.css scripts/build.sh | sha256sum | cut -d' ' -f1)
if [ -f "$site/.stamp" ] && [ "$(cat "$site/.stamp")" = "$stamp" ]; then
  step "the site in $site is up to date"
else
  rm -rf "$site.new" && mkdir -p "$site.new/pkg"

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

  # Named after their content (trivsel-<hash>.js, .wasm, .css): the server
  # serves them as immutable, and a browser holding an older bundle asks for
  # the new one by its new name.
  hash=$(cat "$site.new/pkg/trivsel.js" "$site.new/pkg/trivsel.wasm" "$site.new/pkg/trivsel.css" \
    | sha256sum | cut -c1-16)
  for ext in js wasm css; do mv "$site.new/pkg/trivsel.$ext" "$site.new/pkg/trivsel-$hash.$ext"; done

  echo "$stamp" > "$site.new/.stamp"
  rm -rf "$site" && mv "$site.new" "$site"
fi
step "built: $(du -sh "$pkg" | cut -f1) in $pkg"

if [ -z "$site_only" ]; then
  step "building the server (release), with the site embedded"
  cargo build --locked --release -p server --bin server
  step "built: $CARGO_TARGET_DIR/release/server"
fi
