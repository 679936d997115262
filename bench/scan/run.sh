#!/bin/bash
# run.sh: milterpack's clamd scanner against clamav-milter, all talking to
# the same real clamd (tests/tools/peers.sh, one-line EICAR .ndb) in one run,
# all driven by mp-miltclient's load mode with the same message.
#
#   bench/scan/run.sh [-n TRANSACTIONS] [-r ROUNDS]     (root; prints a table)
#
# Two milterpack setups on clamd's unix socket: "mp" streams INSTREAM
# (transfer = instream, the default), "mp-fd" writes each message to an
# unlinked file in its spool_dir and passes clamd the descriptor (transfer =
# fdpass). Two clamav-milter setups: "cm-fd" talks to clamd's unix socket,
# where it spools each message to a temporary file and hands clamd the
# descriptor (clamd reads the file itself); "cm-tcp" talks to clamd over
# 127.0.0.1 TCP, where it streams INSTREAM. Ratios are against cm-fd.
#
# Throughput and latency: a ~30 KB clean message (text + base64 attachment),
# concurrency 1 and 2, one transaction per milter connection, ROUNDS rounds,
# the two daemons alternating within each round. Memory: each daemon started
# fresh per round, 6 transactions of a 25 MB clean message at concurrency 2,
# then VmHWM (peak RSS) from /proc. CPU per message: the daemon's own
# utime+stime over a run (clamd's work excluded), divided by the transactions.
# Medians over the rounds, ratios = mp / cm-fd, mp-fd / cm-fd.
# Latency by size: messages of 1 KB, 100 KB, 1 MB and 25 MB, the daemons
# alternating sample by sample; at concurrency 1 a sample is one transaction
# per client run, at concurrency 2 it is two transactions started together
# (two connections) and the sample is the later reply of the two (the
# client's p50 of two). p50, p90 and max of each (env MP_SCAN_SAMPLES_SMALL,
# default 40 for 1 KB and 100 KB; MP_SCAN_SAMPLES_BIG, default 8 for 25 MB;
# 1 MB: 20; MP_SCAN_SIZES, default "1k 100k 1m 25m", a subset for a focused
# run).
# Everything runs in a private network namespace (lo only): clamav-milter
# and clamd cannot reach any network.
# env: MP_BUILD_DIR (default: build/ next to this repo), MILTCLIENT.
# Needs: clamav-daemon, clamav-milter (Debian packages), util-linux, iproute2.
set -euo pipefail
N=500 ROUNDS=3
while getopts n:r: o; do
    case $o in n) N=$OPTARG ;; r) ROUNDS=$OPTARG ;; *) sed -n 's/^#   bench/usage: bench/p' "$0" >&2; exit 2 ;; esac
done
if [ -z "${MP_BENCH_NETNS:-}" ]; then  # re-run inside a private network namespace
    [ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespace, daemon users)" >&2; exit 2; }
    exec unshare --net env MP_BENCH_NETNS=1 sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$here/../.." && pwd)
BUILD=${MP_BUILD_DIR:-$SRC/build}
CLIENT=${MILTCLIENT:-$BUILD/tests/tools/miltclient/mp-miltclient}
MILTER=$BUILD/milters/milterpack-milter
PEERS=$SRC/tests/tools/peers.sh
for x in "$CLIENT" "$MILTER" /usr/sbin/clamav-milter; do [ -x "$x" ] || { echo "run.sh: missing $x" >&2; exit 2; }; done

W=$(mktemp -d /tmp/mp-bench-scan.XXXXXX); chmod 755 "$W"
declare -A PID
stop() {  # stop PID: TERM, bounded wait, KILL
    [ -n "$1" ] || return 0
    kill -TERM "$1" 2>/dev/null || return 0
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done
    kill -KILL "$1" 2>/dev/null || true
}
cleanup() { local p; for p in "${PID[@]}"; do stop "$p"; done; "$PEERS" stop "$W" >/dev/null 2>&1 || true; [ -n "${MP_BENCH_KEEP:-}" ] || rm -rf "$W"; }
trap cleanup EXIT INT TERM

