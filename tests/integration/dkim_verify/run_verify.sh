#!/bin/sh
# run_verify.sh SIGNER MSGDIR VERIFY_PY: every test message, signed by
# mp::dkim (dkim_sign) with RSA-2048, Ed25519, and both at once, under all four
# canonicalizations, must verify with python3-dkim AND `opendkim -t`; a
# one-byte change in the body or in a signed header must fail with both.
# Keys are generated here, in a temp dir removed on exit.
set -u
SIGN=$1 MSGS=$2 PYV=$3
T=$(mktemp -d /tmp/mp-dkim-verify.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
fails=0 checks=0

ok()  { checks=$((checks + 1)); }
bad() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $*"; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/rsa.key" 2>/dev/null || exit 1
openssl genpkey -algorithm ED25519 -out "$T/ed.key" || exit 1
chmod 600 "$T/rsa.key" "$T/ed.key"
# public keys derived with openssl, independently of the code under test
rsa_p=$(openssl pkey -in "$T/rsa.key" -pubout -outform DER | base64 -w0)
ed_p=$(openssl pkey -in "$T/ed.key" -pubout -outform DER | tail -c 32 | base64 -w0)
cat > "$T/keys.txt" <<KEYS
rsa._domainkey.example.com v=DKIM1; k=rsa; p=$rsa_p
ed._domainkey.example.com v=DKIM1; k=ed25519; p=$ed_p
KEYS
printf 'Mode v\nTestPublicKeys %s\nMinimumKeyBits 1024\nSyslog no\n' "$T/keys.txt" > "$T/opendkim.conf"
# OpenDKIM's own file formats, as a user would bring them
printf 'rsakey example.com:rsa:%s\nedkey  example.com:ed:%s\n' "$T/rsa.key" "$T/ed.key" > "$T/KeyTable"
printf '# dual signatures\n*@example.com rsakey\n*@example.com edkey\n' > "$T/SigningTable"

# Two shapes `opendkim -t` cannot read, checked with python3-dkim alone
# (OpenDKIM fails them for python3-dkim's own signatures just the same):
# its test mode rebuilds each header as "Name: value" (one space after the
# colon), which breaks simple header canonicalization of "Name:value" and
# "Name:<fold>value"; and it reports "message not signed" for a body without
# a final CRLF under relaxed body canonicalization (impossible over SMTP).
od_blind() {
    case "$1:$2" in
    folded:simple/*) return 0 ;;
    no-final-crlf:*/relaxed) return 0 ;;
    esac
    return 1
}
od_skips=0

# verify FILE NSIGS EXPECT(pass|fail) [python-only]: opendkim now, python3-dkim
# later in one batch (py_check; one interpreter start per file would dominate)
verify() {
    [ -s "$1" ] || { bad "missing $1"; return; }
    echo "$1 $2 $3" >> "$T/py.list"
    if [ "${4:-}" = python-only ]; then od_skips=$((od_skips + 1)); return; fi
    # -vvv prints the Authentication-Results it would add: one dkim=pass per good signature
    od=$(opendkim -x "$T/opendkim.conf" -vvv -t "$1" 2>&1)
    npass=$(printf '%s\n' "$od" | grep -c 'dkim=pass')
    if [ "$3" = pass ]; then
        [ "$npass" -eq "$2" ] && ok || bad "opendkim -t: $npass of $2 passed for $1: $od"
    else
        [ "$npass" -eq 0 ] && ok || bad "opendkim -t accepted tampered $1: $od"
    fi
}

