#!/bin/bash
# run.sh: SMTP throughput through a real sendmail 8 MTA with and without
# milterpack, in one run, one private network namespace (tests/integration/
# lib/sandbox.sh: loopback only, hosts-file resolution, /dev/log to a file).
# Three sendmail daemons, identical but for the milter line, all in
# interactive delivery mode relaying every message to one SMTP sink:
#   plain  (port 2525, MTA-plain): no milter;
#   rx     (port 2526, MTA-rx):    milterpack-milter with a receiving policy
#          (conf/rx.conf shape): access map of ~1000 entries (addresses,
#          CIDR networks, from:/to: entries, protected recipients), delay_checks,
#          protected recipients (the test recipient is a protected list, the
#          sender a member), greylisting key=client_ip /24, LMDB sync=meta; the
#          client's key is greylisted by a probe first, then whitelisted with
#          `milterpack greylist whitelist KEY`, so every message does a store
#          read+refresh+commit;
#   tx     (port 2527, MTA-tx):    milterpack-milter signing only (RSA-2048,
#          relaxed/relaxed, from `milterpack dkim keygen`).
# Load: smtp_load.py (one asyncio process): N messages of ~4 KB on C parallel
# connections, K messages per SMTP session (default 1: a full session each),
# every reply checked. The modes alternate ROUNDS times (the order rotates per
# round); the table shows medians. After each run every message must be in
# the sink (X-Bench-Id counted), for rx the milter's decision lines must be in
# the maillog (one per message), for tx every sink copy must carry a
# DKIM-Signature (the first verified with python3-dkim).
#
#   bench/smtp/run.sh [-n MESSAGES] [-c CONCURRENCY] [-r ROUNDS] [-k PER_SESSION] [-m MODE]
#                     (defaults 800, 8, 3, 1, interactive; MODE: sendmail's DeliveryMode)
# env: MP_BUILD_DIR (default build/ next to this repo), MP_WORK_BASE (parent of
#      the work dir, default MP_BUILD_DIR; must be traversable by nobody),
#      KEEP=1 keeps the work dir.
# Needs root, sendmail, sendmail-cf, m4, python3-aiosmtpd, python3-dkim.
set -euo pipefail
N=800 C=8 ROUNDS=3 K=1 MODE=interactive
while getopts n:c:r:k:m: o; do
    case $o in n) N=$OPTARG ;; c) C=$OPTARG ;; r) ROUNDS=$OPTARG ;; k) K=$OPTARG ;; m) MODE=$OPTARG ;;
        *) sed -n 's/^#   bench/usage: bench/p' "$0" >&2; exit 2 ;; esac
done
here=$(cd "$(dirname "$0")" && pwd)
MP_SOURCE_DIR=$(cd "$here/../.." && pwd)
MP_BUILD_DIR=$(cd "${MP_BUILD_DIR:-$MP_SOURCE_DIR/build}" && pwd); export MP_BUILD_DIR
CLI=$MP_BUILD_DIR/cli/milterpack LOAD=$here/smtp_load.py
for x in "$CLI" "$MP_BUILD_DIR/milters/milterpack-milter"; do [ -x "$x" ] || { echo "run.sh: no $x (build it)" >&2; exit 2; }; done
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
W=${MP_WORK_BASE:-$MP_BUILD_DIR}/bench-smtp
sbx_init "$W"
trap 'set +e; sbx_stop; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
chmod 755 "$W"
T=$W/t; mkdir -p "$T/keys" "$T/grey" "$T/runs"; chmod 755 "$T"; chown nobody "$T/grey"
SENDER=alice@example.org RCPT=list1@example.test

