#!/bin/bash
# run_dns.sh: mp::dns::Resolver against a real DNS server (nsd) in the
# sandbox namespace, through the dnsq tool. Checks: record types and rdata
# decoding (TXT joined, A, AAAA, MX, CNAME followed), nodata vs nxdomain,
# the cache (a second query in the same run is served from it), queries
# started first and collected later (-p: as DKIM starts a key's query at its
# DKIM-Signature field and collects it at end of data), and the deadline:
# with nsd SIGSTOPped, and then with nsd gone, a check of twenty queries
# (query_timeout 2 s each, so 40 s if only per-query timeouts held), asked
# one after the other and started all at once then collected 500 ms later,
# ends with temperror for each within its 3 s deadline (asserted < 30 s:
# 10x the deadline for a loaded machine, still below the 40 s a missing
# deadline would take).
set -euo pipefail
DNSQ=$1
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
sbx_init "$MP_BUILD_DIR/it/auth_dns"; trap sbx_stop EXIT
dns_start
out=$SBX/out; fails=0
q() { sbx_in "$DNSQ" -s 127.0.0.1 "$@" >"$out" 2>&1 || { cat "$out"; echo "FAIL: dnsq exit"; exit 1; }; }
expect() { sbx_expect "$out" "$1" "${2:-expected}" || fails=$((fails + 1)); }

q example.test/TXT a.example.test/A mail.example.test/AAAA example.test/MX split.example.test/TXT \
  cname.example.test/A notxt.example.test/TXT nothere.example.test/TXT two.example.test/TXT example.test/TXT
cat "$out"
expect '^example.test TXT ok ttl=300 cached=0 v=spf1 ip4:192.0.2.2 ip6:2001:db8::/32 -all$'
expect '^a.example.test A ok ttl=300 cached=0 192.0.2.3$'
expect '^mail.example.test AAAA ok ttl=[0-9]+ cached=0 2001:db8::25$'
expect '^example.test MX ok ttl=[0-9]+ cached=0 10 mail.example.test$'
expect '^split.example.test TXT ok ttl=[0-9]+ cached=0 v=spf1 ip4:192.0.2.9 ip4:192.0.2.10 -all$' 'TXT strings joined'
expect '^cname.example.test A ok ttl=[0-9]+ cached=0 192.0.2.3$' 'CNAME followed'
expect '^notxt.example.test TXT nodata ' 'nodata'
expect '^nothere.example.test TXT nxdomain ' 'nxdomain'
expect '^two.example.test TXT ok .*(v=spf1 -all\|v=spf1 \+all|v=spf1 \+all\|v=spf1 -all)$' 'two records'
expect '^example.test TXT ok ttl=[0-9]+ cached=1 v=spf1' 'second query from the cache'

q -p 300 a.example.test/A example.test/MX notxt.example.test/TXT nothere.example.test/TXT two.example.test/TXT
cat "$out"
expect '^a.example.test A ok ttl=300 cached=0 192.0.2.3$' 'started, collected 300 ms later'
expect '^example.test MX ok ttl=[0-9]+ cached=0 10 mail.example.test$' 'started, collected later'
expect '^notxt.example.test TXT nodata ' 'started: nodata'
expect '^nothere.example.test TXT nxdomain ' 'started: nxdomain'
expect '^two.example.test TXT ok .*v=spf1 .*\|v=spf1 ' 'started: two records'

names=(); for i in $(seq 1 20); do names+=("stopped$i.example.test/TXT"); done
check_deadline() {  # $1 = what the server is doing; $2... more dnsq options
    local what=$1; shift
    q -q 2 -d 3000 "$@" "${names[@]}"
    cat "$out"
    local n ms; n=$(grep -c ' temperror ' "$out" || true); ms=$(awk '/^elapsed_ms/ {print $2}' "$out")
    [ "$n" = 20 ] || { echo "FAIL: $what: $n of 20 queries temperror"; fails=$((fails + 1)); }
    [ "$ms" -lt 30000 ] || { echo "FAIL: $what: the check took ${ms} ms, deadline 3000 ms"; fails=$((fails + 1)); }
    echo "$what: 20 queries $*, temperror after ${ms} ms (deadline 3000 ms)"
}
dns_signal STOP
check_deadline "nsd stopped (SIGSTOP)"
check_deadline "nsd stopped (SIGSTOP), started first" -p 500
dns_signal CONT
sbx_kill nsd
check_deadline "nsd gone"
check_deadline "nsd gone, started first" -p 500
[ "$fails" = 0 ] || { echo "FAIL: $fails checks"; exit 1; }
echo PASS
