#!/bin/bash
# sendmail.sh: milterpack-milter behind a real sendmail 8 MTA-RX in a private
# network namespace; every access-map outcome is checked on the swaks
# transcript (full reply text) and on the sink. Clients 127.0.0.2/.3/.4 stand
# for different remote hosts (swaks --local-interface).
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
sbx_init "$MP_BUILD_DIR/it/access-sendmail"; trap sbx_stop EXIT
chmod 755 "$SBX"
T=$SBX/t; mkdir -p "$T"; chmod 755 "$T"

cat >"$T/access" <<'MAP'
# sendmail X README 3.9.3 style entries
cltaddr:127.0.0.2           error:550 5.7.1 Access denied for 127.0.0.2
cltaddr:127.0.0.3           error:550 5.7.1 Client 127.0.0.3 refused
cltaddr:127.0.0.4           quick:error:554 5.7.1 Client 127.0.0.4 refused at once
to:root@example.test        error:551 5.7.1 No mail to root
to:postmaster@example.test  quick:ok
from:@spammer.example       error:553 5.7.1 No spammers
from:@.spammer.example      error:553 5.7.1 No spammers in subdomains either
from:blackhole@example.org  discard
to:nobody+*@example.test    discard
MAP
conf() {  # conf FLAGS: the milter configuration with `policy { flags = FLAGS; }`
    cat >"$T/mp.conf" <<CONF
milter { socket = "unix:$T/milter.sock"; user = nobody; }
log { level = debug; }
policy { flags = $1; }
access_map { file = "$T/access"; }
CONF
}
conf '{}'
"$MP_BUILD_DIR/cli/milterpack" -f "$T/mp.conf" check-config

sbx_sink 10026
sbx_milter rx "$T/mp.conf"
sbx_milter_ready rx
sbx_mta rx 2525 10026 "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$T/milter.sock, F=T, T=C:10s;S:10s;R:10s;E:1m')dnl"

