#!/bin/bash
# run.sh: sender authentication benchmarks, one invocation, everything in one
# private network namespace (loopback only) with a real nsd serving the keys
# and SPF records (tests/integration/auth_dns/zones plus the keys made here):
#
# (a) DKIM verification through the milter protocol: milterpack-milter
#     (dkim_verify + authentication_results) against OpenDKIM in verify mode
#     (Mode v), the same messages (9 header fields, ~3.6 KB body of text, signed by
#     python3-dkim: RSA-2048 and Ed25519, relaxed/relaxed), the same keys from
#     the same nsd, the same driver (mp-miltclient load mode, one transaction
#     per connection, at each concurrency of -c: 1 and 4 by default, the
#     same daemons). DNS cache warm (a daemon that has
#     fetched the key) and cold (a daemon whose cache keeps nothing:
#     milterpack dns { max_ttl = 0; negative_ttl = 0; }, OpenDKIM's libunbound
#     cache-max-ttl: 0: every message fetches its key from nsd). That cold
#     is cold is checked: with nsd stopped the cold daemons fail the key
#     lookup, the warm ones still pass. One message through each daemon must
#     give dkim=pass before any number is taken. Rounds alternate the
#     daemons' order; the table shows medians and the ratio.
# (b) SPF checks/s with a warm cache: in process (auth_bench: the result
#     cache on, and off with the DNS cache warm) and through the milter
#     (a milter with only the spf section; result cache on and off).
# (c) Worst-case latency with nsd SIGSTOPped, nothing cached: one SPF check
#     (spf timeout 3 s; query_timeout 5 s: the check's deadline ends it;
#     query_timeout 2 s: the first query's timeout ends it, temperror) and
#     DKIM key fetches through the warm milter (query_timeout 2 s, dkim_verify
#     timeout 3 s: one key ends at 2 s; three uncached keys of one message
#     end at the 3 s deadline, not at 3 x 2 s).
#
#   bench/auth/run.sh [-n TRANSACTIONS] [-r ROUNDS] [-c "CONCURRENCY..."]   (defaults 1000, 3, "1 4")
# (b) runs at the first concurrency of -c.
# env: MP_BUILD_DIR (default build/ next to this repo). Needs root (namespaces;
# the milter drops to nobody), nsd, opendkim, python3-dkim, openssl.
set -euo pipefail
N=1000 ROUNDS=3 CS="1 4"
while getopts n:r:c: o; do
    case $o in n) N=$OPTARG ;; r) ROUNDS=$OPTARG ;; c) CS=$OPTARG ;; *) sed -n 's/^#   bench/usage: bench/p' "$0" >&2; exit 2 ;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
export MP_SOURCE_DIR=$(cd "$here/../.." && pwd)
export MP_BUILD_DIR=${MP_BUILD_DIR:-$MP_SOURCE_DIR/build}
B=$MP_BUILD_DIR
CLIENT=$B/tests/tools/miltclient/mp-miltclient MILTER=$B/milters/milterpack-milter AB=$B/bench/auth/auth_bench
for x in "$CLIENT" "$MILTER" "$AB"; do [ -x "$x" ] || { echo "run.sh: no $x (build it)" >&2; exit 2; }; done
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
sbx_init "$B/it/bench-auth"; trap sbx_stop EXIT
chmod 755 "$SBX"
K=$SBX/keys Z=$SBX/zones R=$SBX/results
mkdir -p "$K" "$Z"; : >"$R"

# keys, published in the zone (TTL 300) under selectors rsa, ed and s1..s3
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$K/rsa.key" 2>/dev/null
openssl genpkey -algorithm ED25519 -out "$K/ed.key" 2>/dev/null
rsa_p=$(openssl pkey -in "$K/rsa.key" -pubout -outform DER | base64 -w0)
ed_p=$(openssl pkey -in "$K/ed.key" -pubout -outform DER | tail -c 32 | base64 -w0)
openssl pkey -in "$K/ed.key" -outform DER | tail -c 32 | base64 -w0 >"$K/ed.seed"
txt() { echo "$1" | fold -w 200 | sed 's/.*/"&"/' | tr '\n' ' '; }
cp "$MP_SOURCE_DIR/tests/integration/auth_dns/zones/example.test.zone" "$Z/"
{
    echo "rsa._domainkey IN TXT $(txt "v=DKIM1; k=rsa; p=$rsa_p")"
    echo "ed._domainkey  IN TXT \"v=DKIM1; k=ed25519; p=$ed_p\""
    for s in s1 s2 s3; do echo "$s._domainkey IN TXT $(txt "v=DKIM1; k=rsa; p=$rsa_p")"; done
} >>"$Z/example.test.zone"
dns_start "$Z"

