#!/usr/bin/env bash
# The HTML report in a real browser: writes 12 demo groups, renders
# `report --format html` in headless Chromium (Debian's `chromium`, via
# playwright-core from npm), screenshots it and checks it, and has
# Chromium read back the WebVTT export of one group (see
# scripts/html-check.mjs). Not part of `cargo test`: it needs the browser.
#
#   scripts/html-check.sh [OUT_DIR]     (default target/html-check)
#
# Needs: chromium (apt-get install chromium), node and npm. playwright-core
# is installed once into PLAYWRIGHT_DIR (default ~/.cache/facilitator-html-check).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/html-check}
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "html-check: no $chromium (apt-get install chromium, or set CHROMIUM)" >&2
  exit 2
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "html-check: needs $tool" >&2; exit 2; }
done
bin=${FACILITATOR:-}
if [ -z "$bin" ]; then
  cargo build --quiet
  bin=target/debug/facilitator
fi
pw=${PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/facilitator-html-check}
if [ ! -d "$pw/node_modules/playwright-core" ]; then
  mkdir -p "$pw"
  (cd "$pw" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent playwright-core@1.65.1)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --sessions "$tmp/sessions" demo --count 12 --seed 1 >/dev/null
rm -rf "$out"
mkdir -p "$out"
"$bin" --sessions "$tmp/sessions" report --format html -o "$out/"
mkdir -p "$out/tracks"
"$bin" --sessions "$tmp/sessions" export demo-1-0001 --format vtt -o "$out/tracks/" --recording-shift 5
PLAYWRIGHT_DIR="$pw" CHROMIUM="$chromium" node scripts/html-check.mjs "$out/report.html" "$out" "$out"/tracks/*.vtt
