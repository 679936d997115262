#!/bin/bash
# sendmail.sh: the recipient call-ahead through real sendmail 8, in a private
# network namespace:
#   swaks -> MTA-rx :2525 + milterpack (callahead { domains = { example.test };
#            next_hop = "inet:2526@127.0.0.1"; })
#         -> MTA-inner :2526, the internal server: example.test is local there,
#            so sendmail refuses unknown users at RCPT (550 5.1.1 ... User unknown)
# Checks, on swaks transcripts and the shared maillog:
#   1. an unknown user gets the inner server's 550 5.1.1 text at RCPT on MTA-rx
#   2. a known user (root) is accepted, the message delivered through MTA-rx
#   3. the same unknown user again: refused from the cache, and the inner
#      server logs no second "User unknown" for it (no connection)
#   4. a recipient outside the domains is not called ahead
#   5. next_hop = mailertable (MTA-mt :2527, its own milter): the route of
#      example.test in a mailertable file leads to the same inner server
#   6. inner server stopped: a new recipient gets 451 4.4.3 (on_unavailable =
#      tempfail); the cached ones keep their answers
# Nothing waits on the clock: each step is one SMTP session, awaited by its transcript.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
# The inner server delivers root's message locally: /var/mail gets a
# namespace-only layer, so nothing lands in the host's mailboxes.
export SBX_OVERLAYS=/var/mail
sbx_init "$MP_BUILD_DIR/it/callahead"
trap 'set +e; sbx_stop' EXIT
chmod 755 "$SBX"
T=$SBX/t; mkdir -p "$T" "$SBX/inner"; chmod 755 "$T"
PASS=0 FAIL=0
check() { if sbx_expect "$@"; then PASS=$((PASS + 1)); else FAIL=$((FAIL + 1)); fi; }   # FILE REGEX [what]
check_log() { sbx_logged "$1" "$2" || true; check "$@"; }   # the same for a line the syslog listener writes
LOG=$SBX/log/maillog

cat >"$T/rx.conf" <<CONF
milter { socket = "unix:$T/rx.sock"; user = nobody; }
log { level = debug; ident = "mp-rx"; }
callahead { domains = { example.test }; next_hop = "inet:2526@127.0.0.1"; timeout = 10s;
            positive_ttl = 1d; negative_ttl = 1h; on_unavailable = tempfail; pool_size = 2; }
CONF
printf '# internal servers\nexample.test\tsmtp:[127.0.0.1]\n' >"$T/mailertable"
cat >"$T/mt.conf" <<CONF
milter { socket = "unix:$T/mt.sock"; user = nobody; }
log { level = debug; ident = "mp-mt"; }
callahead { domains = { example.test }; next_hop = mailertable; mailertable = "$T/mailertable";
            mailertable_port = 2526; }
CONF
for n in rx mt; do
    "$MP_BUILD_DIR/cli/milterpack" -f "$T/$n.conf" check-config >/dev/null
    sbx_milter $n "$T/$n.conf"
    sbx_milter_ready $n
done

