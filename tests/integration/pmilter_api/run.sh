#!/bin/bash
# run.sh BINDIR: the in-tree libpmilter driven by mp-pmdriver. mp-testpm
# (links only the libpmilter API) answers per t/rules.tp; the scripts in t/
# say what each case proves. Every pmilter is started here and stopped by
# pid; sockets live in a temp dir (inet cases in a private network
# namespace, loopback only). Prints "N passed, N failed".
set -u
BIN=$1
SRC=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $T"
PM_PID=""
pass=0 fails=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $*"; fails=$((fails + 1)); }
stop_pm() { [ -n "$PM_PID" ] && kill -KILL "$PM_PID" 2>/dev/null && wait "$PM_PID" 2>/dev/null; PM_PID=""; }
trap 'stop_pm; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cp "$SRC"/t/* "$T/"
sed "s|BLOCKFILE|$T/release|; s|BLOCKQFILE|$T/releaseq|" "$SRC/t/rules.tp" >"$T/rules.tp"

# poll 'condition': every 50 ms for at most 60 s (a cap that only ends a
# failing run: a start or a callback takes seconds on a loaded 2-core machine).
poll() {
    local end=$((EPOCHSECONDS + 60))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
started() { cat "$T/pm.err" 2>/dev/null | grep -c 'libpmilter: listening on'; }
# start_pm [testpm options]: on unix:$T/pm.sock, bounded wait until it listens:
# one more "listening on" line (setdbg 1) in pm.err, which restarts append to.
# Not the socket file: it exists from bind(), before listen(), and a driver
# connecting in between was refused.
start_pm() {
    rm -f "$T/pm.sock"
    local n; n=$(started)
    "$BIN/mp-testpm" -d 1 -l "$T/pm.log" "$@" "unix:$T/pm.sock" "$T/rules.tp" 2>>"$T/pm.err" &
    PM_PID=$!
    poll '[ "$(started)" -gt "$n" ] || ! kill -0 "$PM_PID" 2>/dev/null'
    [ "$(started)" -gt "$n" ] && return 0
    echo "testpm did not start"; cat "$T/pm.err"; exit 1
}
# drive NAME WANT_RC [driver options...]: run t/NAME.pms.
drive() {
    local name=$1 want=$2; shift 2
    "$BIN/mp-pmdriver" -s "unix:$T/pm.sock" -t 20 "$@" --script "$T/$name.pms" >"$T/$name.out" 2>"$T/$name.err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$name $* (exit $rc)"; else
        not_ok "$name $*: exit $rc, want $want"; cat "$T/$name.out" "$T/$name.err"; fi
}
# logged PATTERN COUNT WHAT: testpm's log has COUNT lines matching PATTERN.
logged() {
    local n; n=$(grep -c -- "$1" "$T/pm.log")
    if [ "$n" -eq "$2" ]; then ok "$3"; else not_ok "$3: $n lines match '$1', want $2"; fi
}

start_pm
drive basic 0
logged '^client-v6.example connect family=inet6$' 1 "IPv6 client reaches connect as AF_INET6"
logged '^client-a.example mail <edit@example.org> SIZE=100 BODY=8BITMIME$' 1 "ESMTP args reach mail as argv"
logged '^client-a.example mail sender-without-brackets@example.org$' 1 "empty argv (not NULL) with '-'"
logged '^client-a.example rcpt <bad@example.org> argv=NULL$' 1 "no ESMTP args: argv NULL"
logged '^refused.example close$' 1 "close after a rejected connect"
drive interleave 0
drive interleave 0 --connections 3
drive split 0 --split-every-byte
n=$(grep -c '^split.example eom$' "$T/pm.log")
[ "$n" -eq 82 ] && ok "split-every-byte: two transactions, each unsplit and at 40 split positions, reached eom" ||
    not_ok "split eom count $n, want 82"
[ "$(grep -c '^a eom: split-every-byte 40 positions identical$' "$T/split.out")" -eq 2 ] &&
    ok "every split position gave identical results" ||
    { not_ok "split-every-byte summary"; cat "$T/split.out"; }
grep -q '^split.example chunks 1,40$' "$T/pm.log" && grep -q '^split.example chunks 38,3$' "$T/pm.log" &&
    ok "splits inside the final CRLF.CRLF delivered as sent" || not_ok "split chunk sizes"
drive flow 0
logged '^keep.example abort$' 1 "RSET: abort once, the session kept"
logged '^keep.example close$' 1 "the kept session closed once, at quit"
logged '^keep.example chunks 5$' 1 "msg CONT: no more chunks after the first"
logged '^keep.example chunks 11$' 1 "msg reject: the data phase ends at that chunk"
logged '^keep.example eom$' 1 "eom only for the transaction after RSET (not after msg CONT or msg reject)"
logged '^gone.example abort$' 1 "disconnect mid-transaction: abort"
logged '^gone.example close$' 1 "disconnect mid-transaction: close"
logged '^gone.example eom$' 0 "disconnect: no eom"

rm -f "$T/release"
drive slow-abort 0 --timeout 3 --on-timeout abort
poll 'grep -q "^slow.example close$" "$T/pm.log"'
logged '^slow.example abort$' 1 "timeout with abort: the slow session aborted at the pmilter"
logged '^slow.example close$' 1 "timeout with abort: and closed"
logged '^slow.example data$' 0 "timeout with abort: no further commands reach the pmilter"
rm -f "$T/release"
negs=$(grep -c '^- negotiate$' "$T/pm.log")
drive slow-accept 0 --timeout 3 --on-timeout accept_but_reconnect
poll 'grep -q "^slow2.example close$" "$T/pm.log"'
logged '^- negotiate$' $((negs + 2)) "accept_but_reconnect: the next session came on a new connection"
logged '^slow2.example close$' 1 "accept_but_reconnect: the dropped connection's session closed"
logged '^slow2.example data$' 0 "accept_but_reconnect: the session went on without the pmilter"

# The pmilter killed (SIGKILL) and started again while the driver runs.
"$BIN/mp-pmdriver" -s "unix:$T/pm.sock" -t 20 --script "$T/restart-1.pms" >"$T/restart.out" 2>"$T/restart.err" &
DRV=$!
poll '[ -e "$T/killme" ]'
stop_pm
start_pm
touch "$T/restarted"
wait "$DRV"; rc=$?
[ "$rc" -eq 0 ] && ok "driver reconnected to the restarted pmilter" || { not_ok "restart: exit $rc"; cat "$T/restart.out" "$T/restart.err"; }
logged '^after.example mail <after@example.org> argv=NULL$' 1 "the restarted pmilter served the next session"

# Malformed frames close that connection only; the library keeps serving.
python3 "$SRC/malformed.py" "$T/pm.sock" >"$T/malformed.out" 2>&1 && ok "malformed frames: X and close, each case" ||
    { not_ok "malformed frames"; cat "$T/malformed.out"; }
touch "$T/releaseq"
kill -0 "$PM_PID" 2>/dev/null && ok "testpm still running after malformed input" || not_ok "testpm died"
poll 'grep -q "^slowq.example close$" "$T/pm.log"'
logged '^slowq.example close$' 1 "the session of a closed connection is closed once its callback returns"
drive interleave 0
grep -q 'driver connection .* closed: bad frame length' "$T/pm.err" && ok "malformed frame logged (setdbg 1)" ||
    not_ok "malformed frame not logged"

# Load: many sessions at once on one and on several connections.
"$BIN/mp-pmdriver" -s "unix:$T/pm.sock" -t 20 --load 300 --concurrency 12 --connections 3 \
    --message-file "$T/hello.eml" --chunk 16 >"$T/load.out" 2>&1 &&
    grep -q 'sessions=300 .* errors=0 replies={CONT:300}' "$T/load.out" && ok "load: 300 sessions, 12 at once on 3 connections" ||
    { not_ok "load"; cat "$T/load.out"; }
grep -q 'overlap' "$T/pm.log" && not_ok "a session's callbacks overlapped" || ok "no session's callbacks overlapped"
stop_pm

# Limits of pmilter_T: one or two worker threads, two driver connections.
start_pm -s 1 -h 2 -f 2
"$BIN/mp-pmdriver" -s "unix:$T/pm.sock" -t 20 --load 100 --concurrency 6 --connections 2 \
    --message-file "$T/hello.eml" >"$T/limits.out" 2>&1 &&
    grep -q 'sessions=100 .* errors=0' "$T/limits.out" && ok "pmfi_thrmax_h 2: 100 sessions, 6 at once" ||
    { not_ok "limits load"; cat "$T/limits.out"; }
"$BIN/mp-pmdriver" -s "unix:$T/pm.sock" -t 20 --load 10 --connections 3 --message-file "$T/hello.eml" >"$T/fdmax.out" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -Eq 'negotiation: (connection closed by the pmilter|Connection reset by peer)' "$T/fdmax.out" &&
    ok "pmfi_fdmax 2: a third driver connection is closed at once" || { not_ok "fdmax: exit $rc"; cat "$T/fdmax.out"; }
stop_pm

# Wrong usage and scripts: exit 2 with file:line:column.
printf 'session a\nconnect h 300.1.1.1\n' >"$T/bad.pms"
"$BIN/mp-pmdriver" -s "unix:$T/pm.sock" --script "$T/bad.pms" 2>"$T/bad.err"; rc=$?
[ "$rc" -eq 2 ] && grep -q 'bad.pms:2:11: not an IPv4 or IPv6 address: 300.1.1.1' "$T/bad.err" &&
    ok "script error: exit 2 with file:line:column" || { not_ok "script error: exit $rc"; cat "$T/bad.err"; }
printf 'session a\nconnect h 192.0.2.1\nexpect PERM\n' >"$T/fail.pms"
start_pm
"$BIN/mp-pmdriver" -s "unix:$T/pm.sock" --script "$T/fail.pms" >/dev/null 2>"$T/fail.err"; rc=$?
[ "$rc" -eq 1 ] && grep -q 'fail.pms:3: expectation failed' "$T/fail.err" && ok "failed expectation: exit 1" ||
    { not_ok "failed expectation: exit $rc"; cat "$T/fail.err"; }
stop_pm
"$BIN/mp-pmdriver" -s "unix:$T/none.sock" -t 1 --script "$T/fail.pms" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] && ok "no pmilter: exit 3" || not_ok "no pmilter: exit $rc"

# inet sockets (IPv4 and IPv6 loopback) in a private network namespace.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
    for spec in "inet:7310@127.0.0.1" "inet:7311@[::1]"; do
        unshare -n bash -c '
            ip link set lo up
            "$1/mp-testpm" -d 1 "$2" "$3/rules.tp" 2>"$3/inet.err" & pm=$!
            end=$((EPOCHSECONDS + 60))   # until it listens: the driver does not retry a refused connect
            until grep -q "listening on" "$3/inet.err" || [ "$EPOCHSECONDS" -ge "$end" ]; do sleep 0.05; done
            "$1/mp-pmdriver" -s "$2" -t 10 --script "$3/interleave.pms" >/dev/null 2>&1; rc=$?
            kill $pm; exit $rc' _ "$BIN" "$spec" "$T" && ok "inet socket $spec" || not_ok "inet socket $spec"
    done
fi

echo "$pass passed, $fails failed"
[ "$fails" -eq 0 ]
