#!/bin/bash
# run.sh: what 100 rules cost per message, end to end, in ONE invocation:
# milterpack-milter with the rules of gen_rules.sh (100 rules, mixed
# matchers, none matching the message, so every rule is tried at its stage)
# against the same milter without rules, through the milter protocol with
# mp-miltclient load mode (whole transactions MAIL..EOM of message.eml, C
# connections, 100 transactions per connection, every reply checked).
# A third configuration, 10 rules of the same kinds, has the same step plan
# as the 100 (every step sent: HELO, MAIL, RCPT, DATA, headers, body), so
# 100 vs 10 is the cost of evaluating rules, while 100 vs none adds the
# protocol steps that rules make the MTA send (without rules it sends only
# connect and end-of-data). Rounds alternate the configurations so a load
# change hits all alike; the medians and their ratios are printed. Then
# rules_bench, the in-process cost per message (evaluation at every stage
# and the MIME walk).
# Runs in a private network namespace; everything it starts is stopped by pid.
#   bench/rules/run.sh BUILD_DIR [N per round, 4000] [ROUNDS, 5] [CONNS, 4]
set -euo pipefail
if [ -z "${MP_BENCH_NS:-}" ]; then
    exec unshare --net env MP_BENCH_NS=1 bash "$0" "$@"
fi
ip link set lo up
B=$(cd "${1:?usage: run.sh BUILD_DIR [N] [ROUNDS] [CONNS]}" && pwd)
N=${2:-4000}; ROUNDS=${3:-5}; C=${4:-4}
HERE=$(cd "$(dirname "$0")" && pwd)
MILTER=$B/milters/milterpack-milter MC=$B/tests/tools/miltclient/mp-miltclient
W=$(mktemp -d /tmp/mp-rulesbench.XXXXXX); chmod 755 "$W"
MILTER_PID=
trap '[ -z "$MILTER_PID" ] || kill -9 "$MILTER_PID" 2>/dev/null; rm -rf "$W"' EXIT
# bounded waits: a socket to appear (10 s), a stopped milter to exit (5 s, then SIGKILL)
sock_wait() { timeout 10 bash -c "until [ -S '$1' ]; do sleep 0.025; done" || { echo "timeout: $1" >&2; exit 1; }; }
milter_stop() { kill "$MILTER_PID"; timeout 5 tail --pid="$MILTER_PID" -s 0.05 -f /dev/null || kill -9 "$MILTER_PID" 2>/dev/null || true
                wait "$MILTER_PID" 2>/dev/null || true; MILTER_PID=; }
field_rate() { sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$1" | cut -d. -f1; }

CFGS="none rules10 rules100"
for cfg in $CFGS; do
    echo "milter { socket = \"unix:$W/$cfg.sock\"; allow_root = yes; }" >"$W/$cfg.conf"
    echo "log { level = notice; }" >>"$W/$cfg.conf"
    if [ "$cfg" != none ]; then "$HERE/gen_rules.sh" "${cfg#rules}" >>"$W/$cfg.conf"; fi
    "$B/cli/milterpack" -f "$W/$cfg.conf" check-config >/dev/null
done
"$HERE/gen_rules.sh" 100 >"$W/rules100.only"

run() {  # run CFG: one round; "CFG RATE" (transactions/s) into results
    local out
    rm -f "$W/$1.sock"
    "$MILTER" -d -f "$W/$1.conf" 2>>"$W/milter-$1.log" &
    MILTER_PID=$!; sock_wait "$W/$1.sock"
    out=$("$MC" -s "unix:$W/$1.sock" -t 30 --message-file "$HERE/message.eml" --client-addr 127.0.0.1 \
          --client-name client.example.org --helo client.example.org --mail '<alice@example.org>' \
          --rcpt '<bob@example.test>' --load "$N" --concurrency "$C" --per-connection 100 --expect continue)
    milter_stop
    grep -q ' errors=0' <<<"$out" || { echo "FAIL: $1: $out" >&2; exit 1; }
    echo "$1 $(field_rate "$out")" >>"$W/results"
}

: >"$W/results"
for ((r = 1; r <= ROUNDS; r++)); do
    for cfg in $CFGS; do run "$cfg"; done
    echo "round $r: $(tail -3 "$W/results" | tr '\n' ' ') load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
median() { awk -v c="$1" '$1 == c { print $2 }' "$W/results" | sort -n |
           awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
m0=$(median none); m10=$(median rules10); m100=$(median rules100)
echo "| milter | transactions/s (median of $ROUNDS) | ratio to no rules | ratio to 10 rules |"
echo "|---|---|---|---|"
echo "| no rules (connect and end of data only) | $m0 | 1.00 | |"
echo "| 10 rules (every step sent) | $m10 | $(ratio "$m10" "$m0") | 1.00 |"
echo "| 100 rules (none matching) | $m100 | $(ratio "$m100" "$m0") | $(ratio "$m100" "$m10") |"
echo "N=$N per round, $C connections, $(nproc) cores, load at end $(cut -d' ' -f1 /proc/loadavg)"
echo "raw: $(tr '\n' ';' <"$W/results")"
"$B/bench/rules/rules_bench" "$W/rules100.only" "$HERE/message.eml" 20000 "$ROUNDS"
