# Sourced by the scripts: where tools and build output live.
# Build output is kept outside the clone (a fresh clone, as in CI, reuses it);
# set CARGO_TARGET_DIR to put it elsewhere.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/trivsel/target}"
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
