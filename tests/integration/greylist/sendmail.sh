#!/bin/bash
# sendmail.sh: greylisting and protected recipients through real sendmail 8
# (MTA-RX instances in a private network namespace), each checked on the swaks
# transcript (full reply text), on the sink and on the milter's log lines.
# Loopback addresses 127.0.0.2-.9 stand for different clients (swaks -li).
#   lm (2525): LMDB store; grey_wait 15s, grey_expire and white_timeout at
#              their defaults; access map: cltaddr:127.0.0.5 ok, to:postmaster
#              ok. Also kill -9 and restart, and the `milterpack greylist` CLI.
#   dd (2526): LMDB, delay_greylisting_error_until_DATA.
#   ra (2527) and rb (2528): two MX hosts, each its own milter, sharing ONE
#              redis-server (unix socket only); on_store_error tempfail on ra,
#              accept on rb; redis is stopped mid-test.
#   pr (2529): protected recipients, sendmail X README 3.10.2 example.
#   ge (2530): grey_wait 1s, grey_expire 2s: a client that does not retry in
#              time starts over.
#   wt (2531): grey_wait 2s, grey_expire and white_timeout 30s: a whitelisted
#              client goes back to greylisting.
# Nothing here depends on how fast the machine is. The exact timing rules
# (boundaries, retry_after, white_expire, auto-whitelisting) are unit tests of
# the pure state machine (tests/unit/test_greylist_cases.hpp, run against both
# stores); this test keeps one check per rule through the real MTA, and each
# either waits with no upper bound (a retry after grey_wait, after grey_expire,
# after white_timeout: waiting longer cannot change the outcome) or has a
# window at least 10x the steps inside it: lm's early retry is one SMTP
# session inside grey_wait 15s; wt's confirmation and refresh are one session
# each inside its 30s. LMDB keeps whole seconds: each wait is counted from
# `date +%s` taken after the attempt that started the clock.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
sbx_init "$MP_BUILD_DIR/it/greylist-sendmail"
# set +e: sbx_stop kills every pid in $SBX/pids, including the ones this test
# already stopped (redis, the first milter-lm); under set -e that kill would
# end the trap early and leave the sandbox running.
trap 'set +e; sbx_stop' EXIT
chmod 755 "$SBX"
T=$SBX/t; mkdir -p "$T"; chmod 755 "$T"
CLI=$MP_BUILD_DIR/cli/milterpack

# conf NAME GREYLISTING-BODY [EXTRA-SECTIONS]: $T/NAME.conf for milter NAME
conf() {
    local grey=""
    [ -n "$2" ] && grey="greylisting { $2 }"
    cat >"$T/$1.conf" <<CONF
milter { socket = "unix:$T/$1.sock"; user = nobody; }
log { level = debug; ident = "mp-$1"; }
access_map { file = "$T/access"; }
$grey
${3:-}
CONF
    "$CLI" -f "$T/$1.conf" check-config >/dev/null
}
cat >"$T/access" <<'MAP'
cltaddr:127.0.0.5           ok
to:postmaster@example.test  ok
protectedrcpt:list1@local.dom list:<list1@local.dom>
protectedrcpt:list3 from:<moderator3@local.dom> cltaddr:127.0.0.3 cltaddr:10
MAP
cat >"$T/aliases" <<'ALIASES'
list1: <user1-1@l1-1.dom> <user2-1@l1-1.dom> <list2@local.dom>
list2: <user1-2@l2-1.dom> <user2-2@l2-2.dom>
list3: <user1-3@l3-1.dom> <user2-3@l3-2.dom>
ALIASES
for d in gl-lm gl-dd gl-ge gl-wt redis; do mkdir -p "$T/$d"; done
chown nobody "$T/gl-lm" "$T/gl-dd" "$T/gl-ge" "$T/gl-wt"
conf lm "grey_wait = 15s; lmdb { path = \"$T/gl-lm\"; }"
conf ge "grey_wait = 1s; grey_expire = 2s; lmdb { path = \"$T/gl-ge\"; }"
conf wt "grey_wait = 2s; grey_expire = 30s; white_timeout = 30s; lmdb { path = \"$T/gl-wt\"; }"
conf dd "grey_wait = 2s; flags = { delay_greylisting_error_until_DATA }; lmdb { path = \"$T/gl-dd\"; }"
REDIS="store = redis; redis { path = \"$T/redis/redis.sock\"; timeout = 5s; }"
conf ra "grey_wait = 2s; on_store_error = tempfail; $REDIS"
conf rb "grey_wait = 2s; on_store_error = accept; $REDIS"
conf pr "" "protected_recipients { allow_by = { sender, client_ip }; match_type = generic_lookup;
    reply = \"550 5.7.1 Only list members may post here\"; }