CLAMD_TCP_PORT=3310 CLAMD_STREAM_MAX=40M "$PEERS" start-clamd "$W" >/dev/null
CLAMD=unix:$W/clamd/clamd.sock

mkdir -p "$W/mpspool"; chown nobody "$W/mpspool"; chmod 700 "$W/mpspool"
mp_conf() {  # mp_conf NAME TRANSFER
cat >"$W/$1.conf" <<CONF
milter { socket = "unix:$W/$1.sock"; user = nobody; }
log { level = warning; }
scanner clam { type = clamd; socket = "$CLAMD"; transfer = $2; spool_dir = "$W/mpspool";
               max_size = 40MB; timeout = 60s; stream_timeout = 30s; }
CONF
}
mp_conf mp instream; mp_conf mp-fd fdpass
mkdir -p "$W/cmtmp"; chown clamav "$W/cmtmp"
cm_conf() {  # cm_conf NAME CLAMD_SOCKET
cat >"$W/$1.conf" <<CONF
MilterSocket unix:$W/$1.sock
MilterSocketMode 666
FixStaleSocket true
User clamav
Foreground true
PidFile $W/$1.pid
ClamdSocket $2
OnClean Accept
OnInfected Reject
OnFail Defer
AddHeader No
MaxFileSize 40M
ReadTimeout 120
TemporaryDirectory $W/cmtmp
LogFile $W/$1.log
LogInfected Basic
CONF
}
cm_conf cm-fd "$CLAMD"; cm_conf cm-tcp tcp:127.0.0.1:3310

wait_sock() { for _ in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.05; done; echo "run.sh: no socket $1" >&2; return 1; }
DAEMONS="mp mp-fd cm-fd cm-tcp"
start() {  # start mp|mp-fd|cm-fd|cm-tcp: a fresh process (VmHWM starts from zero)
    stop "${PID[$1]:-}"; rm -f "$W/$1.sock"
    if [ "${1%-fd}" = mp ]; then "$MILTER" -f "$W/$1.conf" 2>>"$W/$1.log" &
    else /usr/sbin/clamav-milter -c "$W/$1.conf" >>"$W/$1.out" 2>&1 &
    fi
    PID[$1]=$!; wait_sock "$W/$1.sock"
}

# The message: headers, a text part and a 20 KB base64 attachment (fixed bytes).
/usr/bin/python3 - "$W" <<'EOF'
import base64, random, sys
w = sys.argv[1]; rnd = random.Random(4)
head = ["From: Alice <alice@example.org>", "To: Bob <bob@example.net>", "Subject: scan bench",
        "Date: Fri, 21 Nov 2025 10:00:00 +0000", "Message-ID: <bench@example.org>", "MIME-Version: 1.0"]
def msg(att, text_lines):
    b = base64.encodebytes(att).decode().replace("\n", "\r\n")
    return ("\r\n".join(head + ['Content-Type: multipart/mixed; boundary="BB"', "", "--BB",
            "Content-Type: text/plain; charset=us-ascii", ""] + text_lines +
            ["--BB", 'Content-Type: application/octet-stream; name="data.bin"',
             "Content-Transfer-Encoding: base64", ""]) + "\r\n" + b + "--BB--\r\n")
open(f"{w}/small.eml", "w", newline="").write(
    msg(bytes(rnd.getrandbits(8) for _ in range(20000)), ["Hello Bob, the figures are attached."] * 40))
