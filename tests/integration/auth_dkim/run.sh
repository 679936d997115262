#!/bin/bash
# run.sh: DKIM verification in milterpack-milter (dkim_verify section),
# driven by mp-miltclient, keys served by nsd in the sandbox namespace.
# Keys are made here with openssl (independently of the code under test);
# messages are signed by mp::dkim (dkim_sign of integration.dkim_verify), by
# python3-dkim and by OpenDKIM itself (opendkim in signing mode in the
# namespace, driven by mp-miltclient: a message with its RSA signature, and
# with its RSA and its Ed25519 signature); each is checked on the dkim= part of the
# Authentication-Results header the milter adds:
#   pass for RSA and Ed25519 from all three signers, l= reported, t=y reported;
#   fail (body hash) for a changed body, fail (signature) for a changed
#   signed header (OpenDKIM's signatures too: both fail, each with its reason); policy for rsa-sha1; permerror for a revoked key, a key
#   of the wrong k= and a missing key; temperror with nsd SIGSTOPped, for
#   one uncached key and for three (their queries start at their
#   DKIM-Signature fields and run at once); a transaction aborted while its
#   key's query waits on the stopped nsd leaves the session verifying;
#   and `opendkim -t` (verify mode) agrees on every pass and fail.
set -euo pipefail
SIGN=$1
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
CLIENT=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
sbx_init "$MP_BUILD_DIR/it/auth_dkim"
# OpenDKIM as a daemon refuses a configuration or key file below a directory
# other users can write (a build tree under /tmp): its files live in /run.
OD=$(mktemp -d /run/mp-auth-dkim.XXXXXX); chmod 700 "$OD"
trap 'sbx_stop; rm -rf "$OD"' EXIT
chmod 755 "$SBX"
K=$SBX/keys; M=$SBX/msgs; Z=$SBX/zones; mkdir -p "$K" "$M" "$Z"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$K/rsa.key" 2>/dev/null
openssl genpkey -algorithm ED25519 -out "$K/ed.key" 2>/dev/null
chmod 600 "$K"/*.key
rsa_p=$(openssl pkey -in "$K/rsa.key" -pubout -outform DER | base64 -w0)
ed_p=$(openssl pkey -in "$K/ed.key" -pubout -outform DER | tail -c 32 | base64 -w0)
openssl pkey -in "$K/ed.key" -outform DER | tail -c 32 | base64 -w0 >"$K/ed.seed"
txt() { echo "$1" | fold -w 200 | sed 's/.*/"&"/' | tr '\n' ' '; }  # TXT strings of <= 255 bytes
cp "$MP_SOURCE_DIR/tests/integration/auth_dns/zones/example.test.zone" "$Z/"
cat >>"$Z/example.test.zone" <<ZONE
rsa._domainkey     IN TXT $(txt "v=DKIM1; k=rsa; p=$rsa_p")
ed._domainkey      IN TXT "v=DKIM1; k=ed25519; p=$ed_p"
testing._domainkey IN TXT $(txt "v=DKIM1; k=rsa; t=y; p=$rsa_p")
revoked._domainkey IN TXT "v=DKIM1; k=rsa; p="
wrongk._domainkey  IN TXT $(txt "v=DKIM1; k=ed25519; p=$rsa_p")
ZONE
dns_start "$Z"

