#!/bin/bash
# run.sh: per-session cost of milterpack-pmilter (sendmail X / MeTA1 policy
# milter, driven by mp-pmdriver's load mode through the in-tree libpmilter)
# next to milterpack-milter (sendmail 8 milter, driven by mp-miltclient's
# load mode through libmilter), same engine, same configuration file, same
# message, one invocation.
#
#   bench/pmilter/run.sh [-n SESSIONS] [-c CONCURRENCY] [-r ROUNDS] [-k CONNECTIONS]
#
# Each session is connect, EHLO, MAIL, RCPT, DATA, the message, end of data.
# Two policies: "rx" (access map + protected recipients, the receiving MX)
# and "sign" (DKIM RSA-2048 signing). Per round and policy the two daemons
# run alternately; measured: sessions/s from the driver, and the daemon's own
# CPU (utime+stime from /proc/PID/stat over the run) per session. Medians
# over ROUNDS; ratio = pmilter / milter (CPU: >1 means the pmilter path costs
# more; rate: >1 means it is faster). A third row, "testpm", is the floor of
# the pmilter path: the same driver and in-tree libpmilter with mp-testpm, a
# C pmilter that decides nothing (empty rule table), so pmilter - testpm is
# what milterpack's adapter and policy add. Unix sockets only, no network.
# env: MP_BUILD_DIR (default: build/ next to this repo).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=${MP_BUILD_DIR:-$HERE/../../build}
N=2000 C=8 R=3 K=2
while getopts n:c:r:k: o; do
    case $o in n) N=$OPTARG ;; c) C=$OPTARG ;; r) R=$OPTARG ;; k) K=$OPTARG ;; *) exit 2 ;; esac
done
W=$(mktemp -d /tmp/mp-pmbench.XXXXXX); chmod 755 "$W"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
USERLINE=''; [ "$(id -u)" = 0 ] && USERLINE='user = nobody;'

cp "$HERE/../../tests/integration/pmilter/t/access" "$HERE/../../tests/integration/pmilter/t/aliases" "$W/"
printf 'From: Alice <alice@example.org>\nTo: Bob <bob@example.test>\nSubject: bench\nDate: Mon, 30 Nov 2026 12:00:00 +0000\nMessage-ID: <bench@example.org>\n\n%s\n' \
    "$(for i in $(seq 40); do echo "line $i of a short text message, about seventy bytes long, plain."; done)" >"$W/msg.eml"
"$B/cli/milterpack" dkim keygen --domain example.org --selector bench --algorithm rsa --dir "$W" >/dev/null 2>&1
[ -n "$USERLINE" ] && chown nobody "$W/bench.private"
conf() {  # conf NAME EXTRA
    cat >"$W/$1.conf" <<CONF
milter { socket = "unix:$W/$1-m.sock"; $USERLINE }
pmilter { socket = "unix:$W/$1-p.sock"; $USERLINE }
log { level = warning; }
$2
CONF
}
conf rx "access_map { file = \"$W/access\"; }
protected_recipients { allow_by = { sender, client_ip }; }
aliases { file = \"$W/aliases\"; }"
conf sign "dkim { domain = example.org; selector = bench; key_file = \"$W/bench.private\"; internal_networks = { 127.0.0.0/8, 192.0.2.0/24 }; }"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
start() {  # start milter|pmilter|testpm POLICY -> pid in $PID
    local bin=$B/milters/milterpack-milter s=$W/$2-m.sock
    [ "$1" = pmilter ] && bin=$B/pmilter/milterpack-pmilter s=$W/$2-p.sock
    [ "$1" = testpm ] && s=$W/$2-t.sock
    rm -f "$s"
    if [ "$1" = testpm ]; then : >"$W/empty.tp"
        "$B/tests/tools/pmdriver/mp-testpm" -l /dev/null "unix:$s" "$W/empty.tp" 2>>"$W/$1-$2.log" &
    else "$bin" -f "$W/$2.conf" -d 2>>"$W/$1-$2.log" &
    fi
    PID=$!; PIDS+=("$PID")
    for _ in $(seq 400); do [ -S "$s" ] && sleep 0.2 && return 0; sleep 0.05; done
    echo "$1 $2 did not start"; cat "$W/$1-$2.log"; exit 1
}
load() {  # load milter|pmilter POLICY: prints "rate cpu_us_per_session"
    local out t0 t1
    t0=$(cpu_ticks "$PID")
    if [ "$1" = milter ]; then
        out=$("$B/tests/tools/miltclient/mp-miltclient" -s "unix:$W/$2-m.sock" -t 60 --load "$N" --concurrency "$C" \
            --per-connection $((N / K)) --message-file "$W/msg.eml" --client-addr 192.0.2.1 \
            --mail '<alice@example.org>' --rcpt '<bob@example.test>' --expect continue)
    else
        local s=$W/$2-p.sock; [ "$1" = testpm ] && s=$W/$2-t.sock
        out=$("$B/tests/tools/pmdriver/mp-pmdriver" -s "unix:$s" -t 60 --load "$N" --concurrency "$C" \
            --connections "$K" --message-file "$W/msg.eml" --mail '<alice@example.org>' --rcpt '<bob@example.test>' \
            --expect CONT)
    fi
    t1=$(cpu_ticks "$PID")
    echo "$out" | grep -q 'errors=0 ' || { echo "load errors ($1 $2): $out" >&2; exit 1; }
    local rate; rate=$(echo "$out" | sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p')
    echo "$rate $(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / N ))"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-6s %-8s %12s %14s\n' policy daemon sessions/s cpu_us/session
for pol in rx sign; do
    daemons="milter pmilter"; [ "$pol" = rx ] && daemons="milter pmilter testpm"
    for d in $daemons; do : >"$W/$d.r"; : >"$W/$d.c"; start "$d" "$pol"; eval "PID_$d=$PID"; done
    for _ in $(seq "$R"); do
        for d in $daemons; do
            eval "PID=\$PID_$d"
            read -r rate cpu < <(load "$d" "$pol")
            echo "$rate" >>"$W/$d.r"; echo "$cpu" >>"$W/$d.c"
        done
    done
    for d in $daemons; do
        eval "r_$d=$(median <"$W/$d.r")"; eval "c_$d=$(median <"$W/$d.c")"
        eval "printf '%-6s %-8s %12s %14s\n' $pol $d \$r_$d \$c_$d"
    done
    awk -v rp="$r_pmilter" -v rm="$r_milter" -v cp="$c_pmilter" -v cm="$c_milter" -v p="$pol" \
        'BEGIN { printf "%-6s ratio pmilter/milter: rate %.2fx, cpu per session %.2fx\n", p, rp / rm, (cm > 0 ? cp / cm : 0) }'
    for d in $daemons; do eval "kill \$PID_$d"; done
done
