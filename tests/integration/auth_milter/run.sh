#!/bin/bash
# run.sh: the auth hooks of milterpack-milter (SPF at MAIL, Received-SPF and
# Authentication-Results at end of data, forged Authentication-Results
# removed, DMARC at end of data) driven by mp-miltclient scripts, with nsd serving the test zones
# in the sandbox namespace; then SPF temperror with nsd SIGSTOPped: a
# tempfail at MAIL within the spf timeout (asserted < 10x of it).
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
echo PASS
