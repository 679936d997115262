#!/bin/bash
# milter_bench.sh: greylisting decisions per second end to end, through the
# milter protocol against milterpack-milter (LMDB sync=full|meta|none, redis
# on a unix socket), and postgrey 1.37 (Debian package postgrey) through the
# Postfix policy protocol, in one run on the same machine.
#   new:    every decision creates an entry (a new triplet each RCPT; greylisted).
#           milterpack: C mp-miltclient script-mode processes, one milter
#           connection each, MAIL+RCPT per decision (2 round trips), every
#           reply checked. postgrey: policy_load.py new, C connections, one
#           request per decision (1 round trip), every answer checked.
#   pass:   a confirmed triplet again (a whitelisted entry: read, refresh,
#           write). milterpack: mp-miltclient load mode, whole transactions
#           (MAIL..EOM, 100 per milter connection, on C connections); postgrey: policy_load.py repeat.
# Both greylisters use key = triplet, a 1 s delay (to confirm quickly) and
# their default durability: LMDB full (2 fsyncs/commit) vs BerkeleyDB
# transactions with a synchronous log (postgrey's choice, Debian bug 334430).
# Runs in a private network namespace; everything it starts is stopped by pid.
#   bench/greylist/milter_bench.sh BUILD_DIR [N-per-case, default 4000] [C, default 4]
set -euo pipefail
if [ -z "${MP_BENCH_NS:-}" ]; then
    exec unshare --net env MP_BENCH_NS=1 bash "$0" "$@"
fi
ip link set lo up
B=$(cd "${1:?usage: milter_bench.sh BUILD_DIR [N] [C]}" && pwd); N=${2:-4000}; C=${3:-4}
HERE=$(cd "$(dirname "$0")" && pwd)
MILTER=$B/milters/milterpack-milter CLI=$B/cli/milterpack MC=$B/tests/tools/miltclient/mp-miltclient
W=$(mktemp -d /tmp/mp-glbench.XXXXXX); chmod 755 "$W"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.2; rm -rf "$W"; }
trap cleanup EXIT
[ -n "${MP_BENCH_KEEP:-}" ] && trap "for p in \"\${PIDS[@]}\"; do kill \$p 2>/dev/null; done" EXIT
wait_for() { local i; for ((i = 0; i < 400; i++)); do [ -e "$1" ] && return 0; sleep 0.025; done; echo "timeout: $1" >&2; exit 1; }
stop() { kill "$1"; local i; for ((i = 0; i < 200; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.025; done; kill -9 "$1"; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

redis-server --port 0 --unixsocket "$W/redis.sock" --save '' --appendonly no --dir "$W" >"$W/redis.log" 2>&1 &
PIDS+=($!); wait_for "$W/redis.sock"
printf 'Subject: bench\n\nbody\n' >"$W/msg.eml"

# new_scripts TAG: C scripts, each K new triplets from its own client address
new_scripts() {
    local t i k=$((N / C))
    for ((t = 0; t < C; t++)); do
        { echo "connect client.example.org 127.0.1.$((t + 1))"; echo "helo client.example.org"
          for ((i = 0; i < k; i++)); do
              echo "mail <sender@example.org>"; echo "rcpt <u$t-$i-$1@example.test>"
              echo "expect-re rcpt tempfail 451 4\\.7\\.1 Greylisted.*"
          done; echo quit; } >"$W/new-$t.mts"
    done
}

bench_milter() {  # bench_milter LABEL STORE-LINES
    local label=$1 t0 t1 pid t
    cat >"$W/mp.conf" <<CONF
milter { socket = "unix:$W/m.sock"; allow_root = yes; }
log { level = info; }
greylisting { grey_wait = 1s; key = triplet; $2 }
CONF
    rm -rf "$W/db" "$W/m.sock"; redis-cli -s "$W/redis.sock" flushall >/dev/null
    "$MILTER" -d -f "$W/mp.conf" 2>"$W/milter-$label.log" &
    pid=$!; PIDS+=($pid); wait_for "$W/m.sock"
    new_scripts "$label"
    t0=$(now)
    for ((t = 0; t < C; t++)); do "$MC" -s "unix:$W/m.sock" -t 30 --script "$W/new-$t.mts" >"$W/new-$t.out" & done
    for ((t = 0; t < C; t++)); do wait -n || { echo "FAIL: $label new (see $W/new-*.out)"; cat "$W"/new-*.out | grep -v '^\(mail\|rcpt\|optneg\|connect\|helo\)' | head; exit 1; }; done
    t1=$(now)
    printf '| milterpack %-16s | new triplet (greylisted) | milter MAIL+RCPT, %d conns | %6s/s |\n' "$label" "$C" "$(rate $((N / C * C)) "$t0" "$t1")"
    local args=(-s "unix:$W/m.sock" -t 30 --message-file "$W/msg.eml" --client-addr 127.0.2.1
                --mail '<sender@example.org>' --rcpt '<w@example.test>')
    "$MC" "${args[@]}" --load 1 >/dev/null; sleep 1.1
    "$MC" "${args[@]}" --load 1 --expect continue >/dev/null || { echo "FAIL: $label confirm"; exit 1; }
    local out; out=$("$MC" "${args[@]}" --load "$N" --concurrency "$C" --per-connection 100 --expect continue)
    printf '| milterpack %-16s | confirmed triplet (pass)  | milter MAIL..EOM, %d conns | %6s/s |\n' "$label" "$C" \
        "$(sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$out" | cut -d. -f1)"
    grep -q ' errors=0' <<<"$out" || { echo "FAIL: $label pass: $out"; exit 1; }
    stop "$pid"
}

bench_postgrey() {
    local pid out
    mkdir -p "$W/pgdb"
    postgrey --unix="$W/pg.sock" --dbdir="$W/pgdb" --delay=1 --user=root --group=root \
        --hostname=bench.example --pidfile="$W/pg.pid" 2>"$W/postgrey.log" &
    pid=$!; PIDS+=($pid); wait_for "$W/pg.sock"
    out=$(/usr/bin/python3 "$HERE/policy_load.py" "$W/pg.sock" new "$N" "$C")
    grep -q ' errors=0' <<<"$out" || { echo "FAIL: postgrey new: $out"; exit 1; }
    printf '| postgrey 1.37 %-13s | new triplet (greylisted) | policy request, %d conns | %6s/s |\n' "BerkeleyDB" "$C" \
        "$(sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$out" | cut -d. -f1)"
    /usr/bin/python3 "$HERE/policy_load.py" "$W/pg.sock" confirm "$C" "$C" >/dev/null; sleep 1.1
    out=$(/usr/bin/python3 "$HERE/policy_load.py" "$W/pg.sock" repeat "$N" "$C")
    grep -q ' errors=0' <<<"$out" || { echo "FAIL: postgrey repeat: $out"; exit 1; }
    printf '| postgrey 1.37 %-13s | confirmed triplet (pass)  | policy request, %d conns | %6s/s |\n' "BerkeleyDB" "$C" \
        "$(sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$out" | cut -d. -f1)"
    stop "$pid"
}

echo "| greylister (store) | decision | driver | decisions/s |"
echo "|---|---|---|---|"
bench_milter "lmdb sync=full" "lmdb { path = \"$W/db\"; sync = full; }"
bench_milter "lmdb sync=meta" "lmdb { path = \"$W/db\"; sync = meta; }"
bench_milter "lmdb sync=none" "lmdb { path = \"$W/db\"; sync = none; }"
bench_milter "redis (unix)" "store = redis; redis { path = \"$W/redis.sock\"; }"
bench_postgrey
echo "N=$N per case, C=$C, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
