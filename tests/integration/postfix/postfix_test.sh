#!/bin/bash
# postfix_test.sh: milterpack behind a real Postfix 3.7 (Debian's .deb, unpacked,
# never installed), the Postfix form of the dual-instance amavisd setup
# (lib.sh says which files and what differs):
#   client -> Postfix smtpd :2525 + milterpack (rx.conf) -> amavisd-new + clamd
#          -> Postfix smtpd :10025 + milterpack (tx.conf, DKIM) -> sink
# Checks, on swaks transcripts, the shared maillog, amavisd's log and the sink:
#   1. greylisting at RCPT: 451 4.7.1 with milterpack's text, accepted after grey_wait
#   2. the access map's error: at RCPT reaches the client with its code and text;
#      a protected recipient refuses an outside sender (550 5.7.1)
#   3. EICAR: queued by Postfix, discarded by amavisd (clamd), never in the sink
#   4. a clean message from example.test reaches the sink through amavisd, signed
#      on the 10025 smtpd ({daemon_name} = MTA-TX from milter_macro_daemon_name);
#      python3-dkim verifies it, a changed copy fails; remote.test mail is unsigned
#   5. what Postfix sends a milter, recorded by macro_probe.py on a third smtpd
#      (:2526) asking for milterpack's macro lists: the macros per stage, the
#      protocol flags offered, the client's reply to a reject at connect
#   6. milter_default_action = tempfail: with the receiving milter stopped,
#      Postfix answers 451 4.7.1 and nothing is queued
# The observed differences from sendmail are written to $TOPO/differences.txt
# (docs/postfix.md has them).
set -uo pipefail
. "$MP_SOURCE_DIR/tests/integration/postfix/lib.sh"
PASS=0 FAIL=0 T0=$SECONDS
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }
expect() { sbx_expect "$@" && ok || bad "${3:-$2}"; }          # expect FILE REGEX [what]
trap topo_down EXIT
pf_up "$MP_BUILD_DIR/it/postfix"
LOG=$SBX/log/maillog AMLOG=$TOPO/amavis/home/amavisd.log PROBE=$TOPO/probe.log

sbx_in postconf -h mail_version >"$TOPO/version.txt" 2>&1
expect "$TOPO/version.txt" '^3\.7\.' "Postfix 3.7"

# 1-4. one SMTP session per row: NAME | CLIENT | FROM | TO | what the transcript must show.
# Greylisting (1) first: its retry whitelists 127.0.0.0/24 (netmask in rx.conf).
R2=127.0.0.2 R1=127.0.0.1 ACCEPT='^<-  250 2\.0\.0 Ok: queued as [0-9A-F]+'
SESSIONS=(
  "greylisted|$R2|sender@remote.test|bob@example.test|^<\*\* +451 4\.7\.1 Greylisted, please try again in [0-9]+ seconds$"
  "wait|||grey_wait|"
  "greylisted|$R2|sender@remote.test|bob@example.test|$ACCEPT"
  "closed|$R2|sender@remote.test|closed@example.test|^<\*\* +550 5\.1\.1 Mailbox closed by the access map$"
  "protected|$R2|mallory@remote.test|staff@example.test|^<\*\* +550 5\.7\.1 Not authorized to send to this recipient$"
  "eicar|$R1|alice@example.test|carol@remote.test|$ACCEPT"
  "clean|$R1|alice@example.test|carol@remote.test|$ACCEPT"
)
for row in "${SESSIONS[@]}"; do
    IFS='|' read -r name client from to want <<<"$row"
    if [ "$name" = wait ]; then sbx_clock_past $((EPOCHSECONDS + 2)); continue; fi   # grey_wait = 2s
    body=(); [ "$name" = eicar ] && body=(--body "$TOPO_EICAR")
    pf_swaks "$name" --local-interface "$client" --from "$from" --to "$to" "${body[@]}"
    sbx_expect "$TOPO/$name.txt" "$want" && ok || bad "$name: /$want/"
done
sbx_logged "$LOG" 'postfix/smtpd\[[0-9]+\]: NOQUEUE: milter-reject: RCPT from client2\.sandbox\.test\[127\.0\.0\.2\]: 451 4\.7\.1 Greylisted' &&
    ok || bad "no milter-reject line from Postfix"

# Each wait only bounds a failing run (amavisd and the queue on a loaded machine).
sbx_wait "grep -q 'Blocked INFECTED (Local.Test.EICAR.NDB.UNOFFICIAL)' $AMLOG && grep -qE 'postfix/smtp\\[[0-9]+\\]: [0-9A-F]+: to=<carol@remote.test>, relay=127.0.0.1\\[127.0.0.1\\]:10024, .*status=sent \\(250 [0-9.]+ Ok, discarded, .*INFECTED: Local.Test.EICAR' $LOG" 150 &&
    ok || bad "no amavisd Blocked INFECTED line, or Postfix did not log amavisd's discard"
