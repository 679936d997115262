#!/bin/bash
# sendmail.sh: SMTP AUTH made real. One sendmail 8 (MTA-auth, 127.0.0.1:2525,
# Debian's sendmail-bin is built with Cyrus SASL) in the sandbox namespace
# offers AUTH CRAM-MD5 PLAIN LOGIN over plain text; the passwords are in a
# sasldb made here with saslpasswd2 -f, and /etc/sasl2/Sendmail.conf points
# at it. The host's /etc is untouched: the namespace gets a writable layer
# over /etc (SBX_OVERLAYS) and our sasl2 directory bound on /etc/sasl2
# (SBX_BINDS). One milterpack-milter with greylisting (LMDB) and DKIM
# signing for authenticated sessions only (no daemons, no internal networks).
# Checked on swaks transcripts, the sink's copies, the milter's log lines
# and `milterpack greylist list`:
#  - a wrong password gets sendmail's 535 and the session never reaches MAIL
#    (so AUTH is real, not a macro we set);
#  - CRAM-MD5 and PLAIN sessions are delivered at once, not greylisted, leave
#    no greylisting entry, and are signed; the signatures verify with
#    python3-dkim; the milter saw {auth_authen};
#  - the same client unauthenticated gets 451 4.7.1 and an entry;
#  - an unauthenticated message that passes (to: postmaster, access map ok)
#    is not signed, and the log says why.
# Needs sasl2-bin (saslpasswd2) and libsasl2-modules(-db) besides sandbox.sh's list.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
CLI=$MP_BUILD_DIR/cli/milterpack
PYV=$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py
REALM=sandbox.test

# The SASL directory lives beside the sandbox (sbx_init empties $SBX, and the
# bind source must exist before the namespace comes up). sendmail checks it
# like its own files (safesaslfile): root-owned, 0755, the sasldb 0600.
SASL=$MP_BUILD_DIR/it/auth-sasl2
rm -rf "$SASL"; mkdir -p "$SASL"; chmod 755 "$SASL"
command -v saslpasswd2 >/dev/null || { echo "FAIL: saslpasswd2 missing (apt-get install sasl2-bin)"; exit 1; }
echo 'wonderland' | saslpasswd2 -p -c -f "$SASL/sasldb2" -u "$REALM" alice
echo 'looking-glass' | saslpasswd2 -p -c -f "$SASL/sasldb2" -u "$REALM" carol
chmod 600 "$SASL/sasldb2"
sasldblistusers2 -f "$SASL/sasldb2" | grep -q "^alice@$REALM: userPassword" ||
    { echo "FAIL: sasldb has no alice: $(sasldblistusers2 -f "$SASL/sasldb2")"; exit 1; }
# Cyrus SASL reads /etc/sasl2/<application>.conf; sendmail's application name is Sendmail.
cat >"$SASL/Sendmail.conf" <<CONF
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: /etc/sasl2/sasldb2
mech_list: CRAM-MD5 PLAIN LOGIN
CONF
chmod 644 "$SASL/Sendmail.conf"

export SBX_OVERLAYS=/etc SBX_BINDS="$SASL:/etc/sasl2"
sbx_init "$MP_BUILD_DIR/it/auth-sendmail"
trap 'set +e; sbx_stop' EXIT
chmod 755 "$SBX"
T=$SBX/t; mkdir -p "$T/gl" "$T/keys" "$T/out"; chmod 755 "$T"; chown nobody "$T/gl"
! findmnt -n /etc/sasl2 >/dev/null || { echo "FAIL: /etc/sasl2 is mounted on the host"; exit 1; }
sbx_in cat /etc/sasl2/Sendmail.conf | grep -q '^sasldb_path: /etc/sasl2/sasldb2$' ||
    { echo "FAIL: /etc/sasl2 not bound in the namespace"; exit 1; }

fails=0 checks=0
ok() { checks=$((checks + 1)); }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $*"; }

"$CLI" dkim keygen --domain example.org --selector auth2026 --algorithm rsa --dir "$T/keys" >"$T/keys/zone"
/usr/bin/python3 -c '
import re, sys
text = open(sys.argv[1]).read()
print(text.split()[0].rstrip("."), "".join(re.findall(r"\"([^\"]*)\"", text)))' "$T/keys/zone" >"$T/keys.txt"
chown nobody "$T/keys/auth2026.private"
printf 'to:postmaster@example.test  ok\n' >"$T/access"
cat >"$T/mp.conf" <<CONF
milter { socket = "unix:$T/mp.sock"; user = nobody; }
log { level = debug; ident = "mp-auth"; }
access_map { file = "$T/access"; }
greylisting { grey_wait = 1h; lmdb { path = "$T/gl"; } }
dkim {
    domain = example.org; selector = auth2026; key_file = "$T/keys/auth2026.private";
    daemons = {}; internal_networks = {}; sign_authenticated = yes;
}
CONF
"$CLI" -f "$T/mp.conf" check-config >/dev/null

