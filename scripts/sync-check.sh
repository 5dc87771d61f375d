#!/usr/bin/env bash
# Two real Syncthing instances, loopback only, sharing two laptops' sessions
# folders while a group runs in the app on each side (same place, same day),
# then list, coverage (the report's grid) and the report on both sides,
# every file (conflict copies included), a reconcile, and the same again.
#
# Not part of `cargo test`. Needs syncthing (Debian: apt-get install
# syncthing), tmux, curl, python3. Bounded: SYNC_CHECK_SECONDS (default 120)
# for the check (once the app is built). Leaves nothing running; the work
# folder is kept with KEEP=1 (its path is printed).
#
#   scripts/sync-check.sh            # builds target/debug/facilitator if needed
#   FACILITATOR_BIN=path scripts/sync-check.sh
set -euo pipefail

LIMIT=${SYNC_CHECK_SECONDS:-120}
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${FACILITATOR_BIN:-$ROOT/target/debug/facilitator}

for tool in syncthing tmux curl python3; do
    command -v "$tool" >/dev/null || { echo "sync-check: $tool is needed (apt-get install $tool)" >&2; exit 2; }
done
if [ ! -x "$BIN" ]; then
    cargo build --quiet
fi
# The bound is on the check itself, not on building the app first.
START=$(date +%s)

W=$(mktemp -d /tmp/sync-check.XXXXXX)
KEY=sync-check-$$
BASE=$(( 20000 + ($$ % 1000) * 10 ))
declare -A LISTEN=([a]=$((BASE + 1)) [b]=$((BASE + 2)))
declare -A GUI=([a]=$((BASE + 3)) [b]=$((BASE + 4)))
declare -A PID=()
declare -A DEV=()
TMUX_SESSIONS=()

say() { printf '\n== %s\n' "$*"; }
left() { echo $(( LIMIT - ($(date +%s) - START) )); }