printf 'From: Alice <a@example.test>\nTo: bob@rx.sandbox.test\nSubject: dkim test\nDate: Mon, 30 Nov 2026 12:00:00 +0000\nMessage-ID: <1@example.test>\n\nHello,\n\nverify me.\n' >"$M/plain.eml"
mp_sign() {  # OUT SELECTOR KEY [dkim_sign args]
    local out=$1 sel=$2 key=$3; shift 3
    "$SIGN" --domain example.test --selector "$sel" --key "$key" "$@" "$M/plain.eml" >"$M/$out"
}
mp_sign mp-rsa.eml rsa "$K/rsa.key"
mp_sign mp-ed.eml ed "$K/ed.key"
mp_sign mp-len.eml rsa "$K/rsa.key" --length --canon simple/simple
mp_sign mp-testing.eml testing "$K/rsa.key"
mp_sign mp-revoked.eml revoked "$K/rsa.key"
mp_sign mp-wrongk.eml wrongk "$K/rsa.key"
mp_sign mp-nokey.eml nokey "$K/rsa.key"
sed 's/^verify me\./verify m3./' "$M/mp-rsa.eml" >"$M/mp-body.eml"
sed 's/^Subject: dkim test/Subject: dkim tesT/' "$M/mp-rsa.eml" >"$M/mp-subject.eml"
{ cat "$M/mp-len.eml"; printf 'appended after signing\r\n'; } >"$M/mp-len-appended.eml"
/usr/bin/python3 - "$M" "$K" <<'PY'
import sys, dkim
m, k = sys.argv[1], sys.argv[2]
msg = open(m + "/plain.eml", "rb").read().replace(b"\n", b"\r\n")
rsa = open(k + "/rsa.key", "rb").read()
seed = open(k + "/ed.seed", "rb").read()
def sign(out, sel, key, **kw):
    sig = dkim.sign(msg, sel, b"example.test", key, include_headers=[b"from", b"to", b"subject", b"date"], **kw)
    open(m + "/" + out, "wb").write(sig + msg)
sign("py-rsa.eml", b"rsa", rsa, canonicalize=(b"relaxed", b"relaxed"))
sign("py-ed.eml", b"ed", seed, signature_algorithm=b"ed25519-sha256")
sign("py-sha1.eml", b"rsa", rsa, signature_algorithm=b"rsa-sha1")
PY

# OpenDKIM signing, one daemon per key (OpenDKIM takes the algorithm from
# SignatureAlgorithm, not from the key), relaxed/simple, in the namespace;
# its DKIM-Signature header actions are taken from mp-miltclient's output.
# od-rsa.eml: signed by the RSA one; od-two.eml: that, signed by the Ed25519 one.
for a in rsa ed; do
    sa=rsa-sha256; [ $a = ed ] && sa=ed25519-sha256
    cp "$K/$a.key" "$OD/$a.key"; chmod 600 "$OD/$a.key"
    printf 'Mode s\nDomain example.test\nSelector %s\nKeyFile %s\nSocket local:%s\nMTA MTA-TX\nCanonicalization relaxed/simple\nSignatureAlgorithm %s\nSyslog no\n' \
        "$a" "$OD/$a.key" "$SBX/od-$a.sock" "$sa" >"$OD/od-$a.conf"
    sbx_bg "od-$a" opendkim -f -x "$OD/od-$a.conf"
done
for a in rsa ed; do sbx_wait "sbx_accepts '$SBX/od-$a.sock'" || { cat "$SBX/log/od-$a.out"; exit 1; }; done
od_sign() {  # KEY IN OUT: message IN signed by OpenDKIM with KEY, as OUT
    printf '%s\n' 'macro connect {daemon_name}=MTA-TX j=tx.sandbox.test' 'connect tx.sandbox.test 127.0.0.1' \
        'helo tx.sandbox.test' 'mail <a@example.test>' 'rcpt <bob@rx.sandbox.test>' "message-file $M/$2" 'eom' 'quit' >"$M/od.mts"
    sbx_in "$CLIENT" -s "unix:$SBX/od-$1.sock" -t 30 --script "$M/od.mts" >"$M/od.out" 2>&1 ||
        { echo "FAIL: opendkim signing with $1"; cat "$M/od.out" "$SBX/log/od-$1.out"; exit 1; }
    /usr/bin/python3 - "$M/od.out" "$M/$2" "$M/$3" <<'PY'
import codecs, sys
out, unsigned, signed = sys.argv[1:]
sigs = [codecs.decode(l.rstrip('\n').split(':', 2)[2], 'unicode_escape')  # undo mp-miltclient's escapes
        for l in open(out) if l.startswith('eom: insheader 0 DKIM-Signature:')]
if len(sigs) != 1: sys.exit('opendkim gave %d signatures, expected 1:\n%s' % (len(sigs), open(out).read()))
value = sigs[0] if sigs[0][:1] in (' ', '\t') else ' ' + sigs[0]
open(signed, 'w', newline='').write('DKIM-Signature:' + value.replace('\r\n', '\n') + '\n' + open(unsigned, newline='').read())
PY
}
od_sign rsa plain.eml od-rsa.eml
od_sign ed od-rsa.eml od-two.eml
grep -q 'a=ed25519-sha256' "$M/od-two.eml" && grep -q 'a=rsa-sha256' "$M/od-two.eml" ||
    { echo "FAIL: OpenDKIM did not sign with both keys"; cat "$M/od-two.eml"; exit 1; }
