#!/bin/bash
# sendmail.sh: DKIM signing through real sendmail 8. One milterpack-milter
# serves two sendmail daemons in a private network namespace: MTA-tx
# (DAEMON_OPTIONS Name=MTA-tx, port 10025) and MTA-rx (Name=MTA-rx, 2525),
# both relaying to the sink. Keys come from `milterpack dkim keygen`; the
# public keys the verifiers use are read back from the TXT records it prints.
# Checked on the sink's copies (what the next hop gets):
#  - every message relayed by MTA-tx verifies with python3-dkim AND
#    `opendkim -t`; a one-byte change (body, or a signed header) fails both;
#  - header shapes sendmail hands over with LF folds (folded, 8-bit, a long
#    List-Unsubscribe) verify under relaxed/relaxed and, after a reload,
#    simple/simple;
#  - *@dual.example.org gets an RSA and an Ed25519 signature (OpenDKIM
#    KeyTable/SigningTable, multiple_signatures) and both verify;
#  - sendmail rewrites address fields after the milter has seen them
#    (headers.c commaize: ", " between addresses, a break before column 78):
#    relaxed absorbs the new line breaks, simple does not, and an added space
#    ("Cc: a,b" -> "a, b") breaks any signature. Pinned here (rewrap, comma)
#    as known limits, so a change in sendmail or in the signer shows up;
#  - MTA-rx, same milter and configuration, signs nothing and the log says why;
#  - a key file readable by others: check-config exits 2 and names the reason.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
HERE=$MP_SOURCE_DIR/tests/integration/dkim_sendmail
PYV=$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py
MP=$MP_BUILD_DIR/cli/milterpack
sbx_init "$MP_BUILD_DIR/it/dkim-sendmail"; trap sbx_stop EXIT
chmod 755 "$SBX"
T=$SBX/t; mkdir -p "$T/keys" "$T/msg" "$T/out"; chmod 755 "$T"
fails=0 checks=0
ok() { checks=$((checks + 1)); }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $*"; }

# 1. keys from the CLI; its zone records become the verifiers' key file
keygen() {  # keygen DOMAIN SELECTOR ALG: the record on stdout -> $T/keys/SELECTOR.zone
    "$MP" dkim keygen --domain "$1" --selector "$2" --algorithm "$3" --dir "$T/keys" >"$T/keys/$2.$1.zone"
}
keygen example.org rsa2026 rsa
keygen example.org ed2026 ed25519
for s in rsa2026 ed2026; do
    [ "$(stat -c %a "$T/keys/$s.private")" = 600 ] && ok || bad "$s.private is not mode 0600"