# The internal server: example.test is local, no mail hub, so RCPT checks the user.
echo example.test >"$SBX/inner/local-host-names"
sbx_sink 10026
sbx_mta inner 2526 10026 "FEATURE(\`use_cw_file')dnl
undefine(\`MAIL_HUB')dnl"
for n in rx:2525 mt:2527; do
    sbx_mta ${n%:*} ${n#*:} 2526 "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$T/${n%:*}.sock, F=T, T=C:10s;S:10s;R:30s;E:1m')dnl"
done

# swaks_to NAME RCPT: one session to MTA-rx; transcript in $T/NAME.txt
swaks_to() { sbx_swaks 2525 --from sender@remote.test --to "$2" --header "Subject: $1" >"$T/$1.txt" || true; }
inner_unknown() { grep -E "sm-inner\\[[0-9]+\\]: .*<$1>\\.\\.\\. User unknown" "$LOG" | wc -l; }

# 1. unknown user: the inner server's reply, passed through by MTA-rx
swaks_to unknown nosuchuser@example.test
check "$T/unknown.txt" '^<\*\* +550 5\.1\.1 <nosuchuser@example\.test>\.\.\. User unknown$' "inner server's 550 at RCPT"
check_log "$LOG" 'mp-rx\[[0-9]+\]: .*to=<nosuchuser@example\.test> action=reject .*reason=callahead refused$' "milter log: refused"
sbx_logged "$LOG" "sm-inner\\[[0-9]+\\]: .*<nosuchuser@example\\.test>\\.\\.\\. User unknown" || true
[ "$(inner_unknown nosuchuser@example.test)" = 1 ] && PASS=$((PASS + 1)) || { FAIL=$((FAIL + 1)); echo "FAIL: inner server asked $(inner_unknown nosuchuser@example.test) times" >&2; }

# 2. a known user
swaks_to known root@example.test
check "$T/known.txt" '^<-  250 2\.1\.5 <root@example\.test>\.\.\. Recipient ok' "known user accepted"
check "$T/known.txt" '^<-  250 2\.0\.0 .* Message accepted' "message accepted"
check_log "$LOG" 'mp-rx\[[0-9]+\]: .*to=<root@example\.test> action=continue reason=callahead accepted$' "milter log: accepted"

# 3. the unknown user again: from the cache, no second question to the inner server
swaks_to unknown2 nosuchuser@example.test
check "$T/unknown2.txt" '^<\*\* +550 5\.1\.1 <nosuchuser@example\.test>\.\.\. User unknown$' "cached 550"
check_log "$LOG" 'mp-rx\[[0-9]+\]: .*to=<nosuchuser@example\.test> action=reject .*reason=callahead refused \(cached\)$' "milter log: cached"
[ "$(inner_unknown nosuchuser@example.test)" = 1 ] && PASS=$((PASS + 1)) || { FAIL=$((FAIL + 1)); echo "FAIL: cache hit still asked the inner server" >&2; }

# 4. outside the domains: no call-ahead (MTA-rx relays it, Connect:127 RELAY)
swaks_to outside someone@elsewhere.test
check "$T/outside.txt" '^<-  250 2\.1\.5 <someone@elsewhere\.test>\.\.\. Recipient ok' "other domain not called ahead"

# 5. the mailertable's route
sbx_swaks 2527 --from sender@remote.test --to mtuser@example.test >"$T/mt.txt" || true
check "$T/mt.txt" '^<\*\* +550 5\.1\.1 <mtuser@example\.test>\.\.\. User unknown$' "550 through the mailertable route"
check_log "$LOG" 'mp-mt\[[0-9]+\]: .*to=<mtuser@example\.test> action=reject .*reason=callahead refused$' "mailertable milter log"

# 6. the inner server stopped: tempfail for a new recipient, cached answers stay.
# Its daemon and the session processes it forked (one serves milterpack's
# pooled connection), by pid.
d=$(cat "$SBX/mta-inner.pid")
for p in /proc/[0-9]*; do
    [ "$(awk '{print $4}' "$p/stat" 2>/dev/null)" = "$d" ] && kill "${p#/proc/}" 2>/dev/null || true
done
sbx_kill mta-inner
sbx_wait "! sbx_listening 2526"
swaks_to down other@example.test
check "$T/down.txt" '^<\*\* +451 4\.4\.3 <other@example\.test>\.\.\. Cannot verify the recipient now, please try again later$|^<\*\* +451 4\.4\.3 Cannot verify the recipient now, please try again later$' "451 with the next hop down"
check_log "$LOG" 'mp-rx\[[0-9]+\]: .*to=<other@example\.test> action=tempfail .*reason=callahead unavailable \(.*\), on_unavailable=tempfail$' "milter log: unavailable"
swaks_to down-known root@example.test
check "$T/down-known.txt" '^<-  250 2\.1\.5 <root@example\.test>\.\.\. Recipient ok' "cached positive answer with the next hop down"

echo "integration.callahead.sendmail: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