sed 's/^verify me\./verify m3./' "$M/od-two.eml" >"$M/od-body.eml"
sed 's/^Subject: dkim test/Subject: dkim tesT/' "$M/od-two.eml" >"$M/od-subject.eml"

cat >"$SBX/mp.conf" <<CONF
milter { socket = "unix:$SBX/m.sock"; user = nobody; }
log { level = info; }
dns { servers = { 127.0.0.1 }; query_timeout = 2s; }
dkim_verify { timeout = 3s; }
authentication_results { authserv_id = rx.sandbox.test; }
CONF
sbx_milter rx "$SBX/mp.conf" -d
sbx_wait "grep -qs 'listening on' '$SBX/log/milter-rx.out'" || { cat "$SBX/log/milter-rx.out"; exit 1; }
fails=0
check() {  # MESSAGE REGEX: the A-R line after the authserv-id must match REGEX
    cat >"$M/t.mts" <<MTS
connect client.sandbox.test 192.0.2.2
helo client.sandbox.test
mail <a@example.test>
rcpt <bob@rx.sandbox.test>
message-file $1
eom
expect-re eom insheader 0 Authentication-Results: rx\\.sandbox\\.test;\\\\n\\\\t$2
quit
MTS
    if sbx_in "$CLIENT" -s "unix:$SBX/m.sock" -t 30 --script "$M/t.mts" >"$SBX/out" 2>&1; then echo "ok: $1"
    else echo "FAIL: $1"; grep -E 'eom|want' "$SBX/out" | sed 's/^/    /'; fails=$((fails + 1)); fi
}
B='header\.b=[A-Za-z0-9+/]{8}'
S=';\\n\\t'  # between two results in the checked header (as mp-miltclient escapes it)
check mp-rsa.eml "dkim=pass header\.d=example\.test header\.s=rsa $B"
check mp-ed.eml "dkim=pass header\.d=example\.test header\.s=ed $B"
check py-rsa.eml "dkim=pass header\.d=example\.test header\.s=rsa $B"
check py-ed.eml "dkim=pass header\.d=example\.test header\.s=ed $B"
check mp-len.eml "dkim=pass \(l=[0-9]+ signed body bytes\) header\.d=example\.test.*"
check mp-len-appended.eml "dkim=pass \(l=[0-9]+ signed body bytes\) header\.d=example\.test.*"
check mp-testing.eml "dkim=pass \(key in testing mode t=y\) header\.d=example\.test header\.s=testing.*"
check mp-body.eml "dkim=fail \(body hash did not verify\) header\.d=example\.test header\.s=rsa.*"
check mp-subject.eml "dkim=fail \(signature did not verify\) header\.d=example\.test header\.s=rsa.*"
check py-sha1.eml "dkim=policy \(rsa-sha1 is not acceptable \(RFC 8301\)\).*"
check mp-revoked.eml "dkim=permerror \(key revoked \(empty p=\)\) header\.d=example\.test header\.s=revoked.*"
check mp-wrongk.eml "dkim=permerror \(key type k=ed25519 does not match a=\).*"
check mp-nokey.eml "dkim=permerror \(no key record at nokey\._domainkey\.example\.test\).*"
check od-rsa.eml "dkim=pass header\.d=example\.test header\.s=rsa $B"
check od-two.eml "dkim=pass header\.d=example\.test header\.s=(rsa|ed) $B${S}dkim=pass header\.d=example\.test header\.s=(rsa|ed) $B"
check od-body.eml "dkim=fail \(body hash did not verify\) header\.d=example\.test .*${S}dkim=fail \(body hash did not verify\) .*"
check od-subject.eml "dkim=fail \(signature did not verify\) header\.d=example\.test .*${S}dkim=fail \(signature did not verify\) .*"
check plain.eml "dkim=none"
dns_signal STOP
check py-ed.eml "dkim=pass .*"   # the key is in common/dns's cache: no query
sed 's/s=rsa;/s=rsa2;/' "$M/py-rsa.eml" >"$M/py-uncached.eml"
check py-uncached.eml "dkim=temperror \(key rsa2\._domainkey\.example\.test: no answer within the deadline\).*"
/usr/bin/python3 - "$M/py-rsa.eml" "$M/py-uncached3.eml" <<'PY'
import re, sys
text = open(sys.argv[1], newline='').read()
sig = re.match(r'DKIM-Signature:.*?\n(?=\S)', text, re.S).group(0)
open(sys.argv[2], 'w', newline='').write(''.join(sig.replace('s=rsa;', 's=%s;' % s) for s in ('rsa3', 'rsa4', 'rsa5')) + text[len(sig):])
PY
T='dkim=temperror \(key rsa[345]\._domainkey\.example\.test: no answer within the deadline\)[^;]*'
start=$EPOCHREALTIME
check py-uncached3.eml "$T${S}$T${S}$T"
echo "    three uncached keys with nsd stopped: $(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 )) ms (query_timeout 2 s, deadline 3 s)"
# aborted while the key's query waits on the stopped nsd: the session goes on
/usr/bin/python3 - "$M/py-uncached.eml" "$M/abort.mts" "$M/py-ed.eml" <<'PY'
import re, sys
text = open(sys.argv[1], newline='').read()
sig = re.match(r'DKIM-Signature:(.*?)\n(?=\S)', text, re.S).group(1)
value = ' '.join(sig.replace('\r', '').split())
open(sys.argv[2], 'w').write('\n'.join([
    'connect client.sandbox.test 192.0.2.2', 'helo client.sandbox.test', 'mail <a@example.test>',
    'rcpt <bob@rx.sandbox.test>', 'header DKIM-Signature: ' + value, 'header From: <a@example.test>', 'abort',
    'mail <a@example.test>', 'rcpt <bob@rx.sandbox.test>', 'message-file ' + sys.argv[3], 'eom',
    r'expect-re eom insheader 0 Authentication-Results: rx\.sandbox\.test;\\n\\tdkim=pass .*', 'quit']) + '\n')
