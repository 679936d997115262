#!/bin/bash
# steps.sh: milterpack-milter negotiates the protocol steps of its loaded
# configuration (policy/steps.hpp, milters/negotiate.hpp), driven by
# mp-miltclient, which offers what sendmail 8.17 offers and fails on any
# reply the MTA would not wait for. 1) Signing only (MTA-TX): the envelope
# steps HELO, RCPT, DATA are not sent, connect, MAIL, headers and body get no
# reply, the one reply is at end-of-data and carries the signature. 2) After a
# reload that adds an access map, a new connection negotiates the envelope
# replies again: the refused client is answered at HELO, MAIL and RCPT reply.
# Timing: nothing is timed; waits are 60 s caps that only bound a failing run.
set -uo pipefail
CLI=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
CLIENT=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-steps.XXXXXX"); chmod 755 "$T"
mpid=
source "$MP_SOURCE_DIR/tests/integration/milter/common.sh"
run() {  # run NAME: the script $T/NAME.mts against the milter
    "$CLIENT" -s "unix:$T/m.sock" -t 30 --script "$T/$1.mts" >"$T/$1.out" 2>&1 ||
        fail "$1: $(cat "$T/$1.out")"
}

mkdir -p "$T/keys"
"$CLI" dkim keygen --domain example.org --selector s1 --algorithm ed25519 --dir "$T/keys" >/dev/null || fail keygen
chown nobody "$T/keys/s1.private"
printf 'cltaddr:192.0.2.66 error:550 5.7.1 Go away\n' >"$T/access"
base="milter { socket = \"unix:$T/m.sock\"; user = nobody; }
dkim { domain = example.org; selector = s1; key_file = \"$T/keys/s1.private\";
       daemons = {}; internal_networks = { 192.0.2.0/24 }; }"
echo "$base" >"$T/mp.conf"

cat >"$T/sign.mts" <<'MTS'
macro connect {daemon_name}=MTA-TX
connect mx.example.org 192.0.2.1 port 4711
expect optneg version=6 actions=ADDHDRS|ADDRCPT|DELRCPT|CHGHDRS|QUARANTINE|SETSYMLIST protocol=NOHELO|NORCPT|NOEOH|NR_HDR|NOUNKNOWN|NODATA|SKIP|NR_CONN|NR_MAIL|NR_BODY|HDR_LEADSPC
expect connect no-reply
helo mx.example.org
expect helo not-sent (not negotiated)
macro mail i=4AB12
mail <alice@example.org>
expect mail no-reply
rcpt <bob@example.test>
expect rcpt not-sent (not negotiated)
data
expect data not-sent (not negotiated)
header From: Alice <alice@example.org>
expect header no-reply
header Subject: steps
eoh
expect eoh not-sent (not negotiated)
body hello
expect body no-reply
eom
expect-re eom insheader 0 DKIM-Signature: v=1; a=ed25519-sha256; .* d=example\.org; s=s1;.*
expect eom continue
mail <alice@example.org>
header From: Alice <alice@example.org>
body second message, same connection
eom
expect-re eom insheader 0 DKIM-Signature: .*
expect eom continue
quit
MTS

cat >"$T/receive.mts" <<'MTS'
connect bad.example 192.0.2.66
expect optneg version=6 actions=ADDHDRS|ADDRCPT|DELRCPT|CHGHDRS|QUARANTINE|SETSYMLIST protocol=NOEOH|NR_HDR|NOUNKNOWN|NODATA|SKIP|NR_BODY|HDR_LEADSPC
expect connect continue
helo bad.example
expect helo reject 550 5.7.1 Go away
quit
connect mx.example.org 192.0.2.1
expect connect continue
helo mx.example.org
expect helo continue
mail <alice@example.org>
expect mail continue
rcpt <bob@example.test>
expect rcpt continue
data
expect data not-sent (not negotiated)
header From: Alice <alice@example.org>
expect header no-reply
body hello
expect body no-reply
eom
expect-re eom insheader 0 DKIM-Signature: .*
expect eom continue
quit
MTS

"$MILTER" -f "$T/mp.conf" -d 2>"$T/milter.log" & mpid=$!
wait_for "grep -q 'listening on' '$T/milter.log'" || fail "milter did not start"
run sign
printf '%s\naccess_map { file = "%s/access"; }\n' "$base" "$T" >"$T/mp.conf"
kill -USR1 "$mpid"
wait_for "grep -q 'reloaded' '$T/milter.log'" || fail "no reload logged"
run receive
kill -TERM "$mpid"
wait_for "! kill -0 $mpid 2>/dev/null" || fail "milter did not stop on SIGTERM"
wait "$mpid"; mpid=
grep -qE '\[(error|warning)\]|claimed not to reply' "$T/milter.log" && fail "an error or warning in the milter's log"
echo "integration.milter.steps: signing-only and receiving negotiations as planned"
