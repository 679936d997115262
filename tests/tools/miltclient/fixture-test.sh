#!/bin/sh
# fixture-test.sh BINDIR: run mp-miltclient's scripts (t/*.mts) against the
# real libmilter fixture filter (mp-fixfilter) on unix sockets in a temp dir,
# plus load mode and the must-fail cases. Filters are stopped by pid. Reply
# timeouts (-t 30) and start-up waits are generous caps on a failing run.
set -u
BIN=$1
SRC=$(cd "$(dirname "$0")" && pwd)
CLIENT=$BIN/mp-miltclient
T=$(mktemp -d)
PIDS=""
fails=0
cleanup() {  # SIGTERM all, bounded wait (libmilter may take seconds), then SIGKILL
    for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
    i=0
    for p in $PIDS; do
        while kill -0 "$p" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$p" 2>/dev/null
    done
    rm -rf "$T"
}
trap cleanup EXIT
not_ok() { echo "not ok - $*"; fails=$((fails + 1)); }
ok() { echo "ok - $*"; }

# start_filter SOCKNAME [plain]: bounded wait (60 s, generous: it only bounds
# a failing run) until the filter logs that it listens. Not the socket file:
# it exists from bind(), before listen(), and a script connecting in between
# is refused.
start_filter() {
    "$BIN/mp-fixfilter" "unix:$T/$1" ${2:-} 2>"$T/$1.log" &
    PIDS="$PIDS $!"
    i=0
    until grep -q 'listening on' "$T/$1.log" 2>/dev/null || [ $i -ge 600 ]; do sleep 0.1; i=$((i + 1)); done
    grep -q 'listening on' "$T/$1.log" 2>/dev/null || { echo "fixfilter did not start"; cat "$T/$1.log"; exit 1; }
}

cp "$SRC"/t/* "$T/"
head -c 200000 /dev/zero | tr '\0' 'x' | fold -w 78 > "$T/big.raw"
# exactly 200000 bytes after CRLF normalization
/usr/bin/python3 -c "import sys; d=open(sys.argv[1],'rb').read().replace(b'\n',b'\r\n')[:200000]; open(sys.argv[2],'wb').write(d)" "$T/big.raw" "$T/big.body"

start_filter fix.sock
start_filter plain.sock plain

run() {  # run SOCK SCRIPT WANT_RC
    "$CLIENT" -s "unix:$T/$1" -t 30 --script "$T/$2" >"$T/$2.out" 2>"$T/$2.err"
    rc=$?
    if [ "$rc" -eq "$3" ]; then ok "$2 (exit $rc)"; else
        not_ok "$2: exit $rc, want $3"; cat "$T/$2.out" "$T/$2.err"; fi
}
run fix.sock basic.mts 0
run fix.sock message.mts 0
run fix.sock decisions.mts 0
run plain.sock plain.mts 0
run fix.sock fail-expect.mts 1
grep -q '^  want: rcpt: reject 550 5.7.1 No mail to ROOT$' "$T/fail-expect.mts.err" &&
    grep -q '^  got:  rcpt: reject 550 5.7.1 No mail to root$' "$T/fail-expect.mts.err" &&
    [ "$(grep -c 'failed$' "$T/fail-expect.mts.err")" -eq 2 ] ||
    { not_ok "fail-expect diff output"; cat "$T/fail-expect.mts.err"; }
run fix.sock bad-syntax.mts 2
grep -q 'bad-syntax.mts:3:16: want NAME=VALUE: justaname' "$T/bad-syntax.mts.err" && [ ! -s "$T/bad-syntax.mts.out" ] ||
    { not_ok "bad-syntax message"; cat "$T/bad-syntax.mts.err"; }

# A filter that is not there: a clear error, exit 3.
echo "connect a.example 192.0.2.1" > "$T/nofilter.mts"
run nosuch.sock nofilter.mts 3
grep -q 'connect unix:.*nosuch.sock' "$T/nofilter.mts.err" || { not_ok "nofilter message"; cat "$T/nofilter.mts.err"; }

# Load mode: every transaction checked; several per connection, 2 threads.
load() {  # load WANT_RC ARGS...
    want=$1; shift
    "$CLIENT" -s "unix:$T/fix.sock" -t 30 --message-file "$T/folded.eml" "$@" >"$T/load.out" 2>"$T/load.err"
    rc=$?
    [ "$rc" -eq "$want" ] || { not_ok "load $*: exit $rc"; cat "$T/load.out" "$T/load.err"; return 1; }
}
load 0 --load 300 --concurrency 2 --per-connection 3 --macro connect:j=mx.test \
    --expect continue --expect-action "addheader X-Fix-Body:32" &&
    grep -Eq '^transactions=300 seconds=[0-9.]+ rate=[0-9.]+/s p50_ms=[0-9.]+ p99_ms=[0-9.]+ errors=0 replies=\{continue:300\} actions=\{addheader:1200,insheader:300\}$' "$T/load.out" &&
    ok "load 300 x2 per-connection 3: $(cat "$T/load.out")" || { not_ok "load summary"; cat "$T/load.out"; }
load 1 --load 20 --rcpt '<root@example.test>' --expect continue &&
    grep -q 'errors=20 replies={reject:20}' "$T/load.out" &&
    grep -q "final reply 'reject 550 5.7.1 No mail to root', expected 'continue'" "$T/load.err" &&
    ok "load counts unexpected replies as errors" || { not_ok "load reject"; cat "$T/load.out" "$T/load.err"; }

[ $fails -eq 0 ] && echo "all passed" || echo "$fails failed"
exit $fails