PY
if sbx_in "$CLIENT" -s "unix:$SBX/m.sock" -t 30 --script "$M/abort.mts" >"$SBX/out" 2>&1; then echo "ok: aborted with a query in flight, then a pass"
else echo "FAIL: aborted with a query in flight"; grep -E 'eom|want|abort|error' "$SBX/out" | sed 's/^/    /'; fails=$((fails + 1)); fi
dns_signal CONT
# OpenDKIM in verify mode (opendkim -t, keys from a TestPublicKeys file) gives
# the same dkim= result for the messages both can verify.
printf 'rsa._domainkey.example.test v=DKIM1; k=rsa; p=%s\ned._domainkey.example.test v=DKIM1; k=ed25519; p=%s\n' \
    "$rsa_p" "$ed_p" >"$K/od-keys.txt"
printf 'Mode v\nTestPublicKeys %s\nMinimumKeyBits 1024\nSyslog no\n' "$K/od-keys.txt" >"$K/opendkim.conf"
for m in mp-rsa:pass mp-ed:pass py-rsa:pass py-ed:pass mp-len:pass mp-len-appended:pass mp-body:fail mp-subject:fail \
         od-rsa:pass od-two:pass od-body:fail od-subject:fail; do
    od=$(opendkim -x "$K/opendkim.conf" -vvv -t "$M/${m%:*}.eml" 2>&1 | grep -o 'dkim=[a-z]*' | sort -u | tr '\n' ' ')
    [ "$od" = "dkim=${m#*:} " ] && echo "ok: opendkim -t agrees on ${m%:*} (${m#*:})" ||
        { echo "FAIL: opendkim -t says '$od' for ${m%:*}, milterpack ${m#*:}"; fails=$((fails + 1)); }
done
[ "$fails" = 0 ] || { echo "FAIL: $fails checks"; tail -20 "$SBX/log/milter-rx.out"; exit 1; }
echo PASS
