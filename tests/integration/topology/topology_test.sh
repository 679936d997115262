#!/bin/bash
# topology_test.sh: the dual-instance amavisd topology end to end, from the shipped
# files (lib.sh says which and what differs):
#   client -> MTA-RX + milterpack (rx.conf) -> amavisd-new + clamd
#          -> MTA-TX + milterpack (tx.conf, DKIM) -> sink (remote.test)
# Checks, on swaks transcripts, the shared maillog, amavisd's log and the sink:
#   1. a new client is greylisted at RCPT (451 4.7.1) and gets through after
#      grey_wait; MTA-TX expands the alias and delivers to remote.test
#   2. an unknown local user is refused at RCPT by mp_reject_unknown (550 5.1.1)
#   3. a protected recipient refuses an outside sender (550 5.7.1)
#   4. EICAR is accepted by MTA-RX, discarded by amavisd (clamd finds the
#      custom signature) and never reaches the sink
#   5. a clean message from example.test reaches the sink through amavisd
#      (X-Virus-Scanned, its Received line) signed by MTA-TX (d=example.test),
#      and the signature verifies with python3-dkim (a changed copy fails);
#      mail from other domains is not signed
#   6. the milters run as the unprivileged user of rx.conf/tx.conf
set -uo pipefail
. "$MP_SOURCE_DIR/tests/integration/topology/lib.sh"
trap topo_down EXIT
T0=$SECONDS
topo_up "$MP_BUILD_DIR/it/topology"
PASS=0 FAIL=0
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }
expect() { sbx_expect "$@" && ok || bad "${3:-$2}"; }          # expect FILE REGEX [what]
A='(<[^>]*>\.\.\. )?'                                          # sendmail's address prefix
LOG=$SBX/log/maillog AMLOG=$TOPO/amavis/home/amavisd.log

# 0. the shipped files are used unchanged, except the two documented lines
for f in etc-mail/thishost-tx.mc:conf/thishost-tx.mc etc-milterpack/tx.conf:conf/tx.conf; do
    cmp -s "$TOPO/root/${f%%:*}" "$MP_SOURCE_DIR/${f#*:}" && ok || bad "${f#*:} changed"
done
cmp -s "$TOPO/amavis/60-dual-sendmail" "$MP_SOURCE_DIR/contrib/amavisd/60-dual-sendmail" && ok || bad "60-dual-sendmail changed"
for f in etc-mail/thishost-rx.mc:conf/thishost-rx.mc etc-milterpack/rx.conf:conf/rx.conf; do
    n=$(diff "$TOPO/root/${f%%:*}" "$MP_SOURCE_DIR/${f#*:}" | grep -c '^[<>]')
    [ "$n" = 2 ] && ok || bad "${f#*:}: expected one changed line, diff has $n"
done

# 1. greylisting: first try 451 4.7.1, retry after grey_wait accepted
topo_swaks greylisted --local-interface 127.0.0.2 --from sender@remote.test --to bob@example.test
expect "$TOPO/greylisted.txt" "^<\\*\\* +451 4\\.7\\.1 ${A}Greylisted, please try again in [0-9]+ seconds$" "greylisted at RCPT"
expect "$TOPO/greylisted.txt" '^<-  221 ' "session ended normally"
g1=$(date +%s)   # the entry's first-seen second is <= g1
sbx_logged "$LOG" 'milterpack-milter\[[0-9]+\]: [0-9A-Za-z]+: rcpt: from=<sender@remote.test> to=<bob@example.test> action=tempfail .*reason=greylisting' &&
    ok || bad "no greylisting decision in the maillog"
sbx_clock_past $((g1 + 2))   # grey_wait = 2s, grey_expire 2d: no upper bound
topo_swaks greylisted --local-interface 127.0.0.2 --from sender@remote.test --to bob@example.test
expect "$TOPO/greylisted.txt" '^<-  250 2\.1\.5 .*Recipient ok' "retry accepted at RCPT"
expect "$TOPO/greylisted.txt" '^<-  250 2\.0\.0 .* Message accepted' "retry accepted at end of data"

# 2. unknown local user (sendmail's Local_check_rcpt from mp_reject_unknown)
topo_swaks unknown --local-interface 127.0.0.2 --from sender@remote.test --to nosuchuser@example.test
expect "$TOPO/unknown.txt" "^<\\*\\* +550 5\\.1\\.1 <nosuchuser@example.test>\\.\\.\\. User unknown$" "unknown user refused"