# sendmail may prefix a milter's text with the address ("<a@b>... ")
A='(<[^>]*>\.\.\. )?'
send() {  # send NAME [swaks args]: transcript in $T/NAME.txt
    local name=$1; shift
    sbx_swaks 2525 --header "Subject: $name" "$@" >"$T/$name.txt" || true
}
delivered() {  # delivered SUBJECT: exactly one sink message carries it
    sbx_wait "grep -lq 'Subject: $1' $SBX/sink/*.eml 2>/dev/null" 150 || { echo "FAIL: '$1' not in sink"; return 1; }
}
not_delivered() { sbx_not_accepted "$T/$1.txt" "$1"; }
# discarded NAME: sendmail accepted the message and its delivery status for that
# queue id is final: stat=discarded (the milter's verdict); it never reaches the sink.
discarded() {
    local q; q=$(sed -nE 's/^<-  250 2\.0\.0 ([0-9A-Za-z]{14}) Message accepted.*/\1/p' "$T/$1.txt")
    [ -n "$q" ] || { echo "FAIL: '$1' not accepted"; sed 's/^/    /' "$T/$1.txt"; return 1; }
    sbx_wait "grep -qE 'sm-rx\\[[0-9]+\\]: $q: to=.*, stat=discarded' $SBX/log/maillog" ||
        { echo "FAIL: no discard logged for '$1' ($q)"; grep "$q" "$SBX/log/maillog"; return 1; }
    ! grep -lqE "^Subject: $1"$'\r?$' "$SBX"/sink/*.eml 2>/dev/null || { echo "FAIL: '$1' reached the sink"; return 1; }
}

# 1. other mail reaches the sink
send clean --from alice@example.org --to bob@example.test
sbx_expect "$T/clean.txt" '^<-  250 2.0.0 .* Message accepted' && delivered clean
# 2. a to: error entry gives its own 5xx text at RCPT
send root --from alice@example.org --to root@example.test
sbx_expect "$T/root.txt" "^<\\*\\* +551 5.7.1 ${A}No mail to root$"
# 3. from: with exact domain and the leading-dot subdomain form
send spam1 --from x@spammer.example --to bob@example.test
sbx_expect "$T/spam1.txt" "^<\\*\\* +553 5.7.1 ${A}No spammers$"
send spam2 --from x@mx.spammer.example --to bob@example.test
sbx_expect "$T/spam2.txt" "^<\\*\\* +553 5.7.1 ${A}No spammers in subdomains either$"
# 4. a cltaddr: reject refuses the session: HELO is answered, MAIL gets the map's text
send client2 --from alice@example.org --to bob@example.test --local-interface 127.0.0.2
sbx_expect "$T/client2.txt" "^<\\*\\* +550 5.7.1 ${A}Access denied for 127.0.0.2$"
sbx_expect_not "$T/client2.txt" 'RCPT TO'
# 5. without delay_checks, to: quick:ok does not override a session rejection
send client3-nodelay --from alice@example.org --to postmaster@example.test --local-interface 127.0.0.3
sbx_expect "$T/client3-nodelay.txt" "^<\\*\\* +550 5.7.1 ${A}Client 127.0.0.3 refused$"
not_delivered client3-nodelay
# 6. discard: MAIL discard swallows the message; a to: discard drops that recipient only
send discard --from blackhole@example.org --to bob@example.test
discarded discard
send discard-rcpt --from alice@example.org --to nobody+x@example.test,carol@example.test
delivered discard-rcpt
grep -l 'Subject: discard-rcpt' "$SBX"/sink/*.eml | xargs grep -q $'^X-Sink-Rcpt-To: <carol@example.test>\r$' ||
    { echo "FAIL: discarded recipient still delivered"; exit 1; }

# 7. delay_checks after SIGUSR1: session and MAIL rejections move to RCPT,
#    where to: quick:ok overrides them; quick:error still rejects at once
# sbx_kill_usr1: SIGUSR1 to the milter; reloaded: its reload line for that
# signal (one more 'SIGUSR1: reloaded' than before it, not any 'reloaded' line)
reloads() { grep -c 'SIGUSR1: reloaded' "$SBX/log/maillog" || true; }
sbx_kill_usr1() { n_reloads=$(reloads); kill -USR1 "$(cat "$SBX/milter-rx.pid")"; }
reloaded() { sbx_wait '[ "$(reloads)" -gt "$n_reloads" ]'; }
conf '{ delay_checks }'
sbx_kill_usr1
reloaded
send delayed --from alice@example.org --to bob@example.test --local-interface 127.0.0.3
sbx_expect "$T/delayed.txt" '^<-  250 2.1.0 .*Sender ok'
sbx_expect "$T/delayed.txt" "^<\\*\\* +550 5.7.1 ${A}Client 127.0.0.3 refused$"
send delayed-pm --from alice@example.org --to postmaster@example.test --local-interface 127.0.0.3
sbx_expect "$T/delayed-pm.txt" '^<-  250 2.1.5 .*Recipient ok' && delivered delayed-pm
send delayed-spam --from x@spammer.example --to postmaster@example.test
delivered delayed-spam
send quick4 --from alice@example.org --to postmaster@example.test --local-interface 127.0.0.4
sbx_expect "$T/quick4.txt" "^<\\*\\* +554 5.7.1 ${A}Client 127.0.0.4 refused at once$"
sbx_expect_not "$T/quick4.txt" 'RCPT TO'

# 8. soft_bounce: 5xx becomes 4xx, enhanced code too
conf '{ delay_checks, soft_bounce }'; sbx_kill_usr1
reloaded
send soft --from alice@example.org --to root@example.test
sbx_expect "$T/soft.txt" "^<\\*\\* +451 4.7.1 ${A}No mail to root$"

# 9a. SIGUSR1 with a broken configuration file keeps the running one, with every error logged
cp "$T/mp.conf" "$T/mp.conf.good"
printf 'policy { flags = { delay_checks, soft_bounce }; }\naccess_map { file = "%s/access"; colour = red; }\n' "$T" >"$T/mp.conf"
sbx_kill_usr1
sbx_wait "grep -q 'reload failed, keeping the running configuration: .*mp.conf:2:[0-9]*: .*colour' $SBX/log/maillog"
send bad-conf --from alice@example.org --to root@example.test
sbx_expect "$T/bad-conf.txt" "^<\\*\\* +451 4.7.1 ${A}No mail to root$"
cp "$T/mp.conf.good" "$T/mp.conf"

# 9. a broken map keeps the old one (file-change detection, no signal), a fixed one is taken
cp "$T/access" "$T/access.good"
printf 'to:broken@example.test\n' >>"$T/access"
sbx_wait "grep -q 'does not load' $SBX/log/maillog"
grep -q "access:[0-9]*:[0-9]*: " "$SBX/log/maillog" || { echo "FAIL: no file:line:column in the log"; exit 1; }
send still-root --from alice@example.org --to root@example.test
sbx_expect "$T/still-root.txt" "^<\\*\\* +451 4.7.1 ${A}No mail to root$"
{ cat "$T/access.good"; printf 'to:carol@example.test error:550 5.1.1 Carol left\n'; } >"$T/access.new"
mv "$T/access.new" "$T/access"
# The running milter notices the change by itself once it settled (two checks
# a second apart, maps/source.hpp): poll with
# real sessions until the new entry answers, for at most 60 s.
carol() { send carol --from alice@example.org --to carol@example.test; grep -qE "^<\\*\\* +450 4.1.1 ${A}Carol left$" "$T/carol.txt"; }
sbx_wait carol || sbx_expect "$T/carol.txt" "^<\\*\\* +450 4.1.1 ${A}Carol left$" "the changed map in use"

# 10. privileges dropped; one log line per decision with the queue id
[ "$(ps -o user= -p "$(cat "$SBX/milter-rx.pid")")" = nobody ] || { echo "FAIL: milter not running as nobody"; exit 1; }
grep -qE 'milterpack-milter\[[0-9]+\]: [0-9A-Za-z]{14}: rcpt: .*to=<root@example.test> action=reject' "$SBX/log/maillog" ||
    { echo "FAIL: no decision line with queue id"; cat "$SBX/log/maillog"; exit 1; }
echo "integration.access.sendmail: all checks passed"