# Every file listed: all NSIGS signatures PASS (pass), or none does (fail).
py_check() {
    /usr/bin/python3 "$PYV" "$T/keys.txt" $(cut -d' ' -f1 "$T/py.list") > "$T/py.out" 2>&1
    while read -r f n want; do
        np=$(grep -c "^$f: sig\[[0-9]*\] .*: PASS" "$T/py.out")
        nf=$(grep -c "^$f: sig\[[0-9]*\] .*: FAIL" "$T/py.out")
        if [ "$want" = pass ]; then
            [ "$np" -eq "$n" ] && [ "$nf" -eq 0 ] && ok || bad "python3-dkim: $np/$n passed for $f: $(grep "^$f:" "$T/py.out")"
        else
            [ "$np" -eq 0 ] && [ "$nf" -eq "$n" ] && ok || bad "python3-dkim accepted tampered $f: $(grep "^$f:" "$T/py.out")"
        fi
    done < "$T/py.list"
}

# tamper FILE...: writes FILE.body (one bit flipped in the last body byte
# before the final line ends, or a line added to a body that has none) and
# FILE.hdr (one bit flipped in the Subject's 4th byte); one python for all.
tamper() {
    /usr/bin/python3 - "$@" <<'PY'
import sys
for f in sys.argv[1:]:
    d = open(f, 'rb').read()
    i = d.index(b'\r\n\r\n') + 4
    j = len(d) - 1
    while j >= i and d[j:j + 1] in b'\r\n':
        j -= 1
    body = d[:j] + bytes([d[j] ^ 1]) + d[j + 1:] if j >= i else d + b'x\r\n'
    open(f + '.body', 'wb').write(body)
    k = d.index(b'\nSubject:') + 12
    open(f + '.hdr', 'wb').write(d[:k] + bytes([d[k] ^ 1]) + d[k + 1:])
PY
}

# 1. sign every message every way
for msg in "$MSGS"/*.eml; do
    base=$(basename "$msg" .eml)
    for canon in simple/simple simple/relaxed relaxed/simple relaxed/relaxed; do
        c=$(echo "$canon" | tr / -)
        for mode in rsa ed dual; do
            out="$T/$base.$c.$mode.eml"
            case $mode in
            rsa)  args="--domain example.com --selector rsa --key $T/rsa.key"; n=1 ;;
            ed)   args="--domain example.com --selector ed --key $T/ed.key"; n=1 ;;
            dual) args="--key-table file:$T/KeyTable --signing-table refile:$T/SigningTable --multiple"; n=2 ;;
            esac
            # odd chunk size and LF folds on the dual runs: the sendmail shapes
            extra=""; [ $mode = dual ] && extra="--chunk 7 --lf-folds --expire 3600"
            # shellcheck disable=SC2086
            if ! "$SIGN" $args $extra --canon "$canon" "$msg" > "$out"; then bad "dkim_sign $base $canon $mode"; continue; fi
            only=""; od_blind "$base" "$canon" && only=python-only
            echo "$out $n $only" >> "$T/signed.list"
        done
    done
done
# 2. tamper each, 3. verify all three versions
tamper $(cut -d' ' -f1 "$T/signed.list") || bad "tamper"
while read -r out n only; do
    verify "$out" "$n" pass $only
    verify "$out.body" "$n" fail $only
    verify "$out.hdr" "$n" fail $only
done < "$T/signed.list"

# l= (body length): content appended after signing still verifies (RFC 6376
# 8.2), a change inside the signed length does not
for base in plain folded; do
    out="$T/$base.length.eml"
    "$SIGN" --key-table "file:$T/KeyTable" --signing-table "refile:$T/SigningTable" --multiple --length \
        "$MSGS/$base.eml" > "$out" || bad "dkim_sign --length $base"
    grep -q '; l=[0-9]' "$out" && ok || bad "no l= tag in $out"
    { cat "$out"; printf 'appended by a mailing list\r\n'; } > "$out.app"
    tamper "$out"
    verify "$out" 2 pass
    verify "$out.app" 2 pass
    verify "$out.body" 2 fail
done
py_check
echo "dkim_verify: $checks checks, $fails failures ($od_skips python3-dkim only, see od_blind)"
[ $fails -eq 0 ] && [ $checks -gt 0 ]
