#!/bin/bash
# metrics.sh: milterpack-milter's metrics endpoint, scraped while and after
# mp-miltclient drives it, in a private network namespace (loopback only):
# the decision, greylisting, DKIM and scanner (a real clamd) counters equal
# the decisions the client saw, the latency histograms counted every call, the sessions
# gauge returns to 0, the store-size gauge reads the store, and
# `milterpack stats` prints what python's urllib gets. Also the start-up,
# reload, DKIM (d=, s=) and shutdown log lines.
# Nothing is timed: waits are bounded polls (60 s caps that only end a failing run).
set -uo pipefail
if [ -z "${MP_IN_NETNS:-}" ]; then exec env MP_IN_NETNS=1 unshare --net bash "$0" "$@"; fi
ip link set lo up || { echo "FAIL: no loopback in the namespace"; exit 1; }
CLI=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
CLIENT=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-metrics.XXXXXX"); chmod 755 "$T"
mpid=
cleanup() { [ -z "$mpid" ] || kill -9 "$mpid" 2>/dev/null; "$PEERS" stop "$T/peers" >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$T/milter.log" ] && tail -20 "$T/milter.log"; exit 1; }
wait_for() {
    local end=$((EPOCHSECONDS + 60))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
scrape() { python3 -c 'import urllib.request,sys; sys.stdout.write(urllib.request.urlopen("http://127.0.0.1:9465/metrics", timeout=30).read().decode())'; }
# value NAME_AND_LABELS: the sample's value in the last scrape ($T/scrape), 0 when absent
value() { awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }' "$T/scrape"; }
expect() {  # expect NAME_AND_LABELS WANT
    local got; got=$(value "$1")
    [ "$got" = "$2" ] || fail "$1 = $got, want $2"
}

mkdir -p "$T/gl" "$T/peers"; chown nobody "$T/gl"
"$PEERS" start-clamd "$T/peers" >/dev/null || fail "clamd did not start"
"$CLI" dkim keygen -d example.org -s m1 -D "$T/keys" -u nobody >/dev/null 2>&1 || fail "keygen"
printf 'to:root@example.test error:551 5.7.1 No\n' >"$T/access"
cat >"$T/mp.conf" <<CONF
milter { socket = "unix:$T/m.sock"; user = nobody; }
metrics { listen = "127.0.0.1:9465"; }
access_map { file = "$T/access"; }
greylisting { grey_wait = 1h; lmdb { path = "$T/gl"; } }
dkim { domain = example.org; selector = m1; key_file = "$T/keys/m1.private";
       daemons = {}; internal_networks = { 192.0.2.0/24 }; }
scanner clam { type = clamd; socket = "unix:$T/peers/clamd/clamd.sock"; timeout = 30s; }
CONF
"$CLI" -f "$T/mp.conf" check-config >/dev/null || fail "check-config: $("$CLI" -f "$T/mp.conf" check-config 2>&1)"
"$CLI" -f "$T/mp.conf" greylist whitelist 192.0.2.7 || fail "greylist whitelist"
printf 'From: <alice@example.org>\r\nTo: <bob@example.test>\r\nSubject: m\r\n\r\nhello\r\n' >"$T/msg.eml"
EICAR='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf 'From: <alice@example.org>\r\nTo: <bob@example.test>\r\nSubject: v\r\n\r\n%s\r\n' "$EICAR" >"$T/virus.eml"

"$MILTER" -f "$T/mp.conf" -d 2>"$T/milter.log" & mpid=$!
wait_for "grep -qs 'listening on' '$T/milter.log'" || fail "milter did not start"
grep -q "milterpack-milter [0-9.]* starting, configuration $T/mp.conf" "$T/milter.log" || fail "no start-up line"
grep -q "metrics on http://127.0.0.1:9465/metrics" "$T/milter.log" || fail "no metrics line"
"$CLI" -f "$T/mp.conf" stats >"$T/scrape" || fail "milterpack stats before any load"
expect milterpack_sessions 0
expect milterpack_greylist_entries 1
grep -q '^milterpack_decisions_total{stage="rcpt",action="reject",reason="access"} 0$' "$T/scrape" ||
    fail "the decision series are not there at 0 before the first decision"

load() {  # load N CLIENT_ADDR RCPT [MESSAGE]: N transactions on one connection each
    "$CLIENT" -s "unix:$T/m.sock" -t 30 --load "$1" --concurrency 3 --per-connection 1 \
        --message-file "${4:-$T/msg.eml}" --mail '<alice@example.org>' --rcpt "$3" --client-addr "$2" >"$T/load.out" 2>&1 ||
        fail "load $*: $(cat "$T/load.out")"
    grep -Eq "^transactions=$1 .* errors=0 " "$T/load.out" || fail "load $*: $(cat "$T/load.out")"
}
load 20 192.0.2.10 '<root@example.test>'   # access map: 551 at RCPT
load 30 192.0.2.9 '<bob@example.test>'     # greylisted: 451 at RCPT
# whitelisted: signed at end-of-data; scraped over and over while it runs
# with `milterpack stats` (each scrape complete, the signature counter never going down)
(load 200 192.0.2.7 '<bob@example.test>') & lpid=$!
scrapes=0 last=0
while kill -0 "$lpid" 2>/dev/null; do
    "$CLI" -f "$T/mp.conf" stats >"$T/scrape" || fail "milterpack stats during the load"
    grep -q '^# TYPE milterpack_sessions gauge$' "$T/scrape" || fail "incomplete scrape during the load"
    now=$(value milterpack_dkim_signatures_total)
    [ "$now" -ge "$last" ] || fail "dkim_signatures_total went down: $last -> $now"
    last=$now scrapes=$((scrapes + 1))
done
wait "$lpid" || exit 1
load 5 192.0.2.7 '<bob@example.test>' "$T/virus.eml"   # infected: 550 at end-of-data
kill -USR1 "$mpid"
wait_for "grep -q 'SIGUSR1: reloaded' '$T/milter.log'" || fail "no reload line"
# sessions end when the MTA side closes: poll until the gauge is back to 0
wait_for 'scrape >"$T/scrape" && [ "$(value milterpack_sessions)" = 0 ]' || fail "sessions gauge: $(value milterpack_sessions)"
expect 'milterpack_sessions_total' 255
expect 'milterpack_decisions_total{stage="rcpt",action="reject",reason="access"}' 20
expect 'milterpack_decisions_total{stage="rcpt",action="tempfail",reason="greylisting"}' 30
expect 'milterpack_decisions_total{stage="eom",action="continue",reason="content"}' 200
expect 'milterpack_greylist_checks_total{result="greylisted"}' 30
expect 'milterpack_greylist_checks_total{result="pass"}' 205
expect 'milterpack_greylist_checks_total{result="error"}' 0
expect 'milterpack_backend_seconds_count{backend="greylist"}' 235
expect 'milterpack_backend_seconds_bucket{backend="greylist",le="+Inf"}' 235
expect 'milterpack_dkim_signatures_total' 200
expect 'milterpack_backend_seconds_count{backend="dkim"}' 200
expect milterpack_greylist_entries 2
expect 'milterpack_decisions_total{stage="eom",action="reject",reason="content"}' 5
expect 'milterpack_scans_total{scanner="clam",result="clean"}' 200
expect 'milterpack_scans_total{scanner="clam",result="infected"}' 5
expect 'milterpack_scans_total{scanner="clam",result="failed"}' 0
expect 'milterpack_backend_seconds_count{backend="scanner",scanner="clam"}' 205
grep -q '^# TYPE milterpack_backend_seconds histogram$' "$T/scrape" || fail "no histogram TYPE line"
# milterpack stats prints the same text (nothing has happened since the last scrape)
"$CLI" -f "$T/mp.conf" stats >"$T/stats" || fail "milterpack stats"
diff "$T/scrape" "$T/stats" >/dev/null || fail "milterpack stats differs from the scrape: $(diff "$T/scrape" "$T/stats" | head)"
[ "$(grep -c 'dkim: signed d=example.org s=m1$' "$T/milter.log")" = 200 ] || fail "DKIM log lines: $(grep -c 'dkim: signed' "$T/milter.log")"
kill -TERM "$mpid"
wait_for "! kill -0 $mpid 2>/dev/null" || fail "milter did not stop on SIGTERM"
wait "$mpid"; mrc=$?; mpid=
[ "$mrc" = 0 ] || fail "milter exited $mrc after SIGTERM (killed by it instead of stopping)"
grep -q 'milterpack-milter stopped$' "$T/milter.log" || fail "no shutdown line"
printf 'metrics { listen = "127.0.0.1:9465"; }\n' >"$T/down.conf"
out=$("$CLI" -f "$T/down.conf" stats 2>&1); st=$?
[ "$st" = 2 ] && grep -q 'Connection refused' <<<"$out" || fail "stats with the daemon down: exit $st: $out"
# milterpack-pmilter serves the same endpoint; its start-up names its socket
printf 'pmilter { socket = "unix:%s/p.sock"; user = nobody; }\nmetrics { listen = "127.0.0.1:9466"; }\n' "$T" >"$T/pm.conf"
"$MP_BUILD_DIR/pmilter/milterpack-pmilter" -f "$T/pm.conf" -d 2>"$T/pm.log" & mpid=$!
wait_for "grep -qs 'listening on' '$T/pm.log'" || fail "pmilter did not start: $(cat "$T/pm.log")"
grep -q "listening on unix:$T/p.sock, configuration $T/pm.conf\$" "$T/pm.log" || fail "pmilter start-up line: $(cat "$T/pm.log")"
"$CLI" -f "$T/pm.conf" stats >"$T/scrape" || fail "milterpack stats from the pmilter"
expect milterpack_sessions 0
kill -TERM "$mpid"; wait "$mpid"; mrc=$?; mpid=
[ "$mrc" = 0 ] && grep -q 'milterpack-pmilter stopped by signal 15$' "$T/pm.log" || fail "pmilter stop: exit $mrc: $(cat "$T/pm.log")"
echo "integration.prog.metrics: ok ($scrapes scrapes during the last load)"