cleanup() {
    for t in "${TMUX_SESSIONS[@]}"; do tmux kill-session -t "$t" 2>/dev/null || true; done
    for side in "${!PID[@]}"; do kill "${PID[$side]}" 2>/dev/null || true; done
    for side in "${!PID[@]}"; do wait "${PID[$side]}" 2>/dev/null || true; done
    if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

# Wait (at most the time left) until "$@" succeeds.
until_ok() {
    local what=$1; shift
    while ! "$@" >/dev/null 2>&1; do
        if [ "$(left)" -le 0 ]; then echo "sync-check: out of time waiting for $what" >&2; exit 1; fi
        sleep 0.5
    done
}

api() { # side method path [json]
    local side=$1 method=$2 path=$3
    if [ $# -ge 4 ]; then
        curl -fsS -X "$method" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
            --data "$4" "http://127.0.0.1:${GUI[$side]}$path"
    else
        curl -fsS -X "$method" -H "X-API-Key: $KEY" "http://127.0.0.1:${GUI[$side]}$path"
    fi
}

say "two Syncthing instances in $W (listen ${LISTEN[a]}/${LISTEN[b]}, GUI ${GUI[a]}/${GUI[b]}, loopback only)"
for side in a b; do
    mkdir -p "$W/$side/st" "$W/$side/sessions" "$W/$side/home"
    syncthing generate --home="$W/$side/st" --no-default-folder >/dev/null
    # Loopback only: no discovery, relays, NAT, usage reports or upgrades.
    python3 - "$W/$side/st/config.xml" "${LISTEN[$side]}" <<'PY'
import re, sys
path, port = sys.argv[1], sys.argv[2]
s = open(path).read()
s = re.sub(r"<listenAddress>[^<]*</listenAddress>", "", s)
s = s.replace("<options>", f"<options><listenAddress>tcp://127.0.0.1:{port}</listenAddress>", 1)
for tag, value in [("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                   ("relaysEnabled", "false"), ("natEnabled", "false"), ("urAccepted", "-1"),
                   ("startBrowser", "false"), ("crashReportingEnabled", "false"),
                   ("autoUpgradeIntervalH", "0")]:
    s = re.sub(rf"<{tag}>[^<]*</{tag}>", f"<{tag}>{value}</{tag}>", s)
open(path, "w").write(s)
PY
    DEV[$side]=$(syncthing serve --home="$W/$side/st" --device-id)
    STNODEFAULTFOLDER=1 syncthing serve --home="$W/$side/st" --no-browser --no-restart --no-upgrade \
        --gui-address="http://127.0.0.1:${GUI[$side]}" --gui-apikey="$KEY" \
        --logfile="$W/$side/syncthing.log" >/dev/null 2>&1 &
    PID[$side]=$!
done
for side in a b; do until_ok "syncthing $side" api "$side" GET /rest/system/ping; done

for side in a b; do
    other=$([ "$side" = a ] && echo b || echo a)
    api "$side" POST /rest/config/devices \
        "{\"deviceID\":\"${DEV[$other]}\",\"name\":\"laptop-$other\",\"addresses\":[\"tcp://127.0.0.1:${LISTEN[$other]}\"]}" >/dev/null
    api "$side" POST /rest/config/folders \
        "{\"id\":\"sessions\",\"label\":\"sessions\",\"path\":\"$W/$side/sessions\",\"type\":\"sendreceive\",\"rescanIntervalS\":5,\"fsWatcherEnabled\":true,\"fsWatcherDelayS\":1,\"devices\":[{\"deviceID\":\"${DEV[a]}\"},{\"deviceID\":\"${DEV[b]}\"}]}" >/dev/null
done
connected() {
    api a GET /rest/system/connections | python3 -c '
import json, sys
c = json.load(sys.stdin)["connections"]
sys.exit(0 if any(v.get("connected") for v in c.values()) else 1)'
}
until_ok "the two instances to connect" connected
echo "connected: laptop-a ${DEV[a]:0:7}, laptop-b ${DEV[b]:0:7}"

# The app on each side, in tmux at 80x24.
app() { # side args...
    local side=$1; shift
    HOME="$W/$side/home" FACILITATOR_HOST="laptop-$side" "$BIN" --sessions "$W/$side/sessions" "$@"
}
screen_has() { tmux capture-pane -p -t "$1" | grep -qF -- "$2"; }
wait_screen() { until_ok "\"$2\" on $1" screen_has "$1" "$2"; }
keys() { tmux send-keys -t "$1" "${@:2}" 2>/dev/null || true; }
gone() { ! tmux has-session -t "$1" 2>/dev/null; }

say "a group at Ashford, Kent today on each laptop, created at the same moment, both running while Syncthing syncs"
for side in a b; do
    t=sync-check-$side-$$
    TMUX_SESSIONS+=("$t")
    tmux new-session -d -s "$t" -x 80 -y 24 \
        "env HOME='$W/$side/home' FACILITATOR_HOST=laptop-$side '$BIN' --sessions '$W/$side/sessions' 2>'$W/$side/app.err'"
    wait_screen "$t" "Location*"
    keys "$t" -l "Ashford, Kent"
    keys "$t" Tab Tab Tab
    keys "$t" -l "40-64"
    wait_screen "$t" "40-64▏"
done
# Saved on both within a moment: the same name on both laptops.
keys sync-check-a-$$ C-s
keys sync-check-b-$$ C-s
for side in a b; do
    t=sync-check-$side-$$
    wait_screen "$t" "Nobody yet"
    for who in Alice Bob; do
        keys "$t" -l a
        wait_screen "$t" "Add participant"
        keys "$t" -l "$who-$side"
        keys "$t" C-s
        wait_screen "$t" "$who-$side"
    done
    keys "$t" -l s
    wait_screen "$t" "Arrival"
done
# Notes on both sides, a few seconds apart, while Syncthing moves files.
for round in 1 2 3; do
    for side in a b; do
        t=sync-check-$side-$$
        keys "$t" -l n
        wait_screen "$t" "New note"
        keys "$t" -l "note $round from laptop $side"
        keys "$t" Enter
        sleep 1
    done
    sleep 2
done
# The picks on each side (the suggestions accepted), so coverage has counts.
for side in a b; do
    t=sync-check-$side-$$
    keys "$t" -l g
    wait_screen "$t" "Plan · Enter"
    for _ in 1 2 3 4 5 6; do keys "$t" -l j; done
    wait_screen "$t" "›   Gallery"
    keys "$t" Enter
    wait_screen "$t" "Gallery and sticker vote"
    keys "$t" -l K
    wait_screen "$t" "1. most popular: not chosen yet"
    keys "$t" Enter
    wait_screen "$t" "✓ 1."
    keys "$t" Escape
    wait_screen "$t" "Gallery and sticker vote"
done
# Laptop a ends its session; b quits and leaves its session live.
ta=sync-check-a-$$
tb=sync-check-b-$$
keys "$ta" -l E
sleep 1
keys "$ta" -l y
sleep 1
for t in "$ta" "$tb"; do
    keys "$t" -l q
    sleep 0.5
    keys "$t" -l y
    until_ok "the app to quit on $t" gone "$t"
done

idle() {
    for side in a b; do
        other=$([ "$side" = a ] && echo b || echo a)
        api "$side" GET "/rest/db/completion?folder=sessions&device=${DEV[$other]}" | python3 -c '
import json, sys
sys.exit(0 if json.load(sys.stdin).get("completion") == 100 else 1)' || return 1
        api "$side" GET "/rest/db/status?folder=sessions" | python3 -c '
import json, sys
s = json.load(sys.stdin)
sys.exit(0 if s.get("needFiles", 1) == 0 and s.get("state") == "idle" else 1)' || return 1
    done
}
look() {
    for side in a b; do
        say "laptop $side: files"
        (cd "$W/$side/sessions" && find . -type f ! -path './.stfolder*' | sort)
        say "laptop $side: facilitator list"
        app "$side" list || echo "(list exited $?)"
        say "laptop $side: the report's coverage"
        app "$side" report | sed -n '1,/^## Stickers/p' | head -40 || true
        # The report must name each conflict at most once per session.
    done
}

sleep 6
until_ok "Syncthing to settle" idle
look

say "reconcile on laptop a"
for id in $(app a list 2>/dev/null | awk '$1 != "!" && NF > 3 {print $1}' | sort -u); do
    app a reconcile "$id" || echo "(reconcile $id exited $?: histories kept)"
done
sleep 6
until_ok "Syncthing to settle" idle
look

verdict() {
    local la lb
    la=$(app a list 2>&1); lb=$(app b list 2>&1)
    if [ "$la" = "$lb" ]; then echo "list: the same on both laptops ($(grep -vc '^  !' <<<"$la") sessions)"; else echo "list: DIFFERENT on the two laptops"; return 1; fi
    for side in a b; do
        echo "laptop $side: conflict copies: $(find "$W/$side/sessions" -maxdepth 1 -name '*sync-conflict*' | wc -l), set aside in reconciled/: $(find "$W/$side/sessions/reconciled" -type f 2>/dev/null | wc -l), flagged in list: $(app "$side" list 2>/dev/null | grep -c '^  !' || true)"
    done
}
say "verdict"
verdict
say "done in $(( $(date +%s) - START )) s"
