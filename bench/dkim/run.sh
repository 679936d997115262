#!/bin/bash
# run.sh: DKIM signing through the milter protocol, milterpack-milter against
# OpenDKIM, in one run: the same keys (RSA-2048 and Ed25519, made here), the
# same message (9 header fields, ~3.6 KB body), the same driver (mp-miltclient
# load mode, one transaction per connection as sendmail does it, concurrency 1
# and 2), relaxed/relaxed, logging off in both. Each daemon's first signature
# is checked with python3-dkim before any number is taken. The daemons run
# alternately ROUNDS times; the table shows medians. Then the in-process
# ceiling (dkim_bench, `openssl speed`), and each daemon's peak RSS (VmHWM).
# The protocol floor: bench/floor (mp-floor), a libmilter filter that does
# nothing but negotiate the same steps as milterpack's signing configuration
# (checked here) and insert one header of a signature's size, runs in the same
# rounds; the report gives (milterpack's time per message - its in-process
# signing time per message) / the floor's time per message, at concurrency 1.
#
#   bench/dkim/run.sh [-n TRANSACTIONS] [-r ROUNDS]      (defaults 1500, 3)
# env: MP_BUILD_DIR (default build/ next to this repo)
#      MP_WORK_BASE parent of the work dir (default ~/.cache/milterpack):
#                   OpenDKIM refuses keys below world-writable dirs such as /tmp.
# Needs root (network namespaces; the milter drops to nobody), opendkim,
# python3-dkim, openssl.
set -euo pipefail
N=1500 ROUNDS=3
while getopts n:r: o; do
    case $o in n) N=$OPTARG ;; r) ROUNDS=$OPTARG ;; *) sed -n 's/^#   bench/usage: bench/p' "$0" >&2; exit 2 ;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