# 3. protected recipient: staff@example.test takes mail from its members only
topo_swaks protected --local-interface 127.0.0.2 --from mallory@remote.test --to staff@example.test
expect "$TOPO/protected.txt" "^<\\*\\* +550 5\\.7\\.1 ${A}Not authorized to send to this recipient$" "protected recipient refused"

# 4. EICAR: accepted by MTA-RX (no scanning there), discarded by amavisd
topo_swaks eicar --from alice@example.test --to carol@remote.test --body "$TOPO_EICAR"
expect "$TOPO/eicar.txt" '^<-  250 2\.0\.0 .* Message accepted' "EICAR queued by MTA-RX"

# 5. a clean message from our domain
topo_swaks clean --from alice@example.test --to carol@remote.test
expect "$TOPO/clean.txt" '^<-  250 2\.0\.0 .* Message accepted' "clean message accepted"

sbx_wait '[ -n "$(topo_sunk clean)" ] && [ -n "$(topo_sunk greylisted)" ]' 150 && ok || bad "clean or greylisted message not in the sink"
sbx_wait "grep -q 'Blocked INFECTED (Local.Test.EICAR.NDB.UNOFFICIAL)' $AMLOG" 150 && ok || bad "no amavisd Blocked INFECTED line"
sbx_wait "grep -qE 'sm-mta-rx\\[[0-9]+\\]: [0-9A-Za-z]+: to=<carol@remote.test>, .*stat=Sent \\(Ok, discarded, .*INFECTED: Local.Test.EICAR' $LOG" 150 &&
    ok || bad "MTA-RX did not log amavisd's discard"
[ -z "$(topo_sunk eicar)" ] && ok || bad "EICAR reached the sink"

G=$(topo_sunk greylisted) C=$(topo_sunk clean)
if [ -n "$G" ] && [ -n "$C" ]; then
    expect "$G" $'^X-Sink-Rcpt-To: <bob@remote.test>\r$' "alias bob expanded by MTA-TX"
    sbx_expect_not "$G" '^DKIM-Signature:' "signature on remote.test mail" && ok || bad "mail from remote.test was signed"
    expect "$C" $'^X-Virus-Scanned: amavisd-new at example.test\r$' "X-Virus-Scanned by amavisd"
    expect "$C" '\(amavis, port 10024\)' "amavisd's Received line"
    expect "$C" $'^X-Sink-Rcpt-To: <carol@remote.test>\r$' "delivered to carol"
    expect "$C" '^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test;' "DKIM-Signature d=example.test"
    expect "$C" $'^\ts=mta2026;' "selector mta2026"
    /usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$TOPO/dkim-keys.txt" "$C" >"$TOPO/verify.txt" 2>&1
    expect "$TOPO/verify.txt" 'sig\[0\] a=rsa-sha256 d=example.test s=mta2026: PASS' "signature verifies"
    sed 's/^Subject: clean/Subject: clean!/' "$C" >"$TOPO/tampered.eml"
    /usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$TOPO/dkim-keys.txt" "$TOPO/tampered.eml" >"$TOPO/verify-tampered.txt" 2>&1
    [ $? = 1 ] && ok || bad "a changed Subject still verifies: $(cat "$TOPO/verify-tampered.txt")"
    sbx_logged "$LOG" 'milterpack-milter\[[0-9]+\]: [0-9A-Za-z]+: eom: from=<alice@example.test> action=continue reason=dkim signed' &&
        ok || bad "no signing decision in the maillog"
fi
# The published record (milterpack dkim keygen's .txt) holds the same key as openssl derives.
if [ "$TOPO_KEYGEN" = "milterpack dkim keygen" ]; then
    pub=$(sed 's/.*p=//' "$TOPO/dkim-keys.txt")
    rec=$(tr -d '\n\t' <"$TOPO/root/etc-milterpack/keys/$TOPO_SELECTOR.txt" | grep -o '"[^"]*"' | tr -d '"\n ' | sed 's/.*p=//')
    [ "$pub" = "$rec" ] && ok || bad "keygen's DNS record does not match the private key"
fi

# 6. privileges: both milters run as milterpack (milter { user = milterpack; })
uid=$(sbx_in id -u milterpack)
for n in rx tx; do
    [ "$(awk '/^Uid:/ {print $2}' "/proc/$(cat "$SBX/milter-$n.pid")/status")" = "$uid" ] && ok || bad "milter-$n not running as milterpack"
done

echo "integration.topology: $PASS passed, $FAIL failed; setup ${TOPO_UP_SECONDS}s, total $((SECONDS - T0))s; key by $TOPO_KEYGEN"
[ "$FAIL" = 0 ]
