#!/bin/bash
# run.sh: greylisting decisions per second end to end, through the milter
# protocol against milterpack-milter (LMDB sync = full with group commit,
# periodic, none; the journal store with sync = full and periodic; redis on a
# unix socket) and postgrey 1.37 (Debian package
# postgrey) through the Postfix policy protocol, all in ONE invocation:
# for each round, for each connection count, every greylister in turn
# (alternating, so a load change on the machine hits all of them alike);
# then the median of the rounds per cell, and the ratios.
#   new:       every decision creates an entry (a new triplet each RCPT;
#              greylisted). milterpack: C mp-miltclient script-mode processes,
#              one milter connection each, MAIL+RCPT per decision (2 round
#              trips), every reply checked. postgrey: policy_load.py new, C
#              connections, one request per decision (1 round trip), checked.
#   confirmed: a confirmed triplet again (a whitelisted entry: read, refresh,
#              write). milterpack: mp-miltclient load mode, whole transactions
#              (MAIL..EOM, 100 per milter connection, C connections);
#              postgrey: policy_load.py repeat.
# Both key on the triplet with a 1 s delay (to confirm quickly); postgrey
# keeps its default durability (BerkeleyDB transactions, synchronous log).
# milter-greylist is not packaged in Debian 12; the summary compares with the
# in-memory figure recorded in issue 11 (milter-greylist 4.3.3, same driver,
# 4 connections: 8,586 new/s, 8,509 confirmed/s), measured on another day.
# Runs in a private network namespace; everything it starts is stopped by pid.
#   bench/greylist/run.sh BUILD_DIR [N per cell, 4000] [ROUNDS, 3] [CONNS, "4 16"]
# env: MP_WORK_BASE, where the stores live (default /tmp, i.e. the disk the
#      operator's /var/lib would be on); MP_WORK_BASE=/dev/shm (tmpfs: fsync is
#      free) separates the code's cost from the disk's fsync latency.
set -euo pipefail
if [ -z "${MP_BENCH_NS:-}" ]; then
    exec unshare --net env MP_BENCH_NS=1 bash "$0" "$@"
