#!/bin/bash
# qmail.sh: milterpack-qmail-queue against qmail-queue(8)'s documented
# interface. qmail is not in Debian: qmail_smtpd.py plays qmail-smtpd (message
# on the program's fd 0, then the envelope on its fd 1, exit code read back)
# and recorder.py stands in for the real qmail-queue (stores what it gets,
# exits with $RECORDER_EXIT). The policy's peers are real: clamd (custom EICAR
# signature) and python3-dkim verifying the signature. Inside the sandbox's
# namespace, so the log lines land in its maillog.
#   1. a clean message from example.test, client 127.0.0.1: queued (0), signed
#      (DKIM-Signature first, verifies), X-Virus-* added, envelope passed as is
#   2. EICAR: 31, the real qmail-queue never runs
#   3. the real qmail-queue's own refusal (71) is passed on
#   4. a malformed envelope: 91
#   5. a 3 MB message: queued, body byte for byte, signature verifies
#   6. clamd stopped: 71 (on_fail = tempfail)
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
HERE=$MP_SOURCE_DIR/tests/integration/qmail
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
sbx_init "$MP_BUILD_DIR/it/qmail"
T=$SBX/t; mkdir -p "$T/rec"; chmod 755 "$SBX" "$T"
trap 'set +e; "$PEERS" stop-clamd "$T/peers" >/dev/null 2>&1; sbx_stop' EXIT
CLAMD_STREAM_MAX=10M "$PEERS" start-clamd "$T/peers" >/dev/null   # the 3 MB case is scanned too
PASS=0 FAIL=0
check() { if eval "$2"; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); echo "FAIL: $1" >&2; fi; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/q.private" 2>/dev/null; chmod 600 "$T/q.private"
printf 'q2026._domainkey.example.test v=DKIM1; k=rsa; p=%s\n' \
    "$(openssl pkey -in "$T/q.private" -pubout -outform DER | base64 -w0)" >"$T/dkim-keys.txt"
cat >"$T/qmail.conf" <<CONF
log { level = debug; ident = "mp-qmail"; }
milter { allow_root = yes; }  # check-config below runs as root; milterpack-qmail-queue has no milter section to use
scanner clamd { type = clamd; socket = "unix:$T/peers/clamd/clamd.sock"; add_headers = yes; timeout = 30s; }
dkim { domain = example.test; selector = q2026; key_file = "$T/q.private"; internal_networks = { 127.0.0.0/8 }; }
CONF
"$MP_BUILD_DIR/cli/milterpack" -f "$T/qmail.conf" check-config >/dev/null

# deliver NAME [ENV...]: message $T/NAME.eml, envelope $T/NAME.env; prints the exit code
deliver() {
    local n=$1; shift
    rm -f "$T/rec/message" "$T/rec/envelope"
    sbx_in env TCPREMOTEIP=127.0.0.1 MILTERPACK_CONF="$T/qmail.conf" MILTERPACK_QMAILQUEUE="$HERE/recorder.py" \
        RECORDER_DIR="$T/rec" "$@" /usr/bin/python3 "$HERE/qmail_smtpd.py" \
        "$MP_BUILD_DIR/qmail/milterpack-qmail-queue" "$T/$n.eml" "$T/$n.env"
}
message() {  # message NAME BODY-LINE...
    local n=$1; shift
    { printf 'From: alice@example.test\nTo: bob@remote.test\nSubject: %s\nMessage-ID: <%s@example.test>\n\n' "$n" "$n"
      printf '%s\n' "$@"; } >"$T/$n.eml"
    printf 'Falice@example.test\0Tbob@remote.test\0\0' >"$T/$n.env"
}
verify() { /usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$T/dkim-keys.txt" "$1" 2>&1; }

# 1. clean
message clean "Hello Bob," "" ".a line with a leading dot" "bye"
code=$(deliver clean)
check "clean: exit 0 (got $code)" '[ "$code" = 0 ]'
check "clean: DKIM-Signature is the first field" 'head -1 "$T/rec/message" | grep -q "^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test;"'
check "clean: signature verifies" 'verify "$T/rec/message" | grep -q "s=q2026: PASS"'
check "clean: X-Virus-Status Clean" 'grep -q "^X-Virus-Status: Clean" "$T/rec/message"'
check "clean: body unchanged" 'diff <(sed "1,/^$/d" "$T/clean.eml") <(sed "1,/^$/d" "$T/rec/message")'
check "clean: envelope passed as is" 'cmp -s "$T/clean.env" "$T/rec/envelope"'
cp "$T/rec/message" "$T/clean.out"; sed -i 's/^Subject: clean/Subject: changed/' "$T/clean.out"
check "clean: a changed copy fails" '! verify "$T/clean.out" | grep -q PASS'

# 2. EICAR
message eicar 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
code=$(deliver eicar)
check "eicar: exit 31 (got $code)" '[ "$code" = 31 ]'
check "eicar: the real qmail-queue did not run" '[ ! -e "$T/rec/message" ]'
check "eicar: logged" 'sbx_logged "$SBX/log/maillog" "mp-qmail\[[0-9]+\]: .*action=reject .*Local.Test.EICAR"'

# 3. the real qmail-queue refuses
message refused "text"
code=$(deliver refused RECORDER_EXIT=71)
check "refused by qmail-queue: 71 passed on (got $code)" '[ "$code" = 71 ]'

# 4. malformed envelope
message badenv "text"; printf 'Falice@example.test\0Tbob@remote.test\0' >"$T/badenv.env"
code=$(deliver badenv)
check "malformed envelope: 91 (got $code)" '[ "$code" = 91 ]'

# 5. 3 MB
message big "$(head -c 2300000 /dev/urandom | base64 -w 76)"
code=$(deliver big)
check "3 MB: exit 0 (got $code)" '[ "$code" = 0 ]'
check "3 MB: body unchanged" 'cmp -s <(sed "1,/^$/d" "$T/big.eml") <(sed "1,/^$/d" "$T/rec/message")'
check "3 MB: signature verifies" 'verify "$T/rec/message" | grep -q "s=q2026: PASS"'

# 6. clamd stopped
"$PEERS" stop-clamd "$T/peers" >/dev/null
message noscan "text"
code=$(deliver noscan)
check "clamd stopped: 71 (got $code)" '[ "$code" = 71 ]'

echo "integration.qmail: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
