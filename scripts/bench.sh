#!/usr/bin/env bash
# The performance figures of BENCHMARKS.md, each against a baseline measured
# in the same run. Prints one line per figure:
#   figure: value (baseline: value, ratio X, target ...) MET/MISSED
# and writes them with the machine and the date to target/figures/latest.md.
#
# Usage: scripts/bench.sh            (about 8 minutes on 2 cores, once built)
#        FIGURES_IDLE_SECS=10 scripts/bench.sh   (a shorter idle window)
#        SKIP_FIGURES=1 SCALE_COUNTS=10000 scripts/bench.sh   (report and scale only)
#
# Installs jq and hyperfine with apt-get when missing. Builds with
# `cargo build --release`, generates 1,000 sessions with `facilitator demo`,
# runs `cargo bench --bench figures` (render, save, keystroke, open, first
# frame, idle CPU, memory) and times `facilitator report` against jq.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

say() { printf '%s\n' "$*"; }

need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    say "bench: installing $1"
    if ! apt-get install -y "$1" >/dev/null 2>&1; then
        apt-get update >/dev/null 2>&1 || true
        apt-get install -y "$1" >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null 2>&1
}

need jq || { say "bench: jq is needed (apt-get install jq)"; exit 1; }
HAVE_HYPERFINE=1
need hyperfine || HAVE_HYPERFINE=0