# the messages: the same text, signed by python3-dkim (a third party to both)
/usr/bin/python3 - "$SBX" "$K" "$MP_SOURCE_DIR/docs/authentication.md" <<'PY'
import sys, dkim
d, k = sys.argv[1], sys.argv[2]
h = ['Received: from mta-tx.example.test (mta-tx.example.test [192.0.2.2])\r\n\tby rx.bench.test with ESMTP id q1',
     'From: Alice Example <alice@example.test>', 'To: Bob <bob@rx.bench.test>, Carol <carol@rx.bench.test>',
     'Subject: Sender authentication, a subject long enough\r\n\tto be folded',
     'Date: Fri, 21 Nov 2025 10:00:00 +0000', 'Message-ID: <20251121100000.12345@example.test>',
     'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']
# the body: the first ~3.6 KB of docs/authentication.md, lines as they are
body = ''
for line in open(sys.argv[3], encoding='utf-8'):
    if len(body) >= 3600: break
    body += line.rstrip('\n') + '\r\n'
msg = ('\r\n'.join(h) + '\r\n\r\n' + body).encode()
rsa = open(k + '/rsa.key', 'rb').read()
seed = open(k + '/ed.seed', 'rb').read()
hdrs = [b'from', b'to', b'subject', b'date', b'message-id', b'mime-version', b'content-type']
def sign(m, sel, key, **kw):
    return dkim.sign(m, sel, b'example.test', key, include_headers=hdrs, canonicalize=(b'relaxed', b'relaxed'), **kw) + m
open(d + '/msg-rsa.eml', 'wb').write(sign(msg, b'rsa', rsa))
open(d + '/msg-ed.eml', 'wb').write(sign(msg, b'ed', seed, signature_algorithm=b'ed25519-sha256'))
m3 = msg
for s in (b's1', b's2', b's3'):
    m3 = sign(m3, s, rsa)
open(d + '/msg-3keys.eml', 'wb').write(m3)
open(d + '/msg-1key.eml', 'wb').write(sign(msg, b's1', rsa))
PY

# the daemons: NAME = {mp,od}-{warm,cold}, each on $SBX/NAME.sock
ub_conf() {  # FILE MAX_TTL: OpenDKIM's libunbound, forwarding to nsd only
    printf 'server:\n    do-not-query-localhost: no\n    local-zone: "test." transparent\n' >"$1"
    [ -n "$2" ] && printf '    cache-max-ttl: %s\n    cache-max-negative-ttl: %s\n' "$2" "$2" >>"$1"
    printf 'forward-zone:\n    name: "."\n    forward-addr: 127.0.0.1\n' >>"$1"
}
for t in warm cold; do
    ub_conf "$SBX/unbound-$t.conf" "$([ $t = cold ] && echo 0 || true)"
    printf 'Mode v\nSocket local:%s\nResolverConfiguration %s\nMinimumKeyBits 1024\nAuthservID rx.bench.test\nSyslog no\nUMask 000\n' \
        "$SBX/od-$t.sock" "$SBX/unbound-$t.conf" >"$SBX/od-$t.conf"
    sbx_bg "od-$t" opendkim -f -x "$SBX/od-$t.conf"
    cache=""; [ $t = cold ] && cache="max_ttl = 0; negative_ttl = 0;"
    cat >"$SBX/mp-$t.conf" <<CONF
milter { socket = "unix:$SBX/mp-$t.sock"; user = nobody; socket_mode = 0666; }
log { level = warning; }
dns { servers = { 127.0.0.1 }; query_timeout = 2s; $cache }
dkim_verify { timeout = 3s; }
authentication_results { authserv_id = rx.bench.test; }
CONF
    sbx_milter "$t" "$SBX/mp-$t.conf" -d