sbx_sink 10026
sbx_milter auth "$T/mp.conf"
sbx_milter_ready auth
sbx_mta auth 2525 10026 "define(\`confAUTH_MECHANISMS', \`CRAM-MD5 PLAIN LOGIN')dnl
TRUST_AUTH_MECH(\`CRAM-MD5 PLAIN LOGIN')dnl
define(\`confAUTH_REALM', \`$REALM')dnl
INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$T/mp.sock, F=T, T=C:10s;S:10s;R:10s;E:1m')dnl"

n_sent=0
# send CLIENT [swaks args]: one message from 127.0.0.CLIENT with a unique
# Subject; transcript $T/$SUBJ.txt; the sink's copy (if any) $T/out/$SUBJ.eml.
send() {
    local cl=$1; shift
    n_sent=$((n_sent + 1)); SUBJ="m$n_sent-c$cl"
    sbx_swaks 2525 --local-interface "127.0.0.$cl" --header "Subject: $SUBJ" \
        --from alice@example.org --to "${TO:-bob@example.test}" "$@" >"$T/$SUBJ.txt" || true
}
qid() { sed -nE 's/^<-  250 2\.0\.0 ([0-9A-Za-z]{14}) Message accepted.*/\1/p' "$T/$SUBJ.txt"; }
delivered() {
    local f
    sbx_wait "grep -lq 'Subject: $SUBJ' $SBX/sink/*.eml 2>/dev/null" 150 || { bad "$SUBJ not delivered: $(cat "$T/$SUBJ.txt")"; return 0; }
    f=$(grep -l "Subject: $SUBJ" "$SBX"/sink/*.eml); mv "$f" "$T/out/$SUBJ.eml"; ok
}
not_delivered() { sbx_not_accepted "$T/$SUBJ.txt" "$SUBJ" && ok || bad "$SUBJ accepted or in the sink"; }
expect() { sbx_expect "$T/$SUBJ.txt" "$1" "$2 ($SUBJ)" && ok || bad "$2 ($SUBJ)"; }
expect_not() { sbx_expect_not "$T/$SUBJ.txt" "$1" "$2 ($SUBJ)" && ok || bad "$2 ($SUBJ)"; }
# milter_log QID: the milter's lines for that queue id
milter_log() { grep -E "mp-auth\\[[0-9]+\\]: $1: " "$SBX/log/maillog" || true; }
sigs() { grep -c '^DKIM-Signature:' "$T/out/$1.eml" 2>/dev/null || true; }
gl_list() { sbx_in "$CLI" -f "$T/mp.conf" greylist list; }
TAB=$'\t'

# 1. AUTH is offered, and a wrong password is refused by sendmail itself
send 2 --auth CRAM-MD5 --auth-user alice --auth-password 'not-the-password'
expect '^<-  250-AUTH( [A-Z0-9-]+)*' "EHLO offers AUTH"
for m in CRAM-MD5 PLAIN LOGIN; do expect "^<-  250-AUTH .*\\b$m\\b" "AUTH offers $m"; done
expect '^<\*\* 535 5\.7\.0 authentication failed' "wrong password refused (535)"
expect_not '^ -> MAIL FROM' "MAIL after a failed AUTH"
not_delivered
send 2 --auth PLAIN --auth-user nobody-here --auth-password wonderland
expect '^<\*\* 535 5\.7\.0 authentication failed' "unknown user refused (535)"

# 2. authenticated (CRAM-MD5, PLAIN): delivered at once, no greylisting, signed
for m in CRAM-MD5 PLAIN; do
    send 2 --auth "$m" --auth-user alice --auth-password wonderland
    expect '^<-  235 2\.0\.0 OK Authenticated' "AUTH $m accepted"
    sbx_logged "$SBX/log/maillog" "sm-auth\[[0-9]+\]: AUTH=server, relay=client2\.sandbox\.test \[127\.0\.0\.2\], authid=alice, mech=$m," && ok || bad "sendmail did not log AUTH=server for $m"
    expect '^<-  250 2\.0\.0 [0-9A-Za-z]{14} Message accepted' "accepted at once"
    delivered
    q=$(qid)
    [ -n "$q" ] && ok || bad "no queue id in $SUBJ"
    sbx_logged "$SBX/log/maillog" "mp-auth\[[0-9]+\]: $q: .*dkim: session signs" || true
    milter_log "$q" >"$T/$SUBJ.log"
    grep -q "dkim: session signs: authenticated as alice" "$T/$SUBJ.log" && ok ||
        bad "$SUBJ: no 'signs: authenticated as alice' line: $(cat "$T/$SUBJ.log")"
    ! grep -q 'greylisting' "$T/$SUBJ.log" && ok || bad "$SUBJ: a greylisting decision: $(cat "$T/$SUBJ.log")"
    [ "$(sigs "$SUBJ")" -eq 1 ] && ok || bad "$SUBJ: $(sigs "$SUBJ") DKIM signatures, want 1"
    signed_ok+=("$T/out/$SUBJ.eml")
done
gl_list >"$T/list1.txt"
[ ! -s "$T/list1.txt" ] && ok || bad "authenticated sessions left greylisting entries: $(cat "$T/list1.txt")"
# carol authenticates on another client: signed too, {auth_authen} is hers
send 3 --auth LOGIN --auth-user carol --auth-password looking-glass
expect '^<-  235 2\.0\.0 OK Authenticated' "AUTH LOGIN accepted"
delivered
sbx_logged "$SBX/log/maillog" "$(qid): .*dkim: session signs: authenticated as carol" && ok || bad "no 'authenticated as carol'"
signed_ok+=("$T/out/$SUBJ.eml")

# 3. the same client unauthenticated: greylisted, and now it has an entry
send 2
expect '^<\*\* +451 4\.7\.1 (<[^>]*>\.\.\. )?Greylisted, please try again in [0-9]+ seconds$' "unauthenticated greylisted"
not_delivered
grep -q 'mp-auth\[[0-9]*\]: [0-9A-Za-z]\{14\}: rcpt: .* action=tempfail .* reason=greylisting key="127.0.0.2" state=new' \
    "$SBX/log/maillog" && ok || bad "no greylisting decision logged for the unauthenticated session"
gl_list >"$T/list2.txt"
grep -q "^127\\.0\\.0\\.2${TAB}greylisted${TAB}.* count=1 " "$T/list2.txt" && ok || bad "no fresh entry for 127.0.0.2: $(cat "$T/list2.txt")"
[ "$(wc -l <"$T/list2.txt")" -eq 1 ] && ok || bad "store holds more than the unauthenticated client: $(cat "$T/list2.txt")"

# 4. unauthenticated and let through (to: postmaster ok): not signed, and why
TO=postmaster@example.test send 2
expect '^<-  250 2\.0\.0 [0-9A-Za-z]{14} Message accepted' "postmaster accepted"
delivered
[ "$(sigs "$SUBJ")" -eq 0 ] && ok || bad "$SUBJ: an unauthenticated message was signed"
sbx_logged "$SBX/log/maillog" "$(qid): .*dkim: not signing: daemon 'MTA-auth' not listed, client 127\.0\.0\.2 not internal, not authenticated" && ok || bad "no 'not signing' reason: $(milter_log "$(qid)")"

# 5. the signatures verify (python3-dkim, keys from keygen's record); a changed body fails
/usr/bin/python3 "$PYV" "$T/keys.txt" "${signed_ok[@]}" >"$T/py.out" 2>&1 && ok || bad "python3-dkim: $(cat "$T/py.out")"
[ "$(grep -c ': PASS' "$T/py.out")" -eq "${#signed_ok[@]}" ] && ok || bad "python3-dkim passes: $(cat "$T/py.out")"
sed 's/^This is a test mailing/This is a test mailinG/' "${signed_ok[0]}" >"$T/out/tampered.eml"
cmp -s "${signed_ok[0]}" "$T/out/tampered.eml" && bad "tamper changed nothing" ||
    { /usr/bin/python3 "$PYV" "$T/keys.txt" "$T/out/tampered.eml" >"$T/py-bad.out" 2>&1 && bad "tampered copy verified" || ok; }

echo "integration.auth.sendmail: $checks checks, $fails failures ($n_sent sessions)"
[ $fails -eq 0 ]