OUT_DIR=$ROOT/target/figures
mkdir -p "$OUT_DIR"
WORK=$(mktemp -d "$ROOT/target/figures/run-XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
LINES=$WORK/lines.txt
: >"$LINES"

cargo build --release --locked
BIN=$ROOT/target/release/facilitator
VERSION=$("$BIN" --version)

# ---------------------------------------------------------------------------
# 1,000 demo sessions (shared by the first-frame and report figures)
# ---------------------------------------------------------------------------
DEMO=$WORK/demo
DEMO_OK=1
t0=$(date +%s%N)
if ! "$BIN" --sessions "$DEMO" demo --count 1000 --seed 1 >"$WORK/demo.out" 2>&1; then
    DEMO_OK=0
    say "bench: facilitator demo failed: $(tail -1 "$WORK/demo.out")"
else
    say "bench: 1,000 demo sessions in $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(du -sh "$DEMO" | cut -f1)"
fi

# ---------------------------------------------------------------------------
# The figures measured in Rust
# ---------------------------------------------------------------------------
if [ "$DEMO_OK" = 1 ]; then
    export FIGURES_DEMO_DIR=$DEMO
fi
# SKIP_FIGURES=1: only the report and scale figures (a quicker run).
if [ -z "${SKIP_FIGURES:-}" ]; then
    FIGURES_OUT=$LINES FIGURES_TMP=$WORK cargo bench --locked --bench figures
fi

# ---------------------------------------------------------------------------
# report vs jq
# ---------------------------------------------------------------------------
# The baseline: jq computing only the green/red sticker totals per idea over
# the same snapshot files, with the session's sticker mode (the last
# per-poster count of each idea, or each participant's last placement).
cat >"$WORK/totals.jq" <<'EOF'
def session_totals:
  .events as $ev
  | ([$ev[] | select(.type == "sticker_mode_set") | .mode] | last // "per_poster") as $mode
  | if $mode == "per_participant" then
      (reduce ($ev[] | select(.type == "stickers_placed")) as $e ({}; .[$e.participant | tostring] = $e))
      | reduce .[] as $p ({};
          (reduce $p.green[] as $g (.; .[$g | tostring][0] += 1))
          | if $p.red then .[$p.red | tostring][1] += 1 else . end)
    else
      reduce ($ev[] | select(.type == "poster_counted")) as $e ({}; .[$e.idea | tostring] = [$e.green, $e.red])
    end;
reduce (inputs | session_totals | to_entries[]) as $kv ({};
  .[$kv.key][0] += ($kv.value[0] // 0) | .[$kv.key][1] += ($kv.value[1] // 0))
| to_entries | sort_by(.key | tonumber)
| map({idea: (.key | tonumber), green: .value[0], red: .value[1]})
EOF

report_line() {
    say "$1" | tee -a "$LINES"
}

if [ "$DEMO_OK" = 0 ]; then
    report_line "report: not measured (facilitator demo is not available) (baseline: -, ratio NaN, target ≥ 5× faster than jq) NOT MEASURED"
elif ! "$BIN" --sessions "$DEMO" report >"$WORK/report.md" 2>"$WORK/report.err"; then
    report_line "report: not measured ($(tail -1 "$WORK/report.err")) (baseline: -, ratio NaN, target ≥ 5× faster than jq) NOT MEASURED"
else
    find "$DEMO" -maxdepth 1 -name '*.json' ! -name '*.draft.json' | sort >"$WORK/files"
    NFILES=$(wc -l <"$WORK/files")
    jq -n -c -f "$WORK/totals.jq" $(cat "$WORK/files") >"$WORK/jq.out"
    say "  · jq totals over $NFILES snapshots: $(head -c 300 "$WORK/jq.out")"
    REPORT_CMD="$BIN --sessions $DEMO report"
    JQ_CMD="jq -n -c -f $WORK/totals.jq \$(cat $WORK/files)"
    if [ "$HAVE_HYPERFINE" = 1 ]; then
        hyperfine --style basic --warmup 1 --min-runs 5 --max-runs 10 \
            --export-json "$WORK/hf.json" -n report "$REPORT_CMD" -n jq "$JQ_CMD" >"$WORK/hf.txt" 2>&1 ||
            { cat "$WORK/hf.txt"; exit 1; }
        R=$(jq '.results[] | select(.command == "report") | .median' "$WORK/hf.json")
        J=$(jq '.results[] | select(.command == "jq") | .median' "$WORK/hf.json")
        HOW="hyperfine medians"
    else
        med() {
            local cmd=$1 i s e times=()
            for i in 1 2 3 4 5 6; do
                s=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1; e=$(date +%s%N)
                [ "$i" -gt 1 ] && times+=("$(( e - s ))")
            done
            printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | awk '{ print $1 / 1e9 }'
        }
        R=$(med "$REPORT_CMD")
        J=$(med "$JQ_CMD")
        HOW="median of 5 runs"
    fi
    report_line "$(awk -v r="$R" -v j="$J" -v n="$NFILES" -v how="$HOW" 'BEGIN {
        ratio = j / r;
        printf "report: facilitator report over %d demo sessions: %.1f ms (baseline: %.1f ms jq green/red totals per idea, %s; ratio %.2f, target ≥ 5× faster) %s",
            n, r * 1000, j * 1000, how, ratio, (ratio >= 5 ? "MET" : "MISSED") }')"
fi

# ---------------------------------------------------------------------------
# Scale (issue 16): list, report and coverage at 1,000 and 10,000 sessions
# ---------------------------------------------------------------------------
# SCALE_COUNTS="1000 10000" by default (SCALE_COUNTS=1000 for a quick run).
# Each figure is a ratio to a baseline measured here: `facilitator
# --version` for list, jq totalling only the stickers for report, the
# report itself for a cold index build.
SCALE_DIRS=
peak_kb() { # peak RSS in kB of a command, its output discarded
    /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/time.err" || true
    tail -1 "$WORK/time.out"
}
hf_median() { # name command... -> median seconds
    local name=$1 runs=$2 prep=$3
    shift 3
    if [ "$HAVE_HYPERFINE" = 1 ]; then
        if [ -n "$prep" ]; then
            hyperfine --style none --warmup 1 --runs "$runs" --prepare "$prep" \
                --export-json "$WORK/$name.json" "$*" >/dev/null 2>&1 || { echo NaN; return; }
        else
            hyperfine --style none --warmup 1 --runs "$runs" -N \
                --export-json "$WORK/$name.json" "$*" >/dev/null 2>&1 ||
                hyperfine --style none --warmup 1 --runs "$runs" \
                    --export-json "$WORK/$name.json" "$*" >/dev/null 2>&1 || { echo NaN; return; }
        fi
        jq '.results[0].median' "$WORK/$name.json"
    else
        local s e
        s=$(date +%s%N); bash -c "$*" >/dev/null 2>&1; e=$(date +%s%N)
        awk -v d=$(( e - s )) 'BEGIN { print d / 1e9 }'
    fi
}
if [ "$DEMO_OK" = 1 ]; then
    for N in ${SCALE_COUNTS:-1000 10000}; do
        if [ "$N" = 1000 ]; then
            D=$DEMO
        else
            D=$WORK/demo-$N
            t0=$(date +%s%N)
            "$BIN" --sessions "$D" demo --count "$N" --seed 1 >/dev/null 2>&1 || { say "bench: demo --count $N failed"; continue; }
            say "bench: $N demo sessions in $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(du -sh "$D" | cut -f1)"
        fi
        SCALE_DIRS=$SCALE_DIRS${SCALE_DIRS:+:}$D
        RUNS=10; [ "$N" -ge 10000 ] && RUNS=5
        V=$(hf_median version 30 "" "$BIN" --version)
        # The first `list` writes the index, the next one seals it (a pass
        # that statted every file and found nothing to change): warm.
        "$BIN" --sessions "$D" list >/dev/null 2>&1 || true
        "$BIN" --sessions "$D" list >/dev/null 2>&1 || true
        LW=$(hf_median listwarm "$RUNS" "" "$BIN" --sessions "$D" list)
        LC=$(hf_median listcold 3 "rm -f $D/.facilitator-index.*" "$BIN" --sessions "$D" list)
        "$BIN" --sessions "$D" list >/dev/null 2>&1 || true
        RP=$(hf_median report 3 "" "$BIN" --sessions "$D" report)
        RSS=$(peak_kb "$BIN" --sessions "$D" report)
        OUTB=$("$BIN" --sessions "$D" report 2>/dev/null | wc -c)
        find "$D" -maxdepth 1 -name '*.json' ! -name '*.draft.json' | sort >"$WORK/files-$N"
        s=$(date +%s%N)
        xargs -a "$WORK/files-$N" jq -n -c -f "$WORK/totals.jq" >/dev/null
        e=$(date +%s%N)
        JQ=$(awk -v d=$(( e - s )) 'BEGIN { print d / 1e9 }')
        report_line "$(awk -v n="$N" -v l="$LW" -v v="$V" 'BEGIN { r = l / v;
            printf "list, %d sessions, index warm: %.1f ms (baseline: %.1f ms facilitator --version, ratio %.2f, target ≤ 3× at 10,000) %s",
            n, l * 1000, v * 1000, r, (n < 10000 ? "-" : (r <= 3 ? "MET" : "MISSED")) }')"
        report_line "$(awk -v n="$N" -v l="$LC" -v r="$RP" 'BEGIN { q = l / r;
            printf "list, %d sessions, no index (cold build): %.0f ms (baseline: %.0f ms report, ratio %.2f, target ≤ 1×) %s",
            n, l * 1000, r * 1000, q, (q <= 1 ? "MET" : "MISSED") }')"
        report_line "$(awk -v n="$N" -v r="$RP" -v j="$JQ" -v k="$RSS" -v o="$OUTB" 'BEGIN { f = j / r; mb = k / 1024; omb = o / 1048576;
            ok = (f >= 10 && (mb <= 2 * omb || mb <= 150));
            printf "report, %d sessions: %.0f ms, peak RSS %.0f MB for %.1f MB of output (baseline: %.0f ms jq sticker totals, %.1f× faster; target ≥ 10× faster, RSS ≤ 2× output or ≤ 150 MB, at 10,000) %s",
            n, r * 1000, mb, omb, j * 1000, f, (n < 10000 ? "-" : (ok ? "MET" : "MISSED")) }')"
    done
    SCALE_DIRS=$SCALE_DIRS FIGURES_OUT=$LINES cargo bench --locked --bench scale
fi

# ---------------------------------------------------------------------------
# The record
# ---------------------------------------------------------------------------
{
    say "# Figures, $(date -u '+%Y-%m-%d %H:%M UTC')"
    say
    say "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -h | awk '/^Mem:/ { print $2 }') RAM, Linux $(uname -r)"
    say "- disk: $(findmnt -no SOURCE,FSTYPE -T . 2>/dev/null || echo '?') (the work tree's; temporary folders go under target/)"
    say "- build: $VERSION at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)'), $(rustc --version)"
    say "- command: scripts/bench.sh${FIGURES_IDLE_SECS:+ (FIGURES_IDLE_SECS=$FIGURES_IDLE_SECS)}"
    say
    sed 's/^/    /' "$LINES"
} >"$OUT_DIR/latest.md"
say
say "bench: summary (also in target/figures/latest.md)"
cat "$LINES"
