#!/bin/bash
# sendmail.sh: DNS lists through real sendmail 8 (MTA-RX on 127.0.0.1:2525
# with milterpack-milter, relaying to a sink) and a real nsd serving bl.test
# and wl.test, in the sandbox namespace. Each client is a loopback address
# swaks binds to:
#  - 127.0.0.3, listed on the "hard" list: rejected at MAIL, the list's TXT
#    record in the reply;
#  - 127.0.0.2, listed on the "soft" list: greylisted with the rule's 1h
#    delay (the section's is 1s), the log naming the rule;
#  - 127.0.0.4, on the allow list: not greylisted, delivered with
#    "X-Greylist: Sender whitelisted by rule ..., not delayed by";
#  - 127.0.0.5, on no list: greylisted 1s, delivered on its retry with
#    "X-Greylist: Delayed for HH:MM:SS by milterpack-VERSION (rx.sandbox.test)";
#  - nsd SIGSTOPped, 127.0.0.6 (listed soft): not listed (the section's 1s
#    delay) well within the lists' 2s deadline, and one warning line.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
sbx_init "$MP_BUILD_DIR/it/dnsbl"; trap 'dns_signal CONT 2>/dev/null || true; sbx_stop' EXIT
chmod 755 "$SBX"
dns_start "$MP_SOURCE_DIR/tests/integration/dnsbl/zones"
mkdir -p "$SBX/gl"; chown nobody "$SBX/gl"
cat >"$SBX/mp.conf" <<CONF
milter { socket = "unix:$SBX/mp.sock"; user = nobody; }
log { level = info; }
dns { servers = { 127.0.0.1 }; }
dnsbl soft { zone = "bl.test"; returns = { 127.0.0.2 }; timeout = 2s; }
dnsbl hard { zone = "bl.test"; returns = { "127.0.0.10/31" }; timeout = 2s; }
dnswl trusted { zone = "wl.test"; timeout = 2s; }
greylisting { grey_wait = 1s; add_header = yes; lmdb { path = "$SBX/gl"; } }
rule listed_hard { stage = mail; dnsbl = "hard"; action = reject; reply = "550 5.7.1 Listed on bl.test: %t"; }
rule allowed { stage = rcpt; dnswl = "trusted"; action = skip_greylisting; }
rule listed_soft { stage = rcpt; dnsbl = "soft"; action = greylist; grey_wait = 1h; }
CONF
"$MP_BUILD_DIR/cli/milterpack" -f "$SBX/mp.conf" check-config >/dev/null
sbx_sink 10026
sbx_milter rx "$SBX/mp.conf"
sbx_milter_ready rx
sbx_mta rx 2525 10026 "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$SBX/mp.sock, F=T, T=C:30s;S:30s;R:30s;E:1m')dnl"
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
log="$SBX/log/maillog"
# send CLIENT SUBJECT: one message from a loopback client address.
send() { sbx_swaks 2525 --local-interface "$1" --from "a@example.test" --to bob@rx.sandbox.test --header "Subject: $2"; }
# headers SUBJECT: the delivered message's header block (after waiting for it).
headers() {
    sbx_wait "grep -lq 'Subject: $1' $SBX/sink/*.eml 2>/dev/null" 120 || return 1
    tr -d '\r' <"$(grep -l "Subject: $1" "$SBX"/sink/*.eml)" | awk '/^$/ {exit} {print}'
}

send 127.0.0.3 hard >"$SBX/hard.txt" || true
sbx_expect "$SBX/hard.txt" '^<\*\* 550 5\.7\.1 <a@example\.test>\.\.\. Listed on bl\.test: Blocked, see http://bl\.test/lookup\?ip=127\.0\.0\.3' \
    "hard-listed client rejected with the TXT" || bad "hard-listed client not rejected with the TXT record"

send 127.0.0.2 soft >"$SBX/soft.txt" || true
sbx_expect "$SBX/soft.txt" '^<\*\* 451 4\.7\.1 Greylisted, please try again in 3600 seconds' \
    "soft-listed client greylisted 1h" || bad "soft-listed client not greylisted with the rule's delay"
sbx_logged "$log" 'rule=listed_soft' || bad "the greylisting log line does not name the rule"
sbx_logged "$log" 'dnsbl soft: client \[127\.0\.0\.2\] listed \(127\.0\.0\.2\)' || bad "no listing log line"

send 127.0.0.4 allowed >"$SBX/allowed.txt" || true
sbx_expect "$SBX/allowed.txt" '^<-  250 2\.0\.0 .*Message accepted' "allow-listed client not greylisted" ||
    bad "allow-listed client not accepted at once"
if h=$(headers allowed); then
    grep -Eq '^X-Greylist: Sender whitelisted by rule allowed, not delayed by milterpack-[0-9.]+ \(rx\.sandbox\.test\); ' <<<"$h" ||
        bad "allowed: no X-Greylist 'not delayed' header: $h"
else
    bad "allowed message not delivered"
fi

p0=$EPOCHSECONDS
send 127.0.0.5 plain >"$SBX/plain1.txt" || true
sbx_expect "$SBX/plain1.txt" '^<\*\* 451 4\.7\.1 Greylisted, please try again in 1 seconds' "unlisted client greylisted 1s" ||
    bad "unlisted client not greylisted with the section's delay"
sleep 3  # grey_wait is 1s: any wait past it lets the retry through
send 127.0.0.5 plain >"$SBX/plain2.txt" || true
p1=$EPOCHSECONDS
sbx_expect "$SBX/plain2.txt" '^<-  250 2\.0\.0 .*Message accepted' "retry accepted" || bad "retry after grey_wait not accepted"
if h=$(headers plain); then
    # The delay it reports runs from the first attempt to the retry: at least
    # grey_wait, at most the p1 - p0 s this test took for both (not a fixed
    # 9 s: two sessions and the pause take longer on a loaded machine).
    d=$(sed -nE 's/^X-Greylist: Delayed for ([0-9]{2}):([0-9]{2}):([0-9]{2}) by milterpack-[0-9.]+ \(rx\.sandbox\.test\); [A-Z][a-z]{2}, [0-9]{2} .*/\1 \2 \3/p' <<<"$h" |
        awk '{print $1 * 3600 + $2 * 60 + $3}')
    [ -n "$d" ] && [ "$d" -ge 1 ] && [ "$d" -le $((p1 - p0)) ] ||
        bad "plain: no X-Greylist 'Delayed for' header of 1 to $((p1 - p0)) s: $h"
else
    bad "retried message not delivered"
fi

dns_signal STOP
start=$(date +%s)
send 127.0.0.6 stopped >"$SBX/stopped.txt" || true
took=$(($(date +%s) - start))
dns_signal CONT
sbx_expect "$SBX/stopped.txt" '^<\*\* 451 4\.7\.1 Greylisted, please try again in 1 seconds' \
    "DNS down: not listed" || bad "with nsd stopped the client was not treated as unlisted"
sbx_logged "$log" 'dnsbl soft, dnsbl hard \(bl\.test\): client 127\.0\.0\.6: .*: not listed' || bad "no warning line for the failed lookup"
# the lists' deadline is 2s; 25s is the session's bound on a loaded machine
[ "$took" -lt 25 ] || bad "the session with nsd stopped took ${took}s"

[ "$fails" = 0 ] || { echo "FAIL: $fails checks"; tail -30 "$log"; exit 1; }
echo PASS
