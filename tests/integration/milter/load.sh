#!/bin/bash
# load.sh: milterpack-milter under concurrent load while its configuration is
# reloaded (SIGUSR1) and its access map replaced (file-change refresh), over
# and over. Every stage runs: access map, greylisting (LMDB, the client is
# whitelisted with the CLI first, so each transaction reads and refreshes its
# entry), DKIM signing, and a real clamd at end-of-data (std::async plus
# progress). mp-miltclient drives C connections of K transactions each and
# checks every reply. Built with -DMP_TSAN=ON (scripts/test.sh runs it from
# build-tsan), ThreadSanitizer watches libmilter's worker pool, the reload
# thread and the scan thread; any report fails the test.
# Timing: nothing is timed. Reply timeouts (30 s) and waits (60 s) are caps
# that only bound a failing run; the storm lasts exactly as long as the load.
set -uo pipefail
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
CLI=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
CLIENT=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
N=${MP_LOAD_N:-400} C=${MP_LOAD_C:-4}
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-load.XXXXXX"); chmod 755 "$T"
mpid=
source "$MP_SOURCE_DIR/tests/integration/milter/common.sh"

mkdir -p "$T/peers" "$T/gl" "$T/keys"; chown nobody "$T/gl"
"$PEERS" start-clamd "$T/peers" >/dev/null || fail "clamd did not start"
"$CLI" dkim keygen --domain example.org --selector load --algorithm rsa --dir "$T/keys" >/dev/null || fail "keygen"
chown nobody "$T/keys/load.private"
map() { printf 'cltaddr:203.0.113.%d error:550 5.7.1 Go away\nto:root@example.test error:551 5.7.1 No\n' "$1"; }
map 1 >"$T/access"
cat >"$T/mp.conf" <<CONF
milter { socket = "unix:$T/m.sock"; user = nobody; }
log { level = info; }
access_map { file = "$T/access"; }
greylisting { grey_wait = 1h; lmdb { path = "$T/gl"; } }
dkim { domain = example.org; selector = load; key_file = "$T/keys/load.private";
       daemons = {}; internal_networks = { 192.0.2.0/24 }; }
scanner clam { type = clamd; socket = "unix:$T/peers/clamd/clamd.sock"; timeout = 30s; add_headers = yes; }
CONF
"$CLI" -f "$T/mp.conf" check-config >/dev/null || fail "check-config: $("$CLI" -f "$T/mp.conf" check-config 2>&1)"
"$CLI" -f "$T/mp.conf" greylist whitelist 192.0.2.7 || fail "greylist whitelist"
printf 'From: <alice@example.org>\r\nTo: <bob@example.test>\r\nSubject: load\r\n\r\nhello\r\n' >"$T/msg.eml"

"$MILTER" -f "$T/mp.conf" -d 2>"$T/milter.log" & mpid=$!
wait_for "grep -q 'listening on' '$T/milter.log'" || fail "milter did not start"

"$CLIENT" -s "unix:$T/m.sock" -t 30 --load "$N" --concurrency "$C" --per-connection 5 \
    --message-file "$T/msg.eml" --mail '<alice@example.org>' --rcpt '<bob@example.test>' \
    --client-addr 192.0.2.7 --expect continue --expect-action "insheader" >"$T/load.out" 2>"$T/load.err" &
cpid=$!
# the storm: SIGUSR1 and an atomically replaced map, as long as the load runs
storms=0
while kill -0 "$cpid" 2>/dev/null; do
    kill -USR1 "$mpid"
    map $((storms % 200)) >"$T/access.new" && mv "$T/access.new" "$T/access"
    storms=$((storms + 1)); sleep 0.05
done
wait "$cpid"; rc=$?
[ "$rc" = 0 ] || fail "load exited $rc: $(cat "$T/load.out" "$T/load.err")"
grep -Eq "^transactions=$N .* errors=0 " "$T/load.out" || fail "load summary: $(cat "$T/load.out")"
[ "$storms" -ge 2 ] || fail "only $storms reloads during the load (it ended too soon to overlap)"
wait_for "grep -q 'reloaded' '$T/milter.log'" || fail "no reload logged"
kill -TERM "$mpid"
wait_for "! kill -0 $mpid 2>/dev/null" || fail "milter did not stop on SIGTERM"
wait "$mpid"; mrc=$?; mpid=
grep -q 'ThreadSanitizer' "$T/milter.log" && fail "ThreadSanitizer report in the milter's log"
grep -qiE 'error|failed' "$T/milter.log" && fail "an error line in the milter's log"
[ "$mrc" = 0 ] || [ "$mrc" = 143 ] || fail "milter exited $mrc"
echo "integration.milter.load: $(cat "$T/load.out"); $storms reloads during the load"