done
for n in od-warm od-cold mp-warm mp-cold; do
    sbx_wait "[ -S '$SBX/$n.sock' ]" || { tail -n 20 "$SBX/log/"*.out; exit 1; }
done

# one MESSAGE through DAEMON: prints its dkim= results (from its A-R header)
one() {
    printf '%s\n' 'connect mta-tx.example.test 192.0.2.2' 'helo mta-tx.example.test' 'mail <alice@example.test>' \
        'rcpt <bob@rx.bench.test>' "message-file $SBX/$2" 'eom' 'quit' >"$SBX/one.mts"
    sbx_in "$CLIENT" -s "unix:$SBX/$1.sock" -t 30 --script "$SBX/one.mts" >"$SBX/one.out" 2>&1 || true
    grep -o 'dkim=[a-z]*' "$SBX/one.out" | tr '\n' ' ' || true
}
for m in msg-rsa.eml msg-ed.eml; do for d in od-warm od-cold mp-warm mp-cold; do
    got=$(one "$d" "$m")
    [ "$got" = "dkim=pass " ] || { echo "run.sh: $d gave '$got' for $m:" >&2; cat "$SBX/one.out" >&2; exit 1; }
done; done
echo "every daemon verifies both messages (dkim=pass)"
# the action each daemon answers a message with, for the load runs' --expect-action:
# its Authentication-Results header up to "dkim=pass" (a load run counts verified messages only)
action() { sed -n 's/^eom: \(insheader 0 Authentication-Results:[^=]*dkim=pass\).*/\1/p' "$SBX/one.out" | head -1; }
one od-warm msg-rsa.eml >/dev/null; OD_ACT=$(action); OD_REPLY=$(sed -n 's/^eom: \(accept\|continue\)$/\1/p' "$SBX/one.out" | head -1)
one mp-warm msg-rsa.eml >/dev/null; MP_ACT=$(action); MP_REPLY=$(sed -n 's/^eom: \(accept\|continue\)$/\1/p' "$SBX/one.out" | head -1)
[ -n "$OD_ACT" ] && [ -n "$MP_ACT" ] && [ -n "$OD_REPLY" ] && [ -n "$MP_REPLY" ] ||
    { echo "run.sh: cannot tell the daemons' answers:"; cat "$SBX/one.out"; exit 1; }

# cold is cold: with nsd stopped, the cold daemons cannot verify, the warm ones can
dns_signal STOP
for d in od-warm od-cold mp-warm mp-cold; do
    got=$(one "$d" msg-rsa.eml)
    case "$d:$got" in
    *-warm:"dkim=pass ") ;;
    *-cold:"dkim=pass ") echo "run.sh: $d verified with nsd stopped: its cache is not off" >&2; exit 1 ;;
    *-cold:*) ;;
    *) echo "run.sh: $d gave '$got' with nsd stopped" >&2; exit 1 ;;
    esac
done
dns_signal CONT
echo "with nsd stopped the warm daemons still verify, the cold ones cannot: cold fetches every key"

