#!/bin/bash
# sendmail.sh: rule sections through real sendmail 8 in the sandbox namespace
# (one MTA-RX on 127.0.0.1:2525 with milterpack-milter, relaying to a sink):
#  - a header pattern: 550 at end of data with the matched text;
#  - a body pattern on a base64 text part of a multipart message: 550 with
#    the decoded text; the same words in an image part do not match;
#  - size: SIZE= at MAIL over the bound -> 552 at MAIL; a counted message
#    over the eom bound (no SIZE=) -> 552 at end of data;
#  - rcpt_count: three recipients -> 452 at DATA, two go through;
#  - quarantine: 250, the message stays in sendmail's queue with the
#    rule's reason on its queue file's 'q' line (sendmail renames a
#    quarantined qf file hf*; mailq -qQ lists it), not delivered;
#  - a pathological body pattern, (a+)+$ on a long line of a's: the match
#    limit ends it, on_match_error's 451 4.3.0 at end of data and a log
#    line, not a hang (swaks' 30 s timeout would fail the test).
# Timing: nothing is timed; waits are caps that only bound a failing run.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
sbx_init "$MP_BUILD_DIR/it/rules_sendmail"; trap sbx_stop EXIT
chmod 755 "$SBX"
HERE=$MP_SOURCE_DIR/tests/integration/rules
cat >"$SBX/mp.conf" <<CONF
milter { socket = "unix:$SBX/mp.sock"; user = nobody; }
log { level = info; }
rules { match_limit = 100000; depth_limit = 10000; body_max = 64k; }
rule subject { stage = header; header = { "Subject", "\\\\[SPAM\\\\]" }; action = reject; reply = "550 5.7.1 Subject %t"; }
rule big_announced { stage = mail; size = "> 100k"; action = reject; reply = "552 5.3.4 Announced too big"; }
rule fanout { stage = data; rcpt_count = ">= 3"; action = tempfail; reply = "452 4.5.3 Too many recipients"; }
rule pills { stage = eom; body = "(?i)cheap\\\\s+pills"; action = reject; reply = "550 5.7.1 Body %t"; }
rule odd { stage = eom; body = "(a+)+\$"; action = reject; }
rule hold { stage = eom; body = "^HOLD-ME\$"; action = quarantine; reply = "held by rule hold: %t"; }
rule big { stage = eom; size = "> 50k"; action = reject; reply = "552 5.3.4 Too big"; }
CONF
"$MP_BUILD_DIR/cli/milterpack" -f "$SBX/mp.conf" check-config >/dev/null ||
    { "$MP_BUILD_DIR/cli/milterpack" -f "$SBX/mp.conf" check-config; exit 1; }
sbx_sink 10026
sbx_milter rx "$SBX/mp.conf"
sbx_milter_ready rx
sbx_mta rx 2525 10026 "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$SBX/mp.sock, F=T, T=C:10s;S:10s;R:30s;E:2m')dnl"
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
send() { sbx_swaks 2525 --from alice@example.org --to bob@rx.sandbox.test "$@" || true; }
accepted='^<-  250 2\.0\.0 .*Message accepted'

send --header "Subject: buy [SPAM] now" >"$SBX/subject.txt"
sbx_expect "$SBX/subject.txt" '^<\*\* 550 5\.7\.1 Subject \[SPAM\]' "header rule at end of data" || bad "header rule"
sbx_not_accepted "$SBX/subject.txt" "buy" || bad "header rule: accepted"

send --data "$HERE/t/base64.eml" >"$SBX/base64.txt"
sbx_expect "$SBX/base64.txt" '^<\*\* 550 5\.7\.1 Body CHEAP  pills' "body rule on a base64 part" || bad "body rule"
sbx_not_accepted "$SBX/base64.txt" base64-pills || bad "body rule: accepted"
send --data "$HERE/t/image.eml" >"$SBX/image.txt"
sbx_expect "$SBX/image.txt" "$accepted" "image part not matched" || bad "an image part matched as text"

# SIZE= at MAIL: swaks sends no ESMTP parameters, python's smtplib does.
sbx_in /usr/bin/python3 - >"$SBX/size.txt" 2>&1 <<'PY' || true
import smtplib
s = smtplib.SMTP("127.0.0.1", 2525, timeout=30)
s.ehlo("client.sandbox.test")
print(s.mail("alice@example.org", ["SIZE=200000"]))
s.quit()
PY
sbx_expect "$SBX/size.txt" "552, b'5\.3\.4 Announced too big'" "SIZE= rule at MAIL" || bad "size at MAIL"
head -c 60000 /dev/zero | tr '\0' 'x' | fold -w 70 >"$SBX/big.body"
send --header "Subject: big-one" --body "$SBX/big.body" >"$SBX/big.txt"
sbx_expect "$SBX/big.txt" '^<\*\* 552 5\.3\.4 Too big' "counted size at end of data" || bad "size at eom"
send --header "Subject: small-one" --body "small" >"$SBX/small.txt"
sbx_expect "$SBX/small.txt" "$accepted" "a small message goes through" || bad "small message refused"

send --to a@rx.sandbox.test,b@rx.sandbox.test,c@rx.sandbox.test --header "Subject: three" >"$SBX/three.txt"
sbx_expect "$SBX/three.txt" '^<\*\* 452 4\.5\.3 Too many recipients' "rcpt_count at DATA" || bad "rcpt_count"
send --to a@rx.sandbox.test,b@rx.sandbox.test --header "Subject: two" >"$SBX/two.txt"
sbx_expect "$SBX/two.txt" "$accepted" "two recipients go through" || bad "two recipients refused"

send --header "Subject: hold-one" --body $'first line\nHOLD-ME\nlast line' >"$SBX/hold.txt"
sbx_expect "$SBX/hold.txt" "$accepted" "quarantined mail is accepted" || bad "quarantine: not accepted"
if sbx_wait "grep -lqs '^qheld by rule hold: HOLD-ME' $SBX/rx/mqueue/[hq]f*" 60; then
    sbx_in /usr/sbin/sendmail -C "$SBX/rx/sendmail.cf" -bp -qQ >"$SBX/mailq.txt" 2>&1 || true
    grep -q 'QUARANTINE: held by rule hold: HOLD-ME' "$SBX/mailq.txt" || bad "mailq -qQ: $(cat "$SBX/mailq.txt")"
else
    bad "no queue file with the quarantine reason: $(ls "$SBX"/rx/mqueue)"
fi

printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n' >"$SBX/odd.body"
send --header "Subject: odd-one" --body "$SBX/odd.body" >"$SBX/odd.txt"
sbx_expect "$SBX/odd.txt" '^<\*\* 451 4\.3\.0 ' "match limit: on_match_error tempfail" || bad "pathological pattern"
sbx_wait "grep -q 'rule odd: match limit exceeded (stage eom, on_match_error tempfail)' $SBX/log/maillog" 60 ||
    bad "no match-limit log line"

# Only the accepted, not quarantined ones reach the sink: image, small, two.
sbx_wait "[ \$(sbx_nsink) -ge 3 ]" 120 || bad "$(sbx_nsink) messages delivered, want 3"
! grep -lqs 'Subject: hold-one' "$SBX"/sink/*.eml || bad "the quarantined message was delivered"
[ "$fails" = 0 ] || { echo "FAIL: $fails checks"; grep milterpack "$SBX/log/maillog" | tail -30; exit 1; }
echo PASS
