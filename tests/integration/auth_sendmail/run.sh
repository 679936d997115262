#!/bin/bash
# run.sh: DMARC through real sendmail 8 in the sandbox namespace, nsd serving
# the test zones. One sendmail (MTA-RX, 127.0.0.1:2525) with milterpack-milter
# (spf, dkim_verify, dmarc, authentication_results) relays to a sink.
#  - mail forged in the name of a p=reject domain (no aligned SPF: loopback
#    clients are not SPF-checked; no DKIM signature) is refused at end of
#    data with the dmarc reply, and nothing reaches the sink;
#  - the same from a p=none domain is delivered, with one
#    Authentication-Results header saying dmarc=fail (p=none dis=none), and
#    the forged Authentication-Results the client sent under our
#    authserv-id is gone while another host's stays.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
sbx_init "$MP_BUILD_DIR/it/auth_sendmail"; trap sbx_stop EXIT
chmod 755 "$SBX"
dns_start
cat >"$SBX/mp.conf" <<CONF
milter { socket = "unix:$SBX/mp.sock"; user = nobody; }
log { level = info; }
dns { servers = { 127.0.0.1 }; }
spf { }
dkim_verify { }
dmarc { }
authentication_results { authserv_id = rx.sandbox.test; }
CONF
"$MP_BUILD_DIR/cli/milterpack" -f "$SBX/mp.conf" check-config >/dev/null
sbx_sink 10026
sbx_milter rx "$SBX/mp.conf"
sbx_milter_ready rx
sbx_mta rx 2525 10026 "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$SBX/mp.sock, F=T, T=C:10s;S:10s;R:10s;E:1m')dnl"
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

sbx_swaks 2525 --from a@example.test --to bob@rx.sandbox.test --header "From: CEO <ceo@pay.example.test>" \
    --header "Subject: forged-pay" >"$SBX/forged.txt" || true
sbx_expect "$SBX/forged.txt" '^<\*\* 550 5\.7\.1 Rejected by the DMARC policy of pay\.example\.test' \
    "DMARC reject at end of data" || bad "forged mail not refused"
sbx_not_accepted "$SBX/forged.txt" forged-pay || bad "forged mail accepted"

sbx_swaks 2525 --from a@example.test --to bob@rx.sandbox.test --header "From: <news@news.example.test>" \
    --header "Subject: news-none" --add-header "Authentication-Results: rx.sandbox.test; dmarc=pass" \
    --add-header "Authentication-Results: other.example; spf=pass" >"$SBX/news.txt" || true
sbx_expect "$SBX/news.txt" '^<-  250 2\.0\.0 .*Message accepted' "p=none delivered" || bad "p=none not accepted"
if sbx_wait "grep -lq 'Subject: news-none' $SBX/sink/*.eml 2>/dev/null" 120; then
    f=$(grep -l 'Subject: news-none' "$SBX"/sink/*.eml)
    tr -d '\r' <"$f" | awk '/^$/ {exit} {print}' >"$SBX/news.hdr"
    n=$(grep -c '^Authentication-Results: rx.sandbox.test' "$SBX/news.hdr" || true)
    [ "$n" = 1 ] || bad "$n Authentication-Results headers with our id: $(cat "$SBX/news.hdr")"
    grep -A4 '^Authentication-Results: rx.sandbox.test' "$SBX/news.hdr" | grep -q 'dmarc=fail (p=none dis=none) header.from=news.example.test' ||
        bad "no dmarc=fail (p=none) in $(cat "$SBX/news.hdr")"
    grep -q '^Authentication-Results: other.example; spf=pass' "$SBX/news.hdr" || bad "another host's A-R removed"
    ! grep -q 'rx.sandbox.test; dmarc=pass' "$SBX/news.hdr" || bad "the forged A-R is still there"
else
    bad "p=none message not delivered"
fi
[ "$fails" = 0 ] || { echo "FAIL: $fails checks"; tail -20 "$SBX/log/milter-rx.out"; exit 1; }
echo PASS