B=${MP_BUILD_DIR:-$here/../../build}
CLIENT=$B/tests/tools/miltclient/mp-miltclient MILTER=$B/milters/milterpack-milter
FLOOR=$B/bench/floor/mp-floor
for x in "$CLIENT" "$MILTER" "$B/bench/dkim/dkim_bench" "$FLOOR"; do [ -x "$x" ] || { echo "run.sh: no $x (build it)" >&2; exit 2; }; done
base=${MP_WORK_BASE:-$HOME/.cache/milterpack}
mkdir -p -m 700 "$base"
W=$(mktemp -d "$base/dkim-bench.XXXXXX"); chmod 711 "$W"
M=$(mktemp -d /tmp/mp-dkim-bench.XXXXXX); chmod 711 "$M"
PIDS=()
cleanup() {
    local p i   # OpenDKIM takes ~4.5 s to exit on SIGTERM
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do
        for ((i = 0; i < 70; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$p" 2>/dev/null && echo "run.sh: pid $p ignored SIGTERM for 7 s, killed" >&2
        kill -KILL "$p" 2>/dev/null || true
    done
    rm -rf "$W" "$M"
}
trap cleanup EXIT INT TERM

# keys and the published records (TestPublicKeys form, for the check)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$W/rsa.key" 2>/dev/null
openssl genpkey -algorithm ED25519 -out "$W/ed.key" 2>/dev/null
chmod 600 "$W/rsa.key" "$W/ed.key"
# milterpack opens its keys as its user (nobody), who cannot enter $HOME: a
# copy each in a directory of their own
for k in rsa ed; do cp -p "$W/$k.key" "$M/mp-$k.key"; chown nobody "$M/mp-$k.key"; done
{
    printf 'rsa._domainkey.example.com v=DKIM1; k=rsa; p=%s\n' "$(openssl pkey -in "$W/rsa.key" -pubout -outform DER | base64 -w0)"
    printf 'ed._domainkey.example.com v=DKIM1; k=ed25519; p=%s\n' "$(openssl pkey -in "$W/ed.key" -pubout -outform DER | tail -c 32 | base64 -w0)"
} >"$W/keys.txt"
MSG=$W/msg.eml
/usr/bin/python3 - "$MSG" <<'PY'
import sys
h = ['Received: from mta-rx.example.com (localhost [127.0.0.1])\r\n\tby mta-tx.example.com with ESMTP id q1',
     'From: Alice Example <alice@example.com>', 'To: Bob <bob@example.net>, Carol <carol@example.net>',
     'Subject: Quarterly report, with a subject long enough\r\n\tto be folded',
     'Date: Fri, 21 Nov 2025 10:00:00 +0000', 'Message-ID: <20251121100000.12345@example.com>',
     'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']
body, i = '', 0
while len(body) < 3600:
    body += 'Line %d of the report:  some words, \tsome   blanks, numbers 12345.\r\n' % i
    i += 1
open(sys.argv[1], 'w', newline='').write('\r\n'.join(h) + '\r\n\r\n' + body)
PY

# start NAME CMD...: a daemon in its own network namespace (lo only); $! is the daemon
# (unshare and sh exec). Waits for its socket $W/NAME.sock.
start() {
    local n=$1; shift
    unshare --net sh -c 'ip link set lo up && exec "$@"' sh "$@" >"$W/$n.log" 2>&1 &
    PIDS+=($!); disown $!; eval "PID_${n/-/_}=$!"
    for ((i = 0; i < 100; i++)); do [ -S "$W/$n.sock" ] && return 0; sleep 0.05; done
    echo "run.sh: $n did not start:" >&2; cat "$W/$n.log" >&2; exit 1
}
for alg in rsa ed; do
    sa=rsa-sha256; [ $alg = ed ] && sa=ed25519-sha256   # OpenDKIM needs the algorithm named to use an Ed25519 key
    printf 'Mode s\nDomain example.com\nSelector %s\nKeyFile %s\nSocket local:%s\nMTA MTA-TX\nCanonicalization relaxed/relaxed\nSignatureAlgorithm %s\nSyslog no\nUMask 000\n' \
        "$alg" "$W/$alg.key" "$W/od-$alg.sock" "$sa" >"$W/od-$alg.conf"
    start "od-$alg" opendkim -f -x "$W/od-$alg.conf"
    cat >"$W/mp-$alg.conf" <<CONF
milter { socket = "unix:$W/mp-$alg.sock"; user = nobody; socket_mode = 0666; }
log { level = warning; }
dkim { domain = example.com; selector = $alg; key_file = "$M/mp-$alg.key"; daemons = { MTA-TX }; internal_networks = {}; }
CONF
    start "mp-$alg" "$MILTER" -f "$W/mp-$alg.conf" -d
done
start fl "$FLOOR" "unix:$W/fl.sock" 480   # ~ an RSA-2048 signature header

MACROS=(--mail '<alice@example.com>' --rcpt '<bob@example.net>' --macro 'connect:{daemon_name}=MTA-TX'
        --macro 'connect:j=mta-tx.example.com' --macro 'mail:i=bench0001')
# check DAEMON ALG: one signed message through DAEMON verifies with python3-dkim
check() {
    local d=$1 a=$2 name=rsa-sha256
    [ "$a" = ed ] && name=ed25519-sha256
    printf '%s\n' 'macro connect {daemon_name}=MTA-TX j=mta-tx.example.com' 'connect mta-rx.example.com 192.0.2.10 port 4711' \
        'helo mta-rx.example.com' 'mail <alice@example.com>' 'rcpt <bob@example.net>' 'data' "message-file $MSG" 'eom' \
        "expect-re eom insheader 0 DKIM-Signature: ?v=1; a=$name; .*" 'quit' >"$W/one.mts"
    "$CLIENT" -s "unix:$W/$d-$a.sock" -t 10 --script "$W/one.mts" >"$W/one-$d-$a.out" ||
        { echo "run.sh: $d $a did not sign:" >&2; cat "$W/one-$d-$a.out" >&2; exit 1; }
    /usr/bin/python3 - "$W/one-$d-$a.out" "$MSG" "$W/keys.txt" <<'PY' || { echo "run.sh: $d $a: signature does not verify" >&2; exit 1; }
import codecs, sys, dkim
line = next(l for l in open(sys.argv[1]) if l.startswith('eom: insheader 0 DKIM-Signature:'))
value = codecs.decode(line.rstrip('\n').split(':', 2)[2], 'unicode_escape')
if not value.startswith((' ', '\t')): value = ' ' + value
msg = b'DKIM-Signature:' + value.replace('\r\n', '\n').replace('\n', '\r\n').encode() + b'\r\n' + open(sys.argv[2], 'rb').read()
keys = dict(l.split(None, 1) for l in open(sys.argv[3], 'rb').read().splitlines() if l.strip())
sys.exit(0 if dkim.verify(msg, dnsfunc=lambda n, timeout=5: keys.get(n.rstrip(b'.')), minkey=1024) else 1)
PY
}
# cputicks PID: the process's user+system clock ticks so far (all its threads)
cputicks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# load DAEMON ALG C: one load run; prints the rate (msg/s) and the daemon's CPU
# milliseconds per message. At end-of-message OpenDKIM answers accept,
# milterpack continue (the same to the MTA).
load() {
    local out want=accept sock=$1-$2 hdr=DKIM-Signature pid t0
    [ "$1" = mp ] && want=continue
    [ "$1" = fl ] && want=continue sock=fl hdr=X-Floor
    eval "pid=\$PID_${sock/-/_}"; t0=$(cputicks "$pid")
    out=$("$CLIENT" -s "unix:$W/$sock.sock" -t 10 --load "$N" --concurrency "$3" --per-connection 1 \
        --message-file "$MSG" "${MACROS[@]}" --expect $want --expect-action "insheader 0 $hdr:" 2>&1) ||
        { echo "run.sh: load $1 $2 c=$3 failed: $out" >&2; exit 1; }
    echo "$out" >>"$W/load.log"
    printf '%s %s\n' "$(sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$out")" \
        "$(awk -v d=$(($(cputicks "$pid") - t0)) -v hz="$(getconf CLK_TCK)" -v n="$N" 'BEGIN {printf "%.4f", d * 1000 / hz / n}')"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for a in rsa ed; do for d in od mp; do check "$d" "$a"; done; done
echo "signatures verified (python3-dkim): OpenDKIM and milterpack, RSA-2048 and Ed25519"
# negotiated NAME: the OPTNEG line a filter answers sendmail 8.17's offer with
negotiated() {
    printf '%s\n' 'connect mta-rx.example.com 192.0.2.10' 'quit' >"$W/neg.mts"
    "$CLIENT" -s "unix:$W/$1.sock" -t 10 --script "$W/neg.mts" | sed -n 's/^optneg: version=/version=/p'
}
[ "$(negotiated mp-rsa)" = "$(negotiated fl)" ] ||
    { echo "run.sh: the floor negotiates differently: $(negotiated fl) vs $(negotiated mp-rsa)" >&2; exit 1; }
echo "floor and milterpack negotiate the same: $(negotiated fl)"
for ((r = 1; r <= ROUNDS; r++)); do
    for a in rsa ed; do for c in 1 2; do for d in od mp fl; do
        rate=$(load "$d" "$a" "$c") || exit 1
        echo "$a $c $d $rate" >>"$W/rates"   # alg conc daemon msg/s cpu-ms/msg
    done; done; done
done

echo
echo "through the milter protocol: $N transactions per run, one per connection, median of $ROUNDS alternating runs"
printf '%-16s %4s %14s %14s %7s %12s\n' algorithm conc "OpenDKIM msg/s" "milterpack" ratio "floor msg/s"
for a in rsa ed; do for c in 1 2; do
    od=$(awk -v a=$a -v c=$c '$1 == a && $2 == c && $3 == "od" {print $4}' "$W/rates" | median)
    mp=$(awk -v a=$a -v c=$c '$1 == a && $2 == c && $3 == "mp" {print $4}' "$W/rates" | median)
    fl=$(awk -v a=$a -v c=$c '$1 == a && $2 == c && $3 == "fl" {print $4}' "$W/rates" | median)
    printf '%-16s %4s %14s %14s %7s %12s\n' "$([ $a = rsa ] && echo rsa-sha256-2048 || echo ed25519-sha256)" "$c" "$od" "$mp" \
        "$(awk -v x="$mp" -v y="$od" 'BEGIN {printf "%.2f", x / y}')" "$fl"
done; done
echo "all runs (alg conc daemon msg/s daemon-CPU-ms/msg):"; sed 's/^/  /' "$W/rates"

echo
echo "peak RSS after the runs (VmHWM):"
for n in od-rsa mp-rsa od-ed mp-ed; do
    eval "p=\$PID_${n/-/_}"
    printf '  %-7s %s\n' "$n" "$(awk '/^VmHWM/ {print $2, $3}' "/proc/$p/status")"
done

echo
echo "in process (one thread, CPU time):"
"$B/bench/dkim/dkim_bench" 2 >"$W/inproc.txt"
sed 's/^/  /' "$W/inproc.txt"
echo
echo "protocol cost against the floor, concurrency 1 (ms per message; target <= 1.25):"
printf '  %-16s %10s %12s %10s %8s\n' algorithm milterpack "in-process" floor ratio
for a in rsa ed; do
    row=rsa-sha256; [ $a = ed ] && row=ed25519-sha256
    mp=$(awk -v a=$a '$1 == a && $2 == 1 && $3 == "mp" {print $4}' "$W/rates" | median)
    fl=$(awk '$2 == 1 && $3 == "fl" {print $4}' "$W/rates" | median)   # the floor has no algorithm: all its c=1 runs
    ip=$(awk -v r=$row '$1 == r {print $(r == "rsa-sha256" ? 3 : 2)}' "$W/inproc.txt")
    awk -v a=$row -v mp="$mp" -v fl="$fl" -v ip="$ip" 'BEGIN {
        t = 1000 / mp; s = 1000 / ip; f = 1000 / fl
        printf "  %-16s %10.3f %12.3f %10.3f %8.2f\n", a, t, s, f, (t - s) / f }'
done
echo
echo "the same in the daemons' CPU time (utime+stime of all threads / messages; excludes the"
echo "client and run-queue waits on a loaded machine), concurrency 1:"
printf '  %-16s %10s %12s %10s %8s\n' algorithm milterpack "in-process" floor ratio
for a in rsa ed; do
    row=rsa-sha256; [ $a = ed ] && row=ed25519-sha256
    mp=$(awk -v a=$a '$1 == a && $2 == 1 && $3 == "mp" {print $5}' "$W/rates" | median)
    fl=$(awk '$2 == 1 && $3 == "fl" {print $5}' "$W/rates" | median)
    ip=$(awk -v r=$row '$1 == r {print $(r == "rsa-sha256" ? 3 : 2)}' "$W/inproc.txt")
    awk -v a=$row -v mp="$mp" -v fl="$fl" -v ip="$ip" 'BEGIN {
        s = 1000 / ip; printf "  %-16s %10.3f %12.3f %10.3f %8.2f\n", a, mp, s, fl, (mp - s) / fl }'
done
echo "openssl speed -seconds 2 rsa2048 ed25519:"
openssl speed -seconds 2 rsa2048 ed25519 2>/dev/null | grep -E '^(rsa 2048|.*Ed25519\)?) ' | sed 's/^/  /' || true