fi
ip link set lo up
B=$(cd "${1:?usage: run.sh BUILD_DIR [N] [ROUNDS] [CONNS]}" && pwd)
N=${2:-4000}; ROUNDS=${3:-3}; CONNS=${4:-"4 16"}
HERE=$(cd "$(dirname "$0")" && pwd)
MILTER=$B/milters/milterpack-milter MC=$B/tests/tools/miltclient/mp-miltclient
W=$(mktemp -d "${MP_WORK_BASE:-/tmp}/mp-glbench.XXXXXX"); chmod 755 "$W"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.2; rm -rf "$W"; }
trap cleanup EXIT
wait_for() { local i; for ((i = 0; i < 400; i++)); do [ -e "$1" ] && return 0; sleep 0.025; done; echo "timeout: $1" >&2; exit 1; }
# stop PID: SIGTERM, bounded wait, SIGKILL; reaped, so no later `wait` sees it.
stop() { kill "$1"; local i; for ((i = 0; i < 200; i++)); do kill -0 "$1" 2>/dev/null || break; sleep 0.025; done
         kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
field_rate() { sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$1" | cut -d. -f1; }
record() { echo "$1 $2 $3 $4" >>"$W/results"; }  # STORE DECISION CONNS RATE

redis-server --port 0 --unixsocket "$W/redis.sock" --save '' --appendonly no --dir "$W" >"$W/redis.log" 2>&1 &
PIDS+=($!); wait_for "$W/redis.sock"
printf 'Subject: bench\n\nbody\n' >"$W/msg.eml"
printf 'connect warm.example.org 127.0.0.9\nhelo warm.example.org\nquit\n' >"$W/warm.mts"
: >"$W/results"

# new_scripts TAG C: C scripts, each N/C new triplets from its own client address
new_scripts() {
    local t i k=$((N / $2))
    for ((t = 0; t < $2; t++)); do
        { echo "connect client.example.org 127.0.1.$((t + 1))"; echo "helo client.example.org"
          for ((i = 0; i < k; i++)); do
              echo "mail <sender@example.org>"; echo "rcpt <u$t-$i-$1@example.test>"
              echo "expect-re rcpt tempfail 451 4\\.7\\.1 Greylisted.*"
          done; echo quit; } >"$W/new-$t.mts"
    done
}

bench_milter() {  # bench_milter NAME C STORE-LINES
    local name=$1 c=$2 t0 t1 pid t out p
    cat >"$W/mp.conf" <<CONF
milter { socket = "unix:$W/m.sock"; allow_root = yes; }
log { level = info; }
greylisting { grey_wait = 1s; key = triplet; $3 }
CONF
    rm -rf "$W/db" "$W/m.sock"; redis-cli -s "$W/redis.sock" flushall >/dev/null
    "$MILTER" -d -f "$W/mp.conf" 2>"$W/milter-$name.log" &
    pid=$!; PIDS+=($pid); wait_for "$W/m.sock"
    # The socket exists before the store is open (the milter binds as root,
    # then drops privileges and opens the store): one session that connects
    # and quits returns once the milter serves, so the clock starts after the
    # store's open (the journal store zeroes its journal file there).
    "$MC" -s "unix:$W/m.sock" -t 30 --script "$W/warm.mts" >/dev/null
    new_scripts "$name-$c" "$c"
    t0=$(now)
    local clients=()
    for ((t = 0; t < c; t++)); do "$MC" -s "unix:$W/m.sock" -t 30 --script "$W/new-$t.mts" >"$W/new-$t.out" & clients+=($!); done
    for p in "${clients[@]}"; do wait "$p" || { echo "FAIL: $name new (see $W/new-*.out)"; grep -hv '^\(mail\|rcpt\|optneg\|connect\|helo\)' "$W"/new-*.out | head; exit 1; }; done
    t1=$(now)
    record "$name" new "$c" "$(rate $((N / c * c)) "$t0" "$t1")"
    local args=(-s "unix:$W/m.sock" -t 30 --message-file "$W/msg.eml" --client-addr 127.0.2.1
                --mail '<sender@example.org>' --rcpt '<w@example.test>')
    "$MC" "${args[@]}" --load 1 >/dev/null; sleep 1.1
    "$MC" "${args[@]}" --load 1 --expect continue >/dev/null || { echo "FAIL: $name confirm"; exit 1; }
    out=$("$MC" "${args[@]}" --load "$N" --concurrency "$c" --per-connection 100 --expect continue)
    grep -q ' errors=0' <<<"$out" || { echo "FAIL: $name confirmed: $out"; exit 1; }
    record "$name" confirmed "$c" "$(field_rate "$out")"
    stop "$pid"
}

bench_postgrey() {  # bench_postgrey C
    local c=$1 pid out
    rm -rf "$W/pgdb"; mkdir -p "$W/pgdb"
    postgrey --unix="$W/pg.sock" --dbdir="$W/pgdb" --delay=1 --user=root --group=root \
        --hostname=bench.example --pidfile="$W/pg.pid" 2>"$W/postgrey.log" &
    pid=$!; PIDS+=($pid); wait_for "$W/pg.sock"
    out=$(/usr/bin/python3 "$HERE/policy_load.py" "$W/pg.sock" new "$N" "$c")
    grep -q ' errors=0' <<<"$out" || { echo "FAIL: postgrey new: $out"; exit 1; }
    record postgrey new "$c" "$(field_rate "$out")"
    /usr/bin/python3 "$HERE/policy_load.py" "$W/pg.sock" confirm "$c" "$c" >/dev/null; sleep 1.1
    out=$(/usr/bin/python3 "$HERE/policy_load.py" "$W/pg.sock" repeat "$N" "$c")
    grep -q ' errors=0' <<<"$out" || { echo "FAIL: postgrey repeat: $out"; exit 1; }
    record postgrey confirmed "$c" "$(field_rate "$out")"
    stop "$pid"; rm -f "$W/pg.sock"
}

STORES="full periodic none jfull jperiodic redis postgrey"
for ((r = 1; r <= ROUNDS; r++)); do
    for c in $CONNS; do
        bench_milter full "$c" "lmdb { path = \"$W/db\"; sync = full; }"
        bench_milter periodic "$c" "lmdb { path = \"$W/db\"; sync = periodic; }"
        bench_milter none "$c" "lmdb { path = \"$W/db\"; sync = none; }"
        bench_milter jfull "$c" "store = journal; journal { path = \"$W/db\"; sync = full; }"
        bench_milter jperiodic "$c" "store = journal; journal { path = \"$W/db\"; sync = periodic; }"
        bench_milter redis "$c" "store = redis; redis { path = \"$W/redis.sock\"; }"
        bench_postgrey "$c"
        echo "round $r, $c conns: $(grep -c " $c " "$W/results") cells so far, load $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
done

# median STORE DECISION C
median() { awk -v s="$1" -v d="$2" -v c="$3" '$1 == s && $2 == d && $3 == c { print $4 }' "$W/results" |
           sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
label() { case $1 in full) echo "milterpack LMDB sync=full (group commit)";; periodic) echo "milterpack LMDB sync=periodic (1 s)";;
          none) echo "milterpack LMDB sync=none";; jfull) echo "milterpack journal sync=full (group commit)";;
          jperiodic) echo "milterpack journal sync=periodic (1 s)";; redis) echo "milterpack redis (unix socket)";;
          postgrey) echo "postgrey 1.37 (BerkeleyDB, sync log)";; esac; }
