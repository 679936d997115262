#!/bin/bash
# run.sh: the auth hooks of milterpack-milter (SPF at MAIL, Received-SPF and
# Authentication-Results at end of data, forged Authentication-Results
# removed, DMARC at end of data) driven by mp-miltclient scripts, with nsd serving the test zones
# in the sandbox namespace; then SPF temperror with nsd SIGSTOPped: a
# tempfail at MAIL within the spf timeout (asserted < 10x of it). Then a
# second milter with greylisting { skip_spf_pass_from }: listed domains
# that pass SPF skip greylisting (logged with the reason), a changed list
# is reloaded with the maps, a broken one reported at file:line:column
# (check-config and the running milter, which keeps the old list).
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
HERE=$MP_SOURCE_DIR/tests/integration/auth_milter
CLIENT=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
sbx_init "$MP_BUILD_DIR/it/auth_milter"; trap sbx_stop EXIT
dns_start
chmod 755 "$SBX"
cat >"$SBX/mp.conf" <<CONF
milter { socket = "unix:$SBX/m.sock"; user = nobody; }
log { level = debug; }
dns { servers = { 127.0.0.1 }; query_timeout = 2s; }
spf { skip_networks = {}; on_softfail = reject; timeout = 3s; }
authentication_results { authserv_id = rx.sandbox.test; }
dkim_verify { timeout = 3s; }
dmarc { on_reject = reject; on_quarantine = quarantine; }
CONF
"$MP_BUILD_DIR/cli/milterpack" -f "$SBX/mp.conf" check-config >/dev/null ||
    { "$MP_BUILD_DIR/cli/milterpack" -f "$SBX/mp.conf" check-config; exit 1; }
sbx_milter rx "$SBX/mp.conf" -d
sbx_wait "grep -qs 'listening on' '$SBX/log/milter-rx.out'" || { cat "$SBX/log/milter-rx.out"; exit 1; }
run() {  # SCRIPT: one mp-miltclient run, its output on failure
    sbx_in "$CLIENT" -s "unix:$SBX/m.sock" -t 30 --script "$1" >"$SBX/out" 2>&1 ||
        { echo "FAIL: $1"; cat "$SBX/out"; tail -30 "$SBX/log/milter-rx.out"; exit 1; }
}
run "$HERE/spf.mts"
run "$HERE/dmarc.mts"
grep -q 'spf fail (mailfrom=a@exp.example.test' "$SBX/log/milter-rx.out" ||
    { echo "FAIL: no log line for the fail"; tail -30 "$SBX/log/milter-rx.out"; exit 1; }
dns_signal STOP
start=$EPOCHREALTIME
run "$HERE/spf-temperror.mts"
ms=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))
dns_signal CONT
echo "temperror session took $ms ms (spf timeout 3000 ms)"
[ "$ms" -lt 30000 ] || { echo "FAIL: $ms ms"; exit 1; }

# greylisting { skip_spf_pass_from }
L=$SBX/spf-pass-domains
printf '# SPF-passing senders that retry\na.example.test\nhelo.example.test\n' >"$L"; chmod 644 "$L"
cat >"$SBX/grey.conf" <<CONF
milter { socket = "unix:$SBX/g.sock"; user = nobody; }
log { level = debug; }
dns { servers = { 127.0.0.1 }; query_timeout = 2s; }
spf { skip_networks = {}; on_fail = continue; timeout = 3s; }
greylisting { grey_wait = 1h; skip_spf_pass_from = "file:$L"; lmdb { path = "$SBX/grey"; sync = none; } }
CONF
printf 'ok.example.test\nuser@example.test\n' >"$SBX/bad-list"
sed "s|file:$L|file:$SBX/bad-list|" "$SBX/grey.conf" >"$SBX/grey-bad.conf"
if "$MP_BUILD_DIR/cli/milterpack" -f "$SBX/grey-bad.conf" check-config >"$SBX/cc.out" 2>&1; then
    echo "FAIL: check-config accepted a broken skip_spf_pass_from file"; exit 1; fi
grep -q "$SBX/bad-list:2:5: unexpected '@': one domain per line" "$SBX/cc.out" ||
    { echo "FAIL: check-config error"; cat "$SBX/cc.out"; exit 1; }
echo "ok: check-config: $(grep -o 'bad-list:2:5: .*' "$SBX/cc.out")"
sbx_milter grey "$SBX/grey.conf" -d
sbx_wait "grep -qs 'listening on' '$SBX/log/milter-grey.out'" || { cat "$SBX/log/milter-grey.out"; exit 1; }
# grun "IP SENDER RCPT-ANSWER"...: one session per argument (SENDER - is <>), each a new
# client for greylisting; the RCPT answer must match (continue, or the
# greylisting tempfail).
grun() {
    local a ip sender want
    for a in "$@"; do
        read -r ip sender want <<<"$a"
        [ "$sender" = - ] && sender=""
        [ "$want" = grey ] && want='tempfail 451 4\.7\.1 Greylisted.*'
        printf '%s\n' "connect client.sandbox.test $ip" "helo ${HELO:-client.sandbox.test}" "mail <$sender>" \
            'expect mail continue' 'rcpt <bob@rx.sandbox.test>' "expect-re rcpt $want" 'quit'
    done >"$SBX/grey.mts"
    sbx_in "$CLIENT" -s "unix:$SBX/g.sock" -t 30 --script "$SBX/grey.mts" >"$SBX/out" 2>&1 ||
        { echo "FAIL: $*"; cat "$SBX/out"; tail -30 "$SBX/log/milter-grey.out"; exit 1; }
}
# the list holds a.example.test and helo.example.test
grun "192.0.2.3 a@a.example.test continue" \
    "192.0.2.2 a@example.test grey" \
    "192.0.2.9 a@a.example.test grey"      # SPF pass not listed; SPF fail (on_fail = continue) listed
HELO=helo.example.test grun "192.0.2.1 - grey"  # the null sender (-): a HELO pass is not a MAIL FROM pass
sbx_expect "$SBX/log/milter-grey.out" "greylisting skipped: spf pass for a\.example\.test, listed as a\.example\.test in $L" \
    "the skip logged with its reason"
printf 'a.example.test\nhelo.example.test\nexample.test\n' >"$L.new"; chmod 644 "$L.new"; mv "$L.new" "$L"
sbx_wait "grep -qs 'map reloaded: $L' '$SBX/log/milter-grey.out'" || { tail -20 "$SBX/log/milter-grey.out"; exit 1; }
reloaded=("192.0.2.2 a@example.test continue" "192.0.2.4 a@mx.example.test continue")  # greylisted before; a subdomain
grun "${reloaded[@]}"
printf 'example.test\nbad entry\n' >"$L.new"; chmod 644 "$L.new"; mv "$L.new" "$L"
sbx_wait "grep -qs '$L:2:4: unexpected' '$SBX/log/milter-grey.out'" || { tail -20 "$SBX/log/milter-grey.out"; exit 1; }
grun "${reloaded[@]}"   # the previous list still answers
echo "ok: skip_spf_pass_from (listed, parent, not listed, fail, HELO, reload, broken reload)"
echo PASS