sbx_wait '[ -n "$(topo_sunk clean)" ] && [ -n "$(topo_sunk greylisted)" ]' 150 && ok || bad "clean or greylisted message not in the sink"
G=$(topo_sunk greylisted) C=$(topo_sunk clean)
[ -z "$(topo_sunk eicar)" ] && ok || bad "EICAR reached the sink"
if [ -n "$G" ] && [ -n "$C" ]; then
    sbx_expect_not "$G" '^DKIM-Signature:' "signature on remote.test mail" && ok || bad "mail from remote.test was signed"
    expect "$C" $'^X-Virus-Scanned: amavisd-new at example.test\r$' "X-Virus-Scanned by amavisd"
    expect "$C" '\(amavis, port 10024\)' "amavisd's Received line"
    expect "$C" $'^X-Sink-Rcpt-To: <carol@remote.test>\r$' "delivered to carol"
    expect "$C" '^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test;' "DKIM-Signature d=example.test"
    /usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$TOPO/dkim-keys.txt" "$C" >"$TOPO/verify.txt" 2>&1
    expect "$TOPO/verify.txt" 'sig\[0\] a=rsa-sha256 d=example.test s=mta2026: PASS' "signature verifies"
    sed 's/^Subject: clean/Subject: clean!/' "$C" >"$TOPO/tampered.eml"
    /usr/bin/python3 "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$TOPO/dkim-keys.txt" "$TOPO/tampered.eml" >"$TOPO/verify-tampered.txt" 2>&1
    [ $? = 1 ] && ok || bad "a changed Subject still verifies: $(cat "$TOPO/verify-tampered.txt")"
    # Header placement: the signature sits above Postfix's own Received: line,
    # which Postfix does not show to milters (sendmail: the same, the insert is at index 0).
    [ "$(grep -m1 -nE '^(DKIM-Signature|Received):' "$C" | cut -d: -f2)" = DKIM-Signature ] &&
        ok || bad "DKIM-Signature not the first header field"
    sbx_logged "$LOG" 'milterpack-milter\[[0-9]+\]: [0-9A-F]+: eom: from=<alice@example.test> action=continue reason=dkim signed' &&
        ok || bad "no signing decision with Postfix's queue id in the maillog"
fi

# 5. the probe: what Postfix sends a milter asking for milterpack's lists
mkdir -p "$TOPO/root/run/probe"
sbx_bg probe /usr/bin/python3 "$MP_SOURCE_DIR/tests/integration/postfix/macro_probe.py" /run/probe/probe.sock "$PROBE"
sbx_wait "sbx_accepts $TOPO/root/run/probe/probe.sock" || bad "probe did not start"
printf '2526 inet n - n - - smtpd\n  -o smtpd_milters=unix:/run/probe/probe.sock\n  -o content_filter=\n' \
    >>"$TOPO/root/etc-postfix/master.cf"
sbx_in postfix reload >/dev/null 2>&1
sbx_wait "sbx_listening 2526" || bad "smtpd on 2526 did not listen"
sbx_swaks 2526 --from alice@example.test --to carol@remote.test --header "Subject: probe" >"$TOPO/probe.txt"
sbx_swaks 2526 --local-interface 127.0.0.3 --from alice@example.test --to carol@remote.test >"$TOPO/probe-connect.txt"
expect "$PROBE" '^connect j=mx\.example\.test \{daemon_name\}=MTA-RX \{client_addr\}=127\.0\.0\.1 \{client_name\}=localhost \{client_resolve\}=OK \{client_ptr\}=localhost$' "connect macros"
expect "$PROBE" '^envfrom \{mail_addr\}=alice@example\.test$' "MAIL: no {i} yet"
expect "$PROBE" '^envrcpt \{rcpt_addr\}=carol@remote\.test \{rcpt_mailer\}=smtp$' "RCPT: no {i} yet"
expect "$PROBE" '^data i=[0-9A-F]+$' "DATA: {i}"
expect "$PROBE" '^eom i=[0-9A-F]+$' "end of data: {i}, no {msg_id}"
proto=$(sed -n 's/^negotiate actions=0x[0-9a-f]* protocol=\(0x[0-9a-f]*\)$/\1/p' "$PROBE" | head -1)
# SMFIP_SKIP 0x400, SMFIP_NR_CONN..NR_HDR 0x1000..0x80000, SMFIP_HDR_LEADSPC 0x100000
[ -n "$proto" ] && [ $((proto & 0x400)) != 0 ] && [ $((proto & 0xFF000)) = $((0xFF000)) ] &&
    [ $((proto & 0x100000)) != 0 ] && ok || bad "Postfix does not offer SKIP, NR_* and HDR_LEADSPC (protocol=$proto)"
expect "$TOPO/probe-connect.txt" '^<\*\* +554 mx\.example\.test ESMTP not accepting connections$' "Postfix's own text for a reject at connect"
sbx_logged "$LOG" 'milter-reject: CONNECT from client3\.sandbox\.test\[127\.0\.0\.3\]: 550 5\.7\.1 probe refuses 127\.0\.0\.3 at connect' &&
    ok || bad "Postfix did not log the milter's text at connect"
{
    echo "Postfix $(cat "$TOPO/version.txt"); offered actions/protocol:"; grep -m1 '^negotiate' "$PROBE"
    echo "macros per stage (milterpack's lists requested, plain session without TLS or AUTH):"
    grep -v '^negotiate' "$PROBE" | sed -n '1,7p'
    echo "reject at connect, client sees:"; grep '^<\*\*' "$TOPO/probe-connect.txt"
} >"$TOPO/differences.txt"

# 6. milter_default_action = tempfail: the receiving milter is gone
sbx_kill milter-rx
pf_swaks nomilter --local-interface 127.0.0.2 --from sender@remote.test --to bob@example.test
expect "$TOPO/nomilter.txt" '^<\*\* +451 4\.7\.1 Service unavailable - try again later$' "tempfail without the milter"
sbx_expect_not "$TOPO/nomilter.txt" 'queued as' "queued without the milter" && ok || bad "queued without the milter"

echo "integration.postfix: $PASS passed, $FAIL failed; setup ${TOPO_UP_SECONDS}s, total $((SECONDS - T0))s"
[ "$FAIL" = 0 ]
