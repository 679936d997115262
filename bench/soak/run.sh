#!/bin/bash
# run.sh: the soak. 200 concurrent SMTP sessions for DURATION seconds through
# the dual-instance sendmail setup, in one private network namespace
# (tests/integration/lib/sandbox.sh: loopback only, /dev/log to a file):
#   rx (port 2526, MTA-rx): milterpack-milter with the receiving policy: an
#      access map (blocked nets and senders, unknown users, a protected list
#      whose member is the sender), protected recipients, greylisting
#      (key client_ip, LMDB sync=meta; the test client is whitelisted with
#      `milterpack greylist whitelist` first, so every message reads and
#      refreshes its entry and mail flows); relays everything to
#   tx (port 2527, MTA-tx): milterpack-milter signing every message (DKIM,
#      RSA-2048), relaying to an SMTP sink.
# Both sendmails: DaemonPortOptions Listen=1024 (default 10) and
# MaxDaemonChildren=600, so 200 sessions neither overflow the listen queue nor
# get refused; LogLevel 9, interactive delivery.
# Load: bench/smtp/smtp_load.py, run after run (each run C sessions of K
# messages, C*K*2 messages; every reply checked, any error or tempfail fails
# the soak) until DURATION has passed. Every 10 s a sampler writes to the CSV:
# seconds, messages delivered in the interval (counted and removed from the
# sink; every copy must carry a DKIM-Signature), rate, and VmRSS (kB) and open
# fds of both milters. At the end every sent message must have reached the
# sink, and the stated bounds must hold, after the first minute (warm-up):
#   RSS: median of the last minute <= median of the first minute + 20 %
#   fds: median of the last minute <= maximum of the first minute + 16
#        (the milters' fds follow the sessions in flight, which vary)
#
#   bench/soak/run.sh [-d DURATION] [-c CONCURRENCY] [-k PER_SESSION] [-o CSV]
#                     (defaults 600, 200, 5, $MP_BUILD_DIR/soak.csv)
# env: MP_BUILD_DIR (default build/ next to this repo), MP_WORK_BASE (parent
#      of the work dir, default MP_BUILD_DIR; traversable by nobody), KEEP=1.
# Needs root, sendmail, sendmail-cf, m4, python3-aiosmtpd, python3-dkim.
set -euo pipefail
DURATION=600 C=200 K=5 CSV=
while getopts d:c:k:o: o; do
    case $o in d) DURATION=$OPTARG ;; c) C=$OPTARG ;; k) K=$OPTARG ;; o) CSV=$OPTARG ;;
        *) sed -n 's/^#   bench/usage: bench/p' "$0" >&2; exit 2 ;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
MP_SOURCE_DIR=$(cd "$here/../.." && pwd)
MP_BUILD_DIR=$(cd "${MP_BUILD_DIR:-$MP_SOURCE_DIR/build}" && pwd); export MP_BUILD_DIR
CLI=$MP_BUILD_DIR/cli/milterpack LOAD=$MP_SOURCE_DIR/bench/smtp/smtp_load.py
CSV=${CSV:-$MP_BUILD_DIR/soak.csv}
for x in "$CLI" "$MP_BUILD_DIR/milters/milterpack-milter"; do [ -x "$x" ] || { echo "run.sh: no $x (build it)" >&2; exit 2; }; done
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
W=${MP_WORK_BASE:-$MP_BUILD_DIR}/bench-soak
sbx_init "$W"
spid=
trap 'set +e; [ -z "$spid" ] || kill "$spid" 2>/dev/null; sbx_stop; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
chmod 755 "$W"
T=$W/t; mkdir -p "$T/keys" "$T/grey"; chmod 755 "$T"; chown nobody "$T/grey"
SENDER=alice@example.org RCPT=team@example.test

. "$here/policy.sh"
for m in rx tx; do "$CLI" -f "$T/$m.conf" check-config >/dev/null; done
"$CLI" -f "$T/rx.conf" greylist whitelist 127.0.0.1 >/dev/null

sbx_sink 10026
for m in rx tx; do sbx_milter "$m" "$T/$m.conf"; sbx_wait "[ -S $T/$m.sock ]"; done
for m in rx tx; do ln -sf /dev/null "$SBX/log/$m.trace"; done
sbx_mta tx 2527 10026 "$(mta_mc "$T/tx.sock")"
sbx_mta rx 2526 2527 "$(mta_mc "$T/rx.sock")"
for m in rx tx; do
    grep -q '^O DaemonPortOptions=.*Listen=1024' "$SBX/$m/sendmail.cf" || { echo "run.sh: $m: no Listen=1024" >&2; exit 1; }
done