line = "The quick brown fox jumps over the lazy dog, again and again and again. 0123"
open(f"{w}/big.eml", "w", newline="").write(msg(b"", [line] * (25 * 1024 * 1024 // 78)))
for name, size in (("1k", 1024), ("100k", 100 * 1024), ("1m", 1024 * 1024), ("25m", 25 * 1024 * 1024)):
    open(f"{w}/s-{name}.eml", "w", newline="").write(msg(b"", [line] * max(1, (size - 700) // 78)))
eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
open(f"{w}/eicar.eml", "w", newline="").write("\r\n".join(head + ["", eicar, ""]))
EOF

load() {  # load DAEMON N CONCURRENCY MESSAGE [extra]: mp-miltclient's summary line
    local d=$1 n=$2 c=$3 m=$4; shift 4
    "$CLIENT" -s "unix:$W/$d.sock" -t 120 --load "$n" --concurrency "$c" --message-file "$m" \
        --mail '<alice@example.org>' --rcpt '<bob@example.net>' --macro 'mail:i=bench0001' "$@"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime of the daemon, all threads
field() { sed -n "s/.*[ ^]$1=\([0-9.]*\).*/\1/p; s/^$1=\([0-9.]*\).*/\1/p" | head -1; }

for d in $DAEMONS; do start $d; done
# Both must really scan: EICAR rejected, the bench message passed, or the numbers mean nothing.
for d in $DAEMONS; do
    e=$(load $d 1 1 "$W/eicar.eml" || true)
    case $e in *'errors=0'*'replies={reject:1}'*) ;; *) echo "run.sh: $d did not reject EICAR: $e" >&2; exit 1 ;; esac
    s=$(load $d 3 1 "$W/small.eml" || true)
    case $s in *'errors=0'*) ;; *) echo "run.sh: $d failed the clean message: $s" >&2; exit 1 ;; esac
    case $s in *reject*|*tempfail*) echo "run.sh: $d refused the clean message: $s" >&2; exit 1 ;; esac
done
for d in $DAEMONS; do load $d 50 2 "$W/small.eml" >/dev/null; done  # warm-up

declare -A V
for r in $(seq "$ROUNDS"); do
    for c in 1 2; do
        for d in $DAEMONS; do
            t0=$(cpu_ticks "${PID[$d]}")
            out=$(load $d "$N" "$c" "$W/small.eml") || { echo "run.sh: $d c=$c: $out" >&2; exit 1; }
            V[$d,c$c,cpu,$r]=$(awk -v a="$t0" -v b="$(cpu_ticks "${PID[$d]}")" -v n="$N" -v hz="$(getconf CLK_TCK)" \
                'BEGIN {printf "%.1f", (b - a) * 1e6 / hz / n}')
            V[$d,c$c,rate,$r]=$(echo "$out" | field rate)
            V[$d,c$c,p50,$r]=$(echo "$out" | field p50_ms)
            V[$d,c$c,p99,$r]=$(echo "$out" | field p99_ms)
        done
    done
    for d in $DAEMONS; do
        start $d
        out=$(load $d 6 2 "$W/big.eml") || { echo "run.sh: $d 25 MB: $out" >&2; exit 1; }
        case $out in *'errors=0'*) ;; *) echo "run.sh: $d 25 MB: $out" >&2; exit 1 ;; esac
        V[$d,rss,$r]=$(awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/${PID[$d]}/status")
        V[$d,big_p50,$r]=$(echo "$out" | field p50_ms)
    done
done

# Latency by message size: C transactions started together per client run
# (its p50 is, for one, its own time: connect to the end-of-data reply; for
# two, the later of the two), the daemons alternating sample by sample.
SIZES=${MP_SCAN_SIZES:-1k 100k 1m 25m}
declare -A SAMPLES=([1k]=${MP_SCAN_SAMPLES_SMALL:-40} [100k]=${MP_SCAN_SAMPLES_SMALL:-40} [1m]=20 [25m]=${MP_SCAN_SAMPLES_BIG:-8})
declare -A LAT
for c in 1 2; do
    for sz in $SIZES; do
        for _ in $(seq "${SAMPLES[$sz]}"); do
            for d in $DAEMONS; do
                out=$(load $d "$c" "$c" "$W/s-$sz.eml") || { echo "run.sh: $d $sz c=$c: $out" >&2; exit 1; }
                case $out in *'errors=0'*"replies={accept:$c}"*|*'errors=0'*"replies={continue:$c}"*) ;;
                    *) echo "run.sh: $d $sz c=$c: $out" >&2; exit 1 ;; esac
                LAT[$d,$sz,$c]+="$(echo "$out" | field p50_ms) "
            done
        done
    done