aliases { file = \"$T/aliases\"; }"

sbx_bg redis redis-server --port 0 --unixsocket "$T/redis/redis.sock" --unixsocketperm 777 \
    --save '' --appendonly no --dir "$T/redis"
sbx_wait "sbx_accepts $T/redis/redis.sock"
sbx_sink 10026
port=2525
for n in lm dd ra rb pr ge wt; do
    sbx_milter "$n" "$T/$n.conf"
    sbx_milter_ready "$n"
    sbx_mta "$n" $port 10026 "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$T/$n.sock, F=T, T=C:10s;S:10s;R:10s;E:1m')dnl"
    eval "PORT_$n=$port"; port=$((port + 1))
done

A='(<[^>]*>\.\.\. )?'      # sendmail may prefix a milter's text with the address
GREY="^<\\*\\* +451 4.7.1 ${A}Greylisted, please try again in"
n_sent=0
# send MTA CLIENT [swaks args]: one message from 127.0.0.CLIENT, subject unique;
# transcript in $T/$SUBJ.txt; sets SUBJ.
send() {
    local mta=$1 cl=$2 port; shift 2; port=PORT_$mta
    n_sent=$((n_sent + 1)); SUBJ="m$n_sent-$mta-c$cl"
    sbx_swaks "${!port}" --local-interface "127.0.0.$cl" --header "Subject: $SUBJ" \
        --from "${FROM:-alice@example.org}" --to "${TO:-bob@example.test}" "$@" >"$T/$SUBJ.txt" || true
}
# delivered: the sink has it; bounded by a sendmail queue run (-q1m) and more
delivered() {
    sbx_wait "grep -lq 'Subject: $SUBJ' $SBX/sink/*.eml 2>/dev/null" 150 ||
        { echo "FAIL: $SUBJ not delivered:"; sed 's/^/    /' "$T/$SUBJ.txt"; return 1; }
}
not_delivered() { sbx_not_accepted "$T/$SUBJ.txt" "$SUBJ"; }
greylisted() { sbx_expect "$T/$SUBJ.txt" "$GREY ${1:-[0-9]+} seconds\$" "greylisted ($SUBJ)"; not_delivered; }
passes() { sbx_expect "$T/$SUBJ.txt" '^<-  250 2.0.0 .* Message accepted' "accepted ($SUBJ)"; delivered; }
# logged MILTER REGEX: a decision line of that milter in the maillog
logged() {
    sbx_wait "grep -qE 'mp-$1\\[[0-9]+\\]: .*$2' $SBX/log/maillog" ||
        { echo "FAIL: no log line /$2/ from mp-$1"; grep "mp-$1" "$SBX/log/maillog" | tail -20; return 1; }
}
# wait_past S N: sleep until the clock's second is at least S+N
wait_past() { sbx_clock_past $(($1 + $2)); }
cli() { local c=$1; shift; sbx_in "$CLI" -f "$T/$c.conf" greylist "$@"; }

### wt and ge start their clocks: confirmation and refresh within white_timeout ###
send wt 4; greylisted 2; w1=$(date +%s)
send ge 3; greylisted 1; e1=$(date +%s)
logged ge 'key="127.0.0.3" state=new'
wait_past "$w1" 2; send wt 4; passes; w2=$(date +%s)   # whitelisted at a second <= w2
logged wt 'action=continue reason=greylisting key="127.0.0.4" state=greylisted'
send wt 4; passes
logged wt 'key="127.0.0.4" state=whitelisted'

### lm: the greylisting cycle ###
# 1. first attempt 451 with the wait, a retry before grey_wait 451 too, with
#    the rest of the wait (not a new one: the log says greylisted, not new)
send lm 2; greylisted 15; b1=$(date +%s)
logged lm 'to=<bob@example.test> action=tempfail reply="451 4.7.1 Greylisted, please try again in 15 seconds" reason=greylisting key="127.0.0.2" state=new'
send lm 2; greylisted '([1-9]|1[0-5])'
logged lm 'key="127.0.0.2" state=greylisted'
# 2. a client to be whitelisted and refreshed later
send lm 4; greylisted 15
# 3. exempt: access-map ok client, to: ok recipient of a greylisted client
send lm 5; passes
TO=postmaster@example.test send lm 2; passes
# 4. kill -9 right after a tempfail keeps the entry (LMDB commit before the reply)
send lm 6; greylisted; k1=$(date +%s)
sbx_kill milter-lm KILL
sbx_milter lm "$T/lm.conf"
sbx_wait "[ \$(grep -c 'mp-lm\[[0-9]*\]: NOQUEUE: listening on' $SBX/log/maillog) -ge 2 ]"
cli lm show 127.0.0.6 >"$T/show6.txt"
sbx_expect "$T/show6.txt" $'^127\\.0\\.0\\.6\tgreylisted\tfirst=[0-9TZ:-]+ last=[0-9TZ:-]+ whitelisted=- count=1 expires='
# 5. CLI: whitelist lets the next attempt pass, delete greylists it again
send lm 7; greylisted
cli lm whitelist 127.0.0.7
cli lm show 127.0.0.7 | grep -q $'^127\\.0\\.0\\.7\twhitelisted\t' || { echo "FAIL: show after whitelist"; exit 1; }
send lm 7; passes
logged lm 'key="127.0.0.7" state=whitelisted'
cli lm delete 127.0.0.7
if cli lm show 127.0.0.7; then echo "FAIL: show finds a deleted key"; exit 1; fi
if cli lm delete 127.0.0.7; then echo "FAIL: delete of a missing key exits 0"; exit 1; fi
send lm 7; greylisted 15
cli lm list >"$T/list.txt"
TAB=$'\t'
for c in 2 4 6 7; do sbx_expect "$T/list.txt" "^127\\.0\\.0\\.$c${TAB}greylisted${TAB}"; done
sbx_expect_not "$T/list.txt" '^127\.0\.0\.5'   # exempt clients leave no entry
cli lm stats >"$T/stats1.txt"
sbx_expect "$T/stats1.txt" '^entries 4$' && sbx_expect "$T/stats1.txt" '^greylisted 4$'
sbx_expect "$T/stats1.txt" '^store lmdb path=.* used_bytes=[1-9]'
# 6. after grey_wait: delivered, and the entry survived the kill -9 (state greylisted, not new)
wait_past "$b1" 15; send lm 2; passes
logged lm 'action=continue reason=greylisting key="127.0.0.2" state=greylisted'
wait_past "$k1" 15; send lm 6; passes
logged lm 'to=<bob@example.test> action=continue reason=greylisting key="127.0.0.6" state=greylisted'
send lm 4; passes
send lm 4; passes
logged lm 'key="127.0.0.4" state=whitelisted'
cli lm stats >"$T/stats2.txt"
sbx_expect "$T/stats2.txt" '^whitelisted 3$'   # .2, .4, .6
# 9. authenticated sessions skip greylisting, here at the milter protocol
#    level (mp-miltclient sends {auth_authen} with MAIL as sendmail does);
#    integration.auth.sendmail does it through sendmail's real SMTP AUTH.
cat >"$T/auth.mts" <<'MTS'
connect client8.sandbox.test 127.0.0.8
helo client8.sandbox.test
macro mail i=AUTHQID000001 {auth_type}=PLAIN {auth_authen}=alice
mail <alice@example.org>
rcpt <bob@example.test>
expect rcpt continue
macro mail i=NOAUTHQID0001
mail <alice@example.org>
rcpt <bob@example.test>
expect rcpt tempfail 451 4.7.1 Greylisted, please try again in 15 seconds
quit
MTS
"$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient" -s "unix:$T/lm.sock" -t 10 --script "$T/auth.mts" >"$T/auth.out" ||
    { echo "FAIL: authenticated session"; cat "$T/auth.out"; exit 1; }
cli lm show 127.0.0.8 | grep -q $'\tgreylisted\t.* count=1 ' || { echo "FAIL: auth session touched the store"; exit 1; }
[ "$(grep -c 'AUTHQID000001: .*greylisting' "$SBX/log/maillog")" = 0 ] || { echo "FAIL: auth session greylisted"; exit 1; }

### dd: the greylisting reply moves to DATA ###
send dd 2; not_delivered
sbx_expect "$T/$SUBJ.txt" '^<-  250 2.1.5 .*Recipient ok'
sbx_expect "$T/$SUBJ.txt" "^<\\*\\* +451 4.7.1 ${A}Greylisted, please try again in 2 seconds\$"
sbx_expect "$T/$SUBJ.txt" '^ -> DATA'
logged dd 'data: from=<alice@example.org> action=tempfail reply="451 4.7.1 Greylisted'
d1=$(date +%s); wait_past "$d1" 2; send dd 2; passes

### ra + rb: one redis for two MX hosts ###
send ra 2; greylisted 2; r1=$(date +%s)
cli rb show 127.0.0.2 | grep -q $'^127\\.0\\.0\\.2\tgreylisted\t' || { echo "FAIL: rb does not see ra's entry"; exit 1; }
cli rb list | grep -q $'^127\\.0\\.0\\.2\t' || { echo "FAIL: list on redis"; exit 1; }
wait_past "$r1" 2; send rb 2; passes
logged rb 'key="127.0.0.2" state=greylisted'
send ra 2; passes
cli ra stats >"$T/stats-redis.txt"
sbx_expect "$T/stats-redis.txt" '^entries 1$' && sbx_expect "$T/stats-redis.txt" '^whitelisted 1$'
# redis stopped: ra tempfails (4.3.0), rb accepts; each log line has the queue id
sbx_kill redis
send ra 3; not_delivered
sbx_expect "$T/$SUBJ.txt" "^<\\*\\* +451 4.3.0 ${A}Temporary local problem, please try again later\$"
logged ra '[0-9A-Za-z]{14}: greylisting store failed \(.*\), on_store_error=tempfail'
send rb 3; passes
logged rb '[0-9A-Za-z]{14}: greylisting store failed \(.*\), on_store_error=accept'
if cli ra list 2>"$T/cli-down.txt"; then echo "FAIL: CLI list with redis down exits 0"; exit 1; fi
sbx_expect "$T/cli-down.txt" 'greylist list: .*redis'

### pr: protected recipients (sendmail X README 3.10.2) ###
PR="^<\\*\\* +550 5.7.1 ${A}Only list members may post here\$"
FROM=user1-1@l1-1.dom TO=list1@local.dom send pr 2; passes
FROM=user2-1@l1-1.dom TO=list1@local.dom send pr 2; passes
FROM=user1-2@l2-1.dom TO=list1@local.dom send pr 2; sbx_expect "$T/$SUBJ.txt" "$PR"; not_delivered  # list2: no recursion
FROM=stranger@l1-1.dom TO=list1@local.dom send pr 2; sbx_expect "$T/$SUBJ.txt" "$PR"; not_delivered
FROM=moderator3@local.dom TO=list3@local.dom send pr 2; passes
FROM=someone@else.dom TO=list3@local.dom send pr 3; passes   # cltaddr:127.0.0.3
FROM=someone@else.dom TO=list3@local.dom send pr 2; sbx_expect "$T/$SUBJ.txt" "$PR"; not_delivered
FROM=user1-3@l3-1.dom TO=list3@local.dom send pr 2; sbx_expect "$T/$SUBJ.txt" "$PR"; not_delivered
FROM=someone@else.dom TO=list2@local.dom send pr 2; passes   # not protected
logged pr 'to=<list3@local.dom> action=reject reply="550 5.7.1 Only list members may post here"'

### the expiry rules, last: their clocks ran during everything above ###
# grey_expire: .3 never retried within 2 s of its first attempt and starts over
wait_past "$e1" 3; send ge 3; greylisted 1
logged ge 'key="127.0.0.3" state=grey-expired'
# white_timeout: .4 goes back to greylisting 30 s after it was whitelisted,
# although it kept sending mail (white_expire would not drop it)
wait_past "$w2" 31; send wt 4; greylisted 2
logged wt 'key="127.0.0.4" state=white-timeout'
echo "integration.greylist.sendmail: all checks passed ($n_sent messages, $SECONDS s)"