echo
echo "| greylister | conns | new triplet/s | confirmed/s | new vs periodic | confirmed vs periodic |"
echo "|---|---|---|---|---|---|"
for c in $CONNS; do
    pn=$(median periodic new "$c"); pc=$(median periodic confirmed "$c")
    for s in $STORES; do
        n=$(median "$s" new "$c"); k=$(median "$s" confirmed "$c")
        echo "| $(label "$s") | $c | $n | $k | $(ratio "$n" "$pn") | $(ratio "$k" "$pc") |"
    done
done
echo
for c in $CONNS; do
    echo "$c conns: periodic vs the recorded in-memory milter-greylist (8586 new/s, 8509 confirmed/s):" \
         "new $(ratio "$(median periodic new "$c")" 8586)x, confirmed $(ratio "$(median periodic confirmed "$c")" 8509)x;" \
         "full vs periodic: new $(ratio "$(median full new "$c")" "$(median periodic new "$c")")x," \
         "confirmed $(ratio "$(median full confirmed "$c")" "$(median periodic confirmed "$c")")x;" \
         "journal full vs LMDB periodic: new $(ratio "$(median jfull new "$c")" "$(median periodic new "$c")")x," \
         "confirmed $(ratio "$(median jfull confirmed "$c")" "$(median periodic confirmed "$c")")x;" \
         "journal full vs journal periodic: new $(ratio "$(median jfull new "$c")" "$(median jperiodic new "$c")")x," \
         "confirmed $(ratio "$(median jfull confirmed "$c")" "$(median jperiodic confirmed "$c")")x"
done
# The disk's side of sync=full: a durable LMDB commit is two fdatasync calls
# (data pages, then the meta page), so with C connections each waiting for its
# answer, full can answer at most C / (2 x fdatasync) decisions per second;
# the journal store's commit is one fdatasync (C / fdatasync).
/usr/bin/python3 - "$W" "$CONNS" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], 'fsync.probe')
fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
t = []
for i in range(200):
    os.pwrite(fd, b'x' * 4096, (i % 16) * 4096)
    s = time.perf_counter(); os.fdatasync(fd); t.append(time.perf_counter() - s)
os.close(fd); os.unlink(path); t.sort()
p50, p90 = t[100], t[180]
print("fdatasync of a 4 KB page in the work directory: p50 %.3f ms, p90 %.3f ms" % (p50 * 1e3, p90 * 1e3))
for c in sys.argv[2].split():
    print("  sync=full ceiling at %s conns: %s / (2 x p50) = %.0f decisions/s" % (c, c, int(c) / (2 * p50)))
PY
echo "N=$N per cell, $ROUNDS rounds (medians), $(nproc) cores, load at end $(cut -d' ' -f1 /proc/loadavg)"
echo "raw: $(tr '\n' ';' <"$W/results")"