# the access map: ~1000 entries, none of which matches the bench traffic
# except the protected list (the milter probes every prefix length present)
{
    for i in $(seq 1 250); do printf 'cltaddr:198.51.%d.%d\terror:550 5.7.1 Host %d refused\n' $((i / 200)) $((i % 200 + 1)) "$i"; done
    for i in $(seq 1 100); do printf 'cltaddr:10.%d.0.0/16\terror:550 5.7.1 Net %d refused\n' "$i" "$i"; done
    for i in $(seq 1 50); do printf 'cltaddr:172.%d.%d.0/22\terror:550 5.7.1 Block %d refused\n' $((16 + i % 16)) $((i / 16 * 4)) "$i"; done
    for i in $(seq 1 50); do printf 'cltaddr:2001:db8:%x::/48\terror:550 5.7.1 Net6 %d refused\n' "$i" "$i"; done
    for i in $(seq 1 250); do printf 'from:@spam%d.example\terror:553 5.7.1 No spammers\n' "$i"; done
    for i in $(seq 1 100); do printf 'from:user%d@bad.example\tdiscard\n' "$i"; done
    for i in $(seq 1 150); do printf 'to:gone%d@example.test\terror:550 5.1.1 User unknown\n' "$i"; done
    for i in $(seq 1 48); do printf 'protectedrcpt:plist%d@example.test\tlist:<plist%d@example.test>\n' "$i" "$i"; done
    printf 'protectedrcpt:list1@example.test\tlist:<list1@example.test>\n'
    printf 'to:postmaster@example.test\tquick:ok\nto:abuse@example.test\tquick:ok\n'
} >"$T/access"
{
    printf 'list1: <%s> <bob@example.net> <carol@example.net>\n' "$SENDER"
    for i in $(seq 1 48); do printf 'plist%d: <member%d@example.net> <other%d@example.net>\n' "$i" "$i" "$i"; done
} >"$T/lists"
cat >"$T/rx.conf" <<CONF
milter { socket = "unix:$T/rx.sock"; user = nobody; }
log { level = info; ident = "mp-rx"; }
policy { flags = { delay_checks }; }
access_map { file = "$T/access"; }
protected_recipients { allow_by = { sender, client_ip }; match_type = generic_lookup; }
aliases { file = "$T/lists"; }
greylisting {
    grey_wait = 5m; grey_expire = 2d; white_expire = 5w;
    netmask = 0xFFFFFF00; key = client_ip; on_store_error = tempfail;
    lmdb { path = "$T/grey"; sync = meta; }
}
CONF
"$CLI" dkim keygen --domain example.org --selector bench --algorithm rsa --dir "$T/keys" >"$T/keys/bench.zone"
chown nobody "$T/keys/bench.private"
/usr/bin/python3 -c 'import re, sys; t = open(sys.argv[1]).read()
print(t.split()[0].rstrip("."), "".join(re.findall(r"\"([^\"]*)\"", t)))' "$T/keys/bench.zone" >"$T/keys.txt"
cat >"$T/tx.conf" <<CONF
milter { socket = "unix:$T/tx.sock"; user = nobody; }
log { level = info; ident = "mp-tx"; }
dkim { domain = example.org; selector = bench; key_file = "$T/keys/bench.private";
       daemons = { MTA-tx }; internal_networks = {}; canonicalization = relaxed/relaxed; }
CONF
for m in rx tx; do "$CLI" -f "$T/$m.conf" check-config >/dev/null; done
[ "$(grep -c . "$T/access")" -ge 1000 ] || { echo "run.sh: access map too small" >&2; exit 1; }