load() {  # load TAG COUNT: one smtp_load run inside the namespace, its summary on stdout
    sbx_in timeout 900 /usr/bin/python3 "$LOAD" --port 2526 --count "$2" --concurrency "$C" \
        --per-session "$K" --tag "$1" --sender "$SENDER" --rcpt "$RCPT" --timeout 120 --deadline 600
}
# take: count the sink's messages, check each is signed, remove them; prints the count
take() {
    local files n unsigned
    files=$(find "$SBX/sink" -name '*.eml')
    [ -n "$files" ] || { echo 0; return; }
    n=$(wc -l <<<"$files")
    unsigned=$(xargs grep -L '^DKIM-Signature:' <<<"$files" | wc -l || true)
    [ "$unsigned" = 0 ] || echo "$unsigned unsigned" >>"$T/unsigned"
    xargs rm -f <<<"$files"
    echo "$n"
}
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
nfds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }

# warm-up: mail flows, the copy is signed and verifies
load warm 20 >/dev/null || { echo "run.sh: warm-up failed" >&2; exit 1; }
sbx_wait '[ $(sbx_nsink) -ge 20 ]' 300 || { echo "run.sh: warm-up: $(sbx_nsink) of 20 delivered" >&2; exit 1; }
/usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$T/keys.txt" \
    "$(find "$SBX/sink" -name '*.eml' | head -1)" >"$T/verify.out" || { cat "$T/verify.out" >&2; exit 1; }
echo "dkim: $(head -1 "$T/verify.out")"
take >/dev/null

RX=$(cat "$SBX/milter-rx.pid") TX=$(cat "$SBX/milter-tx.pid")
echo "t_s,delivered,rate_per_s,rx_rss_kb,rx_fds,tx_rss_kb,tx_fds" >"$CSV"
sampler() {
    local t0=$EPOCHSECONDS last=$EPOCHSECONDS n now
    while :; do
        sleep 10
        now=$EPOCHSECONDS; n=$(take)
        echo "$((now - t0)),$n,$(awk -v n="$n" -v s=$((now - last)) 'BEGIN {printf "%.1f", n / s}'),$(rss "$RX"),$(nfds "$RX"),$(rss "$TX"),$(nfds "$TX")" >>"$CSV"
        last=$now
    done
}
sampler & spid=$!
end=$((EPOCHSECONDS + DURATION)) run=0 sent=0 status=0 smtp_errors=0
while [ "$EPOCHSECONDS" -lt "$end" ]; do
    run=$((run + 1))
    if ! out=$(load "soak-$run" $((C * K * 2)) 2>"$T/load-$run.err"); then
        echo "run.sh: load run $run failed: $out" >&2; head -20 "$T/load-$run.err" >&2
        smtp_errors=$(sed -n 's/.* failed=\([0-9]*\) .*/\1/p' <<<"$out"); smtp_errors=${smtp_errors:-1}; status=1; break
    fi
    sent=$((sent + $(sed -n 's/^sent=\([0-9]*\) .*/\1/p' <<<"$out")))
    echo "run $run: $out"
done
# drain: everything sent reaches the sink (bounded wait), then the last sample
delivered() { awk -F, 'NR > 1 {s += $2} END {print s + 0}' "$CSV"; }
sbx_wait '[ $(($(delivered) + $(sbx_nsink))) -ge '"$sent"' ]' 600 || status=1
kill "$spid"; wait "$spid" 2>/dev/null || true; spid=
last=$(take); total=$(($(delivered) + last))
[ -s "$T/unsigned" ] && { echo "run.sh: unsigned copies: $(cat "$T/unsigned" | tr '\n' ' ')" >&2; status=1; }
[ "$total" = "$sent" ] || { echo "run.sh: sent $sent, delivered $total" >&2; status=1; }
errors=$(grep -cE 'mp-(rx|tx)\[[0-9]+\]: .*(error|failed)' "$SBX/log/maillog" || true)

verdict=$(/usr/bin/python3 "$here/bounds.py" "$CSV") || status=1
echo
echo "soak: $DURATION s, $C concurrent SMTP sessions ($K messages each) through sendmail rx (receiving"
echo "policy) -> sendmail tx (DKIM signing) -> sink; $run load runs; samples every 10 s in $CSV"
echo "sent=$sent delivered=$total smtp_errors=$smtp_errors milter_error_lines=$errors"
echo "$verdict"
[ "$errors" = 0 ] || { grep -E 'mp-(rx|tx)\[[0-9]+\]: .*(error|failed)' "$SBX/log/maillog" | head -5 >&2; status=1; }
[ "$status" = 0 ] && echo "soak: PASS" || echo "soak: FAIL"
exit "$status"
