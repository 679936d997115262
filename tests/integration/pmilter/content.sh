#!/bin/bash
# content.sh: milterpack-pmilter's end-of-data work through mp-pmdriver with
# real peers: clamd (started by tests/tools/peers.sh) finds EICAR -> 550 at
# end of data with the virus name; clean mail goes on with the scanner's
# status headers (sm_pmfi_hdr_mod APPEND) and a DKIM-Signature (INSERT at 0)
# that python3-dkim and `opendkim -t` verify on the message rebuilt from the
# edits, and that both reject after a one-byte change; on_infected =
# quarantine (unavailable in the API) -> 451, logged; clamd stopped -> 451.
. "$MP_SOURCE_DIR/tests/integration/pmilter/lib.sh"
pm_init content
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
P=$T/peers; mkdir -p "$P"; chmod 755 "$P"
stop_all() { "$PEERS" stop "$P" >/dev/null 2>&1 || true; pm_stop_all; }
trap stop_all EXIT
"$PEERS" start-clamd "$P" >/dev/null

mkdir -p "$T/keys"
"$MP_BUILD_DIR/cli/milterpack" dkim keygen --domain example.org --selector pm2026 --algorithm rsa --dir "$T/keys" \
    >"$T/keys/pm2026.zone"
[ -n "$PM_USER" ] && chown nobody "$T/keys/pm2026.private"
/usr/bin/python3 -c '
import re, sys
text = open(sys.argv[1]).read()
print(text.split()[0].rstrip("."), "".join(re.findall(r"\"([^\"]*)\"", text)))' "$T/keys/pm2026.zone" >"$T/keys.txt"
printf 'org example.org:pm2026:%s\n' "$T/keys/pm2026.private" >"$T/KeyTable"
printf '*@example.org org\n' >"$T/SigningTable"
cat >"$T/c.conf" <<CONF
pmilter { socket = "unix:$T/c.sock"; $PM_USER }
log { level = debug; }
scanner clam {
    type = clamd; socket = "unix:$P/clamd/clamd.sock";
    timeout = 3s; max_size = 2MB; on_oversize = reject; add_headers = yes;
}
dkim {
    key_table = "file:$T/KeyTable";
    signing_table = "refile:$T/SigningTable";
    internal_networks = { 192.0.2.0/24 };
}
CONF
pm_start c "$T/c.conf"

# 1. clean mail: status header appended, signature inserted at the top
pm_drive c clean
check "status header through hdr_mod APPEND" grep -q '^clean eom: header APPEND 0 X-Virus-Status: Clean' "$T/clean.out"
check "DKIM-Signature through hdr_mod INSERT at 0" grep -q '^clean eom: header INSERT 0 DKIM-Signature: v=1;' "$T/clean.out"
/usr/bin/python3 "$SRC/apply_edits.py" "$T/clean.out" clean "$T/signme.eml" "$T/signed.eml" ||
    not_ok "rebuild the signed message"
# tampered copy: one byte of the body changed
sed 's/Hello Bob/Hello Rob/' "$T/signed.eml" >"$T/tampered.eml"
py() { /usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$T/keys.txt" "$1" >>"$T/py.out" 2>&1; }
check "python3-dkim verifies the signature" py "$T/signed.eml"
check "python3-dkim rejects a changed body" eval '! py "$T/tampered.eml"'
printf 'Mode v\nTestPublicKeys %s\nMinimumKeyBits 1024\nSyslog no\n' "$T/keys.txt" >"$T/opendkim.conf"
od_pass() {  # opendkim -t (exits 0 whatever it finds), without a network: the count of dkim=pass
    local run=(opendkim -x "$T/opendkim.conf" -vvv -t "$1")
    [ "$(id -u)" = 0 ] && run=(unshare -n "${run[@]}")
    "${run[@]}" >"$1.opendkim" 2>&1
    grep -c 'dkim=pass' "$1.opendkim"
}
check "opendkim -t verifies the signature" [ "$(od_pass "$T/signed.eml")" -eq 1 ]
check "opendkim -t rejects a changed body" [ "$(od_pass "$T/tampered.eml")" -eq 0 ]

# 2. EICAR: 550 at end of data with the virus name, nothing signed
pm_drive c eicar
check "no edits for a rejected message" eval '! grep -q "eicar eom: header" "$T/eicar.out"'
check "the virus decision logged with the transaction id" grep -q 'T-eicar: eom: .*action=reject' "$T/c.log"

# 3. on_infected = quarantine (after SIGUSR1): the API has no quarantine, so
#    the message is held at the sender with a 451, and the decision is logged
sed -i 's/add_headers = yes;/add_headers = yes; on_infected = quarantine;/' "$T/c.conf"
kill -USR1 "$(cat "$T/c.pid")"
check "reload with on_infected = quarantine" pm_wait_log c 'reloaded' 1
pm_drive c quarantine
check "quarantine unavailable: tempfail logged" grep -q 'T-q: quarantine is not available through libpmilter: tempfail instead' "$T/c.log"
check "quarantine: no edits" eval '! grep -q "quarantine eom: header" "$T/quarantine.out"'

# 4. clamd stopped: 451 at end of data
"$PEERS" stop-clamd "$P" >/dev/null
pm_drive c down
pm_done