# sendmail's default LogLevel (9) instead of the sandbox's debugging 14, in all three;
# a listen queue and child limit above the client count (sendmail's Listen=
# default is 10: 50 clients would overflow it and wait out SYN retransmits)
MC_LOG="define(\`confLOG_LEVEL', \`9')dnl
define(\`confMAX_DAEMON_CHILDREN', \`500')dnl
define(\`confCONNECTION_RATE_THROTTLE', \`0')dnl"
export SBX_DAEMON_EXTRA=", Listen=1024"
milter_mc() { printf "%s\nINPUT_MAIL_FILTER(\`milterpack', \`S=unix:%s, F=T, T=C:10s;S:10s;R:10s;E:1m')dnl" "$MC_LOG" "$1"; }
sbx_sink 10026
for m in rx tx; do sbx_milter "$m" "$T/$m.conf"; sbx_wait "[ -S $T/$m.sock ]"; done
# no transaction trace (-X, which sbx_mta sets for debugging): it writes every
# SMTP line and the whole message to a file, which no production MTA does
for m in plain rx tx; do ln -sf /dev/null "$SBX/log/$m.trace"; done
sbx_mta plain 2525 10026 "$MC_LOG" "$MODE"
sbx_mta rx 2526 10026 "$(milter_mc "$T/rx.sock")" "$MODE"
sbx_mta tx 2527 10026 "$(milter_mc "$T/tx.sock")" "$MODE"
declare -A PORT=([plain]=2525 [rx]=2526 [tx]=2527)

load() {  # load MODE TAG COUNT: one smtp_load run, its summary line on stdout
    sbx_in timeout 400 /usr/bin/python3 "$LOAD" --port "${PORT[$1]}" --count "$3" --concurrency "$C" \
        --per-session "$K" --tag "$2" --sender "$SENDER" --rcpt "$RCPT" --deadline 300
}
# collect TAG COUNT: wait (bounded) until the sink holds COUNT messages, move them to runs/TAG
collect() {
    local d=$T/runs/$1
    sbx_wait "[ \$(sbx_nsink) -ge $2 ]" 2400 || { echo "run.sh: $1: only $(sbx_nsink) of $2 in the sink" >&2; exit 1; }
    mkdir -p "$d"; find "$SBX/sink" -name '*.eml' -exec mv -t "$d" {} +
    local ids; ids=$(grep -h '^X-Bench-Id: ' "$d"/*.eml | tr -d '\r' | sort -u | wc -l)
    [ "$ids" = "$2" ] && [ "$(find "$d" -name '*.eml' | wc -l)" = "$2" ] ||
        { echo "run.sh: $1: $ids distinct messages in the sink, want $2" >&2; exit 1; }
}
# SYNs dropped because sendmail's listen queue was full (each costs the client a 1 s retransmit)
overflows() { sbx_in nstat -asz TcpExtListenOverflows | awk '$1 == "TcpExtListenOverflows" {print $2}'; }
cpu() {  # cpu PID: utime+stime+cutime+cstime in clock ticks
    awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"
}

# greylisting is live: a first message is refused 451, then the client key is whitelisted
if load rx probe 1 >"$T/probe.out" 2>&1; then echo "run.sh: the probe was not greylisted" >&2; cat "$T/probe.out" >&2; exit 1; fi
sbx_expect "$T/probe.out" 'RCPT: 451 4.7.1 .*Greylisted'
KEY=$(sbx_in "$CLI" -f "$T/rx.conf" greylist list | awk -F'\t' '$2 == "greylisted" {print $1}')
[ -n "$KEY" ] || { echo "run.sh: no greylisted key after the probe" >&2; exit 1; }
sbx_in "$CLI" -f "$T/rx.conf" greylist whitelist "$KEY"
echo "greylisting: probe refused 451, key $KEY whitelisted"

# warm-up, and the checks that the milters really work
for m in plain rx tx; do load "$m" "warm-$m" 20 >/dev/null; collect "warm-$m" 20; done
/usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$T/keys.txt" \
    "$(ls "$T/runs/warm-tx/"*.eml | head -1)" >"$T/verify.out" || { cat "$T/verify.out" >&2; exit 1; }
echo "dkim: $(head -1 "$T/verify.out")"
[ -z "$(grep -l '^DKIM-Signature:' "$T/runs/warm-plain/"*.eml "$T/runs/warm-rx/"*.eml)" ] ||
    { echo "run.sh: plain or rx signed" >&2; exit 1; }

MODES=(plain rx tx)
rx_lines() { grep -cE "mp-rx\[[0-9]+\]: [0-9A-Za-z]+: .*reason=greylisting key=\"$KEY\" state=whitelisted" "$SBX/log/maillog" || true; }
for ((r = 1; r <= ROUNDS; r++)); do
    for ((i = 0; i < 3; i++)); do
        m=${MODES[$(((i + r - 1) % 3))]} tag=$m-$r
        before=$(rx_lines) ov0=$(overflows); sm0=$(cpu "$(cat "$SBX/mta-$m.pid")")
        [ "$m" = plain ] || mi0=$(cpu "$(cat "$SBX/milter-$m.pid")")
        out=$(load "$m" "$tag" "$N" 2>"$T/$tag.err") || { echo "run.sh: $tag failed: $out" >&2; cat "$T/$tag.err" >&2; exit 1; }
        t0=$(date +%s%N); collect "$tag" "$N"; drain=$((($(date +%s%N) - t0) / 1000000))
        ovf=$(($(overflows) - ov0))
        smc=$(($(cpu "$(cat "$SBX/mta-$m.pid")") - sm0)) mic=-
        [ "$m" = plain ] || mic=$(($(cpu "$(cat "$SBX/milter-$m.pid")") - mi0))
        case $m in
            rx) n=$(($(rx_lines) - before)); [ "$n" = "$N" ] ||
                    { echo "run.sh: $tag: $n milter decision lines, want $N" >&2; exit 1; } ;;
            tx) [ -z "$(grep -L '^DKIM-Signature:' "$T/runs/$tag/"*.eml)" ] ||
                    { echo "run.sh: $tag: unsigned copies in the sink" >&2; exit 1; } ;;
        esac
        rm -rf "${T:?}/runs/$tag"
        echo "$m $r $out drain_ms=$drain listen_overflows=$ovf sendmail_ticks=$smc milter_ticks=$mic" | tee -a "$T/results"
    done
done

HZ=$(getconf CLK_TCK)
field() { awk -v m="$1" -v f="$2" '$1 == m { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) { sub(/\/s$/, "", kv[2]); print kv[2] } } }' "$T/results"; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ms_per_msg() { [ "$1" = - ] && echo - || awk -v t="$1" -v hz="$HZ" -v n="$N" 'BEGIN {printf "%.2f", t * 1000 / hz / n}'; }
echo
echo "SMTP through sendmail 8 (DeliveryMode=$MODE, relay to a sink): $N messages of ~4 KB per run,"
echo "concurrency $C, $K message(s) per session, median of $ROUNDS alternating runs; CPU ms per message"
printf '%-28s %8s %7s %7s %7s %9s %9s\n' mode msg/s ratio p50_ms p99_ms cpu_sm cpu_milter
base=$(field plain rate | median)
for m in plain rx tx; do
    rate=$(field "$m" rate | median)
    label=$(case $m in plain) echo "(a) sendmail, no milter" ;; rx) echo "(b) + milterpack rx policy" ;; tx) echo "(c) + milterpack DKIM sign" ;; esac)
    printf '%-28s %8s %7s %7s %7s %9s %9s\n' "$label" "$rate" "$(awk -v x="$rate" -v y="$base" 'BEGIN {printf "%.2f", x / y}')" \
        "$(field "$m" p50_ms | median)" "$(field "$m" p99_ms | median)" \
        "$(ms_per_msg "$(field "$m" sendmail_ticks | median)")" "$(ms_per_msg "$(field "$m" milter_ticks | median)")"
done
echo "all runs:"; sed 's/^/  /' "$T/results"