done
# "NAME. IN TXT ( "s1" "s2" )" -> "NAME v=DKIM1; ..." (TestPublicKeys form); the same
# keys are published for dual.example.org, as an operator would for a second domain
zone_to_keys() {
    /usr/bin/python3 -c '
import re, sys
for path in sys.argv[1:]:
    text = open(path).read()
    name = text.split()[0].rstrip(".")
    print(name, "".join(re.findall(r"\"([^\"]*)\"", text)))' "$@"
}
zone_to_keys "$T"/keys/*.zone >"$T/keys.txt"
sed 's/\.example\.org /.dual.example.org /' "$T/keys.txt" >>"$T/keys.txt.dual"
sed 's/\.example\.org /.ed.example.org /' "$T/keys.txt" >>"$T/keys.txt.dual"
cat "$T/keys.txt.dual" >>"$T/keys.txt"
grep -q '^rsa2026._domainkey.example.org v=DKIM1; k=rsa; p=MII' "$T/keys.txt" &&
    grep -q '^ed2026._domainkey.dual.example.org v=DKIM1; k=ed25519; p=' "$T/keys.txt" && ok ||
    bad "keygen records: $(cat "$T/keys.txt")"
chown nobody "$T/keys/"*.private   # the milter reloads as nobody

printf 'rsa-org   example.org:rsa2026:%s\nrsa-dual  dual.example.org:rsa2026:%s\ned-dual   dual.example.org:ed2026:%s\ned-only   ed.example.org:ed2026:%s\n' \
    "$T/keys/rsa2026.private" "$T/keys/rsa2026.private" "$T/keys/ed2026.private" "$T/keys/ed2026.private" >"$T/KeyTable"
printf '*@example.org       rsa-org\n*@dual.example.org  rsa-dual\n*@dual.example.org  ed-dual\n*@ed.example.org    ed-only\n' >"$T/SigningTable"
conf() {  # conf CANON
    cat >"$T/mp.conf" <<CONF
milter { socket = "unix:$T/milter.sock"; user = nobody; }
log { level = debug; }
dkim {
    key_table = "file:$T/KeyTable";
    signing_table = "refile:$T/SigningTable";
    multiple_signatures = yes;
    canonicalization = "$1";
    daemons = { MTA-tx };
    internal_networks = {};
}
CONF
}
conf relaxed/relaxed
"$MP" -f "$T/mp.conf" check-config >/dev/null && ok || bad "check-config refused the configuration"

# 2. a key others may read: check-config exits 2 with the reason
cp -p "$T/keys/rsa2026.private" "$T/keys/open.private"; chmod 644 "$T/keys/open.private"
sed "s|$T/keys/rsa2026.private\$|$T/keys/open.private|" "$T/KeyTable" >"$T/KeyTable.open"
sed "s|$T/KeyTable\"|$T/KeyTable.open\"|" "$T/mp.conf" >"$T/open.conf"
rc=0; "$MP" -f "$T/open.conf" check-config 2>"$T/open.err" || rc=$?
[ $rc = 2 ] && grep -q "open.private: key file is accessible by others" "$T/open.err" && ok ||
    bad "insecure key: check-config exit $rc: $(cat "$T/open.err")"

# 3. the sandbox: sink, the milter, MTA-tx and MTA-rx
sbx_sink 10026
sbx_milter tx "$T/mp.conf"
sbx_milter_ready tx
MILTER="INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$T/milter.sock, F=T, T=C:10s;S:10s;R:10s;E:1m')dnl"
sbx_mta tx 10025 10026 "$MILTER"
sbx_mta rx 2525 10026 "$MILTER"

# send PORT NAME MSG: messages/MSG.eml (LF -> CRLF) through the MTA on PORT; the
# sink's copy -> $T/out/NAME.eml. One message at a time, so the sink holds only it.
send() {
    local port=$1 name=$2 f
    sed 's/$/\r/' "$HERE/messages/$3.eml" >"$T/msg/$name.eml"
    sbx_swaks "$port" --from "${FROM:-sender@example.org}" --to bob@example.test --data "@$T/msg/$name.eml" \
        >"$T/$name.swaks" || { bad "swaks $name: $(tail -3 "$T/$name.swaks")"; return 0; }
    sbx_wait '[ "$(sbx_nsink)" -ge 1 ]' 150 || { bad "$name did not reach the sink"; return 0; }
    f=$(find "$SBX/sink" -name '*.eml' | head -1)
    mv "$f" "$T/out/$name.eml"
}

# verify NAME NSIGS pass|fail [python-only]: `opendkim -t` now (inside the
# namespace: it must not reach a resolver), python3-dkim later in one batch
printf 'Mode v\nTestPublicKeys %s\nMinimumKeyBits 1024\nSyslog no\n' "$T/keys.txt" >"$T/opendkim.conf"
verify() {
    local f=$T/out/$1.eml od npass
    [ -s "$f" ] || { bad "no sink copy for $1"; return 0; }
    echo "$f $2 $3" >>"$T/py.list"
    [ "${4:-}" = python-only ] && return 0
    od=$(sbx_in opendkim -x "$T/opendkim.conf" -vvv -t "$f" 2>&1)   # exits 0 whatever it finds
    npass=$(printf '%s\n' "$od" | grep -c 'dkim=pass' || true)
    if [ "$3" = pass ]; then [ "$npass" -eq "$2" ] && ok || bad "opendkim -t: $npass of $2 passed for $1: $od"
    else [ "$npass" -eq 0 ] && ok || bad "opendkim -t accepted tampered $1: $od"; fi
}
py_check() {
    /usr/bin/python3 "$PYV" "$T/keys.txt" $(cut -d' ' -f1 "$T/py.list") >"$T/py.out" 2>&1 || true
    local f n want np nf
    while read -r f n want; do
        np=$(grep -c "^$f: sig\[[0-9]*\] .*: PASS" "$T/py.out" || true)
        nf=$(grep -c "^$f: sig\[[0-9]*\] .*: FAIL" "$T/py.out" || true)
        if [ "$want" = pass ]; then [ "$np" -eq "$n" ] && [ "$nf" -eq 0 ] && ok || bad "python3-dkim: $np/$n passed: $(grep "^$f:" "$T/py.out")"
        else [ "$np" -eq 0 ] && [ "$nf" -eq "$n" ] && ok || bad "python3-dkim accepted $f: $(grep "^$f:" "$T/py.out")"; fi
    done <"$T/py.list"
}
# tamper NAME: NAME-body (one bit of the last body byte before the final CRLF
# flipped) and NAME-hdr (one bit of the Subject's 4th byte flipped)
tamper() {
    /usr/bin/python3 - "$T/out/$1.eml" "$T/out/$1-body.eml" "$T/out/$1-hdr.eml" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
j = len(d) - 3
open(sys.argv[2], 'wb').write(d[:j] + bytes([d[j] ^ 1]) + d[j + 1:])
k = d.index(b'\nSubject:') + 12
open(sys.argv[3], 'wb').write(d[:k] + bytes([d[k] ^ 1]) + d[k + 1:])
PY
}
sigs() { grep -c '^DKIM-Signature:' "$T/out/$1.eml" || true; }
# signed NAME NSIGS CANON [python-only]: NSIGS signatures with c=CANON that verify; tampered copies fail
signed() {
    local n=$2
    [ "$(sigs "$1")" -eq "$n" ] && ok || bad "$1: $(sigs "$1") signatures, want $n"
    [ "$(grep -c "c=$3;" "$T/out/$1.eml" || true)" -eq "$n" ] && ok || bad "$1: not c=$3"
    tamper "$1"
    verify "$1" "$n" pass "${4:-}"
    verify "$1-body" "$n" fail "${4:-}"
    verify "$1-hdr" "$n" fail "${4:-}"
}
# pinned NAME NSIGS: signed, but sendmail's rewrite breaks it for both verifiers (known limit)
pinned() {
    [ "$(sigs "$1")" -eq "$2" ] && ok || bad "$1: $(sigs "$1") signatures, want $2"
    verify "$1" "$2" fail
}

# 4. relaxed/relaxed through MTA-tx
for m in plain folded eightbit list-unsubscribe; do send 10025 "$m" "$m"; signed "$m" 1 relaxed/relaxed; done
FROM=dora@dual.example.org send 10025 dual dual; signed dual 2 relaxed/relaxed
FROM=erin@ed.example.org send 10025 ed ed; signed ed 1 relaxed/relaxed
grep -q 'a=ed25519-sha256;' "$T/out/ed.eml" && ok || bad "ed: not an Ed25519 signature"
grep -q 'a=ed25519-sha256;' "$T/out/dual.eml" && grep -q 'a=rsa-sha256;' "$T/out/dual.eml" && ok ||
    bad "dual: not one RSA and one Ed25519 signature"
tr -d '\r\n\t ' <"$T/out/list-unsubscribe.eml" | grep -qi 'h=[^;]*list-unsubscribe:' && ok ||
    bad "List-Unsubscribe not in h="
# sendmail's rewrite of address fields (see the header): rewrap passes relaxed, comma fails
send 10025 rewrap rewrap; signed rewrap 1 relaxed/relaxed
grep -q $'^To: Bob <bob@example.test>, Carol <carol@example.test>,\r$' "$T/out/rewrap.eml" && ok ||
    bad "sendmail no longer re-wraps To: (rewrap.eml); revisit the pinned cases"
send 10025 comma comma; pinned comma 1
grep -q $'^Cc: carol@example.test, dave@example.test\r$' "$T/out/comma.eml" && ok ||
    bad "sendmail no longer adds a space after the comma (comma.eml); revisit the pinned case"
sbx_logged "$SBX/log/maillog" 'milterpack-milter.*dkim: session signs: daemon MTA-tx' && ok || bad "no 'session signs' log line"

# 5. MTA-rx, same milter and configuration: nothing signed, and the log says why
send 2525 rx-plain plain
[ "$(sigs rx-plain)" -eq 0 ] && ok || bad "MTA-rx signed a message"
sbx_logged "$SBX/log/maillog" "milterpack-milter.*dkim: not signing: daemon 'MTA-rx' not listed, client 127\.0\.0\.1 not internal" && ok || bad "no 'not signing' reason in the log: $(grep dkim "$SBX/log/maillog")"

# 6. simple/simple after a reload (SIGUSR1): sendmail's LF folds must reach the
#    signature exactly as the next hop sees them
conf simple/simple
kill -USR1 "$(cat "$SBX/milter-tx.pid")"
sbx_wait "grep -q 'reloaded' $SBX/log/maillog"
for m in plain eightbit list-unsubscribe; do send 10025 "$m-simple" "$m"; signed "$m-simple" 1 simple/simple; done
# `opendkim -t` rebuilds each header as "Name: value", so it cannot check simple
# header canonicalization of "Name:value" or "Name:<fold>" (folded.eml has both;
# see tests/integration/dkim_verify): python3-dkim alone for this one.
send 10025 folded-simple folded; signed folded-simple 1 simple/simple python-only
send 10025 rewrap-simple rewrap; pinned rewrap-simple 1
FROM=dora@dual.example.org send 10025 dual-simple dual; signed dual-simple 2 simple/simple
FROM=erin@ed.example.org send 10025 ed-simple ed; signed ed-simple 1 simple/simple

# 7. the two mixed canonicalizations, each after a reload: RSA, Ed25519 and both
reloads=1
for canon in relaxed/simple simple/relaxed; do
    conf "$canon"; kill -USR1 "$(cat "$SBX/milter-tx.pid")"; reloads=$((reloads + 1))
    sbx_wait "[ \$(grep -c 'reloaded' $SBX/log/maillog) -ge $reloads ]"
    tag=${canon/\//-}
    send 10025 "plain-$tag" plain; signed "plain-$tag" 1 "$canon"
    FROM=erin@ed.example.org send 10025 "ed-$tag" ed; signed "ed-$tag" 1 "$canon"
    FROM=dora@dual.example.org send 10025 "dual-$tag" dual; signed "dual-$tag" 2 "$canon"
done

py_check
echo "integration.dkim.sendmail: $checks checks, $fails failures"
[ $fails -eq 0 ]
