#!/usr/bin/env bash
# The REFI-QDA export read back by an independent reader: pyrefiqda (PyPI),
# in a virtualenv of its own. Writes three demo groups, exports each as
# .qdpx (and its notes.csv), writes the report's .qdpx, and has
# scripts/qdpx_read.py load them all and find every note's words at its
# selection. Needs python3 with venv and pip, and the package index.
# Cost: a fresh venv and install about 50 s, the reading 1.5 s (2026-12-02,
# loaded 2-core machine); .ci/run runs it.
#   scripts/qdpx-check.sh            # venv in target/qdpx-venv (kept)
#   QDPX_VENV=/some/dir scripts/qdpx-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Exit 3: the reader could not be installed (no python3 venv, no index).
venv=${QDPX_VENV:-target/qdpx-venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "qdpx-check: cannot make a python3 venv"; exit 3; }
fi
"$venv/bin/pip" install -q --disable-pip-version-check pyrefiqda==0.3.1 \
    || { echo "qdpx-check: cannot install pyrefiqda"; exit 3; }

cargo build -q --locked
bin=target/debug/facilitator
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sessions="$tmp/sessions"
"$bin" --sessions "$sessions" demo --count 3 --seed 7 >/dev/null

args=()
for file in "$sessions"/*.journal; do
    id=$(basename "$file" .journal)
    "$bin" --sessions "$sessions" export "$id" --format qdpx -o "$tmp/$id.qdpx" 2>/dev/null
    "$bin" --sessions "$sessions" export "$id" --format csv -o "$tmp/$id-csv" 2>/dev/null
    args+=("$tmp/$id.qdpx" --notes "$tmp/$id-csv/notes.csv")
done
"$bin" --sessions "$sessions" export "$(basename "${args[0]}" .qdpx)" --format qdpx --anonymise -o "$tmp/anonymised.qdpx" 2>/dev/null
"$bin" --sessions "$sessions" report --format qdpx -o "$tmp/report.qdpx" 2>/dev/null
args+=("$tmp/anonymised.qdpx" "$tmp/report.qdpx")

"$venv/bin/python" scripts/qdpx_read.py "${args[@]}"