done
dist() {  # dist DAEMON SIZE C: "p50 p90 max" in ms
    tr ' ' '\n' <<<"${LAT[$1,$2,$3]}" | grep . | sort -g |
        awk '{a[NR] = $1} END {printf "%.1f %.1f %.1f", a[int(NR * 0.5 + 0.5)], a[int(NR * 0.9 + 0.5)], a[NR]}'
}

median() {  # median KEY-PREFIX: over the rounds
    local r; for r in $(seq "$ROUNDS"); do echo "${V[$1,$r]}"; done | sort -g |
        awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b ? a / b : 0}'; }
row() {  # row LABEL KEY UNIT
    local m p f t; m=$(median "mp,$2"); p=$(median "mp-fd,$2"); f=$(median "cm-fd,$2"); t=$(median "cm-tcp,$2")
    printf '%-30s %10s %10s %10s %10s %8s %8s\n' "$1 ($3)" "$m" "$p" "$f" "$t" "$(ratio "$m" "$f")" "$(ratio "$p" "$f")"
}
echo "clamd scan: milterpack vs clamav-milter $(/usr/sbin/clamav-milter --version | awk '{print $2}'), same clamd, mp-miltclient load"
echo "small message $(stat -c %s "$W/small.eml") bytes, $N transactions per run; 25 MB message: 6 at concurrency 2"
echo "medians of $ROUNDS alternating rounds; mp = milterpack (INSTREAM, unix socket), mp-fd = milterpack"
echo "(transfer = fdpass: unlinked file + descriptor passing), cm-fd = clamav-milter via unix socket"
echo "(temp file + descriptor passing), cm-tcp = clamav-milter via TCP (INSTREAM)"
printf '%-30s %10s %10s %10s %10s %8s %8s\n' metric mp mp-fd cm-fd cm-tcp mp/cm-fd mp-fd/cm-fd
row "c=1 messages/s" c1,rate "msg/s"
row "c=1 p50 latency" c1,p50 ms
row "c=1 p99 latency" c1,p99 ms
row "c=1 daemon CPU per message" c1,cpu us
row "c=2 messages/s" c2,rate "msg/s"
row "c=2 p50 latency" c2,p50 ms
row "c=2 p99 latency" c2,p99 ms
row "c=2 daemon CPU per message" c2,cpu us
row "25 MB p50 latency" big_p50 ms
row "25 MB peak RSS VmHWM" rss MB
echo
echo "latency by message size and concurrency C (C transactions started together per sample, the later"
echo "reply counts), daemons alternating sample by sample (ms: p50 p90 max)"
printf '%-6s %2s %7s %-20s %-20s %-20s %-20s %7s %7s %7s %7s\n' size C samples mp mp-fd cm-fd cm-tcp \
    "mp p50" "fd p50" "mp p90" "fd p90"
for c in 1 2; do
    for sz in $SIZES; do
        m=$(dist mp $sz $c); p=$(dist mp-fd $sz $c); f=$(dist cm-fd $sz $c); t=$(dist cm-tcp $sz $c)
        read -r m50 m90 _ <<<"$m"; read -r p50 p90 _ <<<"$p"; read -r f50 f90 _ <<<"$f"
        printf '%-6s %2s %7s %-20s %-20s %-20s %-20s %7s %7s %7s %7s\n' "$sz" "$c" "${SAMPLES[$sz]}" "$m" "$p" "$f" "$t" \
            "$(ratio "$m50" "$f50")" "$(ratio "$p50" "$f50")" "$(ratio "$m90" "$f90")" "$(ratio "$p90" "$f90")"
    done
done
echo "(mp p50, fd p50: milterpack INSTREAM / fdpass median over clamav-milter fd passing's; p90 likewise;"
echo " <= 1.00 means milterpack answers no later)"