# load DAEMON MESSAGE: one load run; prints the rate (msg/s); fails (status 1) when a reply is wrong
load() {
    local reply=$MP_REPLY act=$MP_ACT out
    [ "${1%%-*}" = od ] && reply=$OD_REPLY act=$OD_ACT
    out=$(sbx_in "$CLIENT" -s "unix:$SBX/$1.sock" -t 30 --load "$N" --concurrency "$C" --per-connection 1 \
        --message-file "$SBX/$2" --client-addr 192.0.2.2 --helo mta-tx.example.test --mail '<alice@example.test>' \
        --rcpt '<bob@rx.bench.test>' --expect "$reply" --expect-action "$act" 2>&1) ||
        { echo "run.sh: load $1 $2 failed at concurrency $C: $out" >&2; return 1; }
    echo "$1 $2 $out" >>"$SBX/load.log"
    sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$out"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# Concurrency > 1: Debian's OpenDKIM 2.11 reads its ResolverConfiguration
# file again for every message (libvbr's own libunbound context,
# vbr_dns_config -> ub_ctx_config, on the libmilter worker thread), and
# libunbound's configuration parser is not thread-safe: two messages at once
# give "...: error: syntax error" or "fatal flex scanner internal error",
# and from then on it answers tempfail. Without that file its libunbound
# refuses to query a loopback server (do-not-query-localhost), and this
# namespace has nothing else. So a failed OpenDKIM run at concurrency > 1 is
# recorded (with its log) and that daemon is not asked again; milterpack's
# runs go on. Concurrencies run in the order given (1 first: its OpenDKIM
# figures come before any concurrent run can break it).
broken=" "
for C in $CS; do for r in $(seq "$ROUNDS"); do
    order="od mp"; [ $((r % 2)) = 0 ] && order="mp od"
    for m in msg-rsa.eml msg-ed.eml; do for t in warm cold; do for d in $order; do
        [[ $broken = *" $d-$t "* ]] && continue
        if rate=$(load "$d-$t" "$m"); then echo "dkim $m $t $d $rate $r $C" >>"$R"
        elif [ "$d" = od ] && [ "$C" -gt 1 ]; then
            broken+="$d-$t "
            echo "OpenDKIM ($d-$t) failed at concurrency $C, $m; its log:" >>"$SBX/od-failures"
            grep -E 'error|fatal' "$SBX/log/$d-$t.out" | sort | uniq -c | sort -rn | head -5 >>"$SBX/od-failures" || true
        else exit 1
        fi
    done; done; done
done; done
echo
echo "(a) DKIM verification through the milter protocol: $N messages per run, concurrency $CS,"
echo "    one transaction per connection, median of $ROUNDS alternating rounds"
echo "    (ratio: of the medians; paired: the median of each round's milterpack/OpenDKIM)"
echo "    (vs od c=${CS%% *}: milterpack at this concurrency / OpenDKIM at concurrency ${CS%% *})"
printf '    %-16s %-5s %5s %14s %14s %7s %7s %12s\n' algorithm dns conc "OpenDKIM msg/s" "milterpack" ratio paired "vs od c=${CS%% *}"
for C in $CS; do for m in msg-rsa.eml msg-ed.eml; do for t in warm cold; do
    od=$(awk -v m=$m -v t=$t -v c=$C '$2 == m && $3 == t && $4 == "od" && $7 == c {print $5}' "$R" | median)
    mp=$(awk -v m=$m -v t=$t -v c=$C '$2 == m && $3 == t && $4 == "mp" && $7 == c {print $5}' "$R" | median)
    paired=$(awk -v m=$m -v t=$t -v c=$C '$1 == "dkim" && $2 == m && $3 == t && $7 == c {v[$6 " " $4] = $5; r[$6] = 1}
        END {for (i in r) if (v[i " od"]) printf "%.2f\n", v[i " mp"] / v[i " od"]}' "$R" | median)
    [ -n "$od" ] || od=failed paired=-
    od1=$(awk -v m=$m -v t=$t -v c=${CS%% *} '$2 == m && $3 == t && $4 == "od" && $7 == c {print $5}' "$R" | median)
    printf '    %-16s %-5s %5s %14s %14s %7s %7s %12s\n' "$([ $m = msg-rsa.eml ] && echo rsa-sha256-2048 || echo ed25519-sha256)" \
        "$t" "$C" "$od" "$mp" "$([ "$od" = failed ] && echo - || awk -v x="$mp" -v y="$od" 'BEGIN {printf "%.2f", x / y}')" \
        "$paired" "$(awk -v x="$mp" -v y="$od1" 'BEGIN {printf "%.2f", x / y}')"
done; done; done
[ ! -s "$SBX/od-failures" ] || { echo "    OpenDKIM failures at concurrency > 1:"; sed 's/^/      /' "$SBX/od-failures"; }
C=${CS%% *}

# (b) SPF checks/s, warm
cat >"$SBX/spf-on.conf" <<CONF
milter { socket = "unix:$SBX/spf-on.sock"; user = nobody; socket_mode = 0666; }
log { level = warning; }
dns { servers = { 127.0.0.1 }; }
spf { skip_networks = {}; }
CONF
sed -e 's/spf-on.sock/spf-off.sock/' -e 's/spf { skip_networks = {}; }/spf { skip_networks = {}; cache_size = 0; }/' \
    "$SBX/spf-on.conf" >"$SBX/spf-off.conf"
for t in on off; do sbx_milter "spf-$t" "$SBX/spf-$t.conf" -d; done
for t in on off; do sbx_wait "[ -S '$SBX/spf-$t.sock' ]" || { cat "$SBX/log/milter-spf-$t.out"; exit 1; }; done
spf_load() {  # DAEMON: transactions/s, each with an SPF check at MAIL (inc.example.test: include:, pass)
    local out
    out=$(sbx_in "$CLIENT" -s "unix:$SBX/$1.sock" -t 30 --load "$N" --concurrency "$C" --per-connection 1 \
        --message-file "$SBX/msg-rsa.eml" --client-addr 192.0.2.2 --helo mta-tx.example.test \
        --mail '<a@inc.example.test>' --rcpt '<bob@rx.bench.test>' 2>&1) ||
        { echo "run.sh: spf load $1 failed: $out" >&2; exit 1; }
    echo "$1 $out" >>"$SBX/load.log"
    sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p' <<<"$out"
}
spf_load spf-on >/dev/null; spf_load spf-off >/dev/null   # warm the DNS caches
for r in $(seq "$ROUNDS"); do
    for t in on off; do
        echo "spf-inproc $t $(sbx_in "$AB" rate 127.0.0.1 $((N * 20)) "$([ $t = on ] && echo 10000 || echo 0)" \
            192.0.2.2 a@inc.example.test | tee -a "$SBX/load.log" | sed -n 's/.* rate=\([0-9.]*\)\/s.*/\1/p')" >>"$R"
        rate=$(spf_load "spf-$t") || exit 1
        echo "spf-milter $t $rate" >>"$R"
    done
done
echo
echo "(b) SPF checks/s, DNS cache warm (a@inc.example.test from 192.0.2.2: include:, pass), median of $ROUNDS:"
for w in spf-inproc spf-milter; do
    on=$(awk -v w=$w '$1 == w && $2 == "on" {print $3}' "$R" | median)
    off=$(awk -v w=$w '$1 == w && $2 == "off" {print $3}' "$R" | median)
    printf '    %-30s result cache on %10s/s   off (DNS cache only) %10s/s   ratio %s\n' \
        "$([ $w = spf-inproc ] && echo "in process ($((N * 20)) checks)" || echo "through the milter ($N transactions)")" \
        "$on" "$off" "$(awk -v x="$on" -v y="$off" 'BEGIN {printf "%.2f", x / y}')"
done

# (c) worst case with nsd stopped
dns_signal STOP
spf_deadline=$(sbx_in "$AB" once 127.0.0.1 3 5 192.0.2.2 a@inc.example.test)
spf_query=$(sbx_in "$AB" once 127.0.0.1 3 2 192.0.2.2 a@inc.example.test)
timed() {  # DAEMON MESSAGE: ms from connect to the end-of-message answer, and the dkim results
    local s=$EPOCHREALTIME got
    got=$(one "$1" "$2")
    echo "$(( (${EPOCHREALTIME/./} - ${s/./}) / 1000 )) ms: $got"
}
# mp-warm has fetched the keys rsa and ed only: s1..s3 are not in its cache
one_key=$(timed mp-warm msg-1key.eml)
three_keys=$(timed mp-warm msg-3keys.eml)
dns_signal CONT
echo
echo "(c) worst case with nsd SIGSTOPped, nothing cached:"
echo "    SPF, spf timeout 3 s, query_timeout 5 s (the deadline ends it):   $spf_deadline"
echo "    SPF, spf timeout 3 s, query_timeout 2 s (the first query ends it): $spf_query"
echo "    DKIM through the milter, dkim_verify timeout 3 s, query_timeout 2 s:"
echo "      one uncached key (its query's timeout):                 $one_key"
echo "      three uncached keys of one message (3 x 2 s without the deadline): $three_keys"
echo
echo "all runs:"; sed 's/^/    /' "$R"
