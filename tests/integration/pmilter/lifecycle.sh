#!/bin/bash
# lifecycle.sh: milterpack-pmilter as a daemon: a second instance refuses to
# take over a live socket, a file without a pmilter section and a broken
# file are refused with clear errors, the inet socket form (inside a private
# network namespace: loopback only) with the privilege drop after libpmilter
# listens, smtps going away mid-session and coming back, and SIGTERM ending
# the process with a log line.
. "$MP_SOURCE_DIR/tests/integration/pmilter/lib.sh"
pm_init lifecycle
cat >"$T/l.conf" <<CONF
pmilter { socket = "unix:$T/l.sock"; $PM_USER }
log { level = debug; }
access_map { file = "$T/access"; }
CONF
pm_start l "$T/l.conf"

# a second instance on the same socket: refused, the first keeps serving
rc=0; "$PM" -f "$T/l.conf" -d 2>"$T/second.err" || rc=$?
check "second instance refused (exit $rc)" [ $rc -eq 1 ]
check "  naming the lock file" grep -q "$T/l.sock.lock: held by another milterpack daemon" "$T/second.err"
pm_drive l soft-nobounce

# A file without a pmilter section takes the documented defaults, as milter {}
# does (unit.test_policy_daemon_schema). A syntax error: file:line:column.
printf 'pmilter { socket = "unix:%s/x.sock"; colour = red; }\n' "$T" >"$T/bad.conf"
rc=0; "$PM" -f "$T/bad.conf" -d 2>"$T/bad.err" || rc=$?
check "unknown option: exit 2 with file:line:column" eval '[ $rc -eq 2 ] && grep -q "bad.conf:1:[0-9]*: .*colour" "$T/bad.err"'
rc=0; "$PM" -f "$T/l.conf" -x 2>/dev/null || rc=$?
check "bad command line: exit 2" [ $rc -eq 2 ]

# smtps goes away in the middle of a transaction (driver killed) and comes back
"$DRV" -s "unix:$T/l.sock" -t 60 --script "$T/hang.pms" >"$T/hang.out" 2>&1 &
drv=$!
pm_poll '[ -e "$T/data-sent" ]'
check "a transaction open when smtps goes away" [ -e "$T/data-sent" ]
kill -KILL $drv 2>/dev/null; wait $drv 2>/dev/null
pm_drive l soft-nobounce
check "still serving after smtps vanished" kill -0 "$(cat "$T/l.pid")"

# SIGTERM: logged, exit 0
p=$(cat "$T/l.pid"); kill -TERM "$p"; rc=0; wait "$p" || rc=$?; rm -f "$T/l.pid"
check "SIGTERM: exit 0 (got $rc)" [ $rc -eq 0 ]
check "SIGTERM logged" grep -q 'stopped by signal 15' "$T/l.log"

# inet socket inside a private network namespace (root only: unshare -n)
if [ "$(id -u)" = 0 ]; then
    cat >"$T/i.conf" <<CONF
pmilter { socket = "inet:10030@127.0.0.1"; $PM_USER }
log { level = debug; }
access_map { file = "$T/access"; }
CONF
    unshare -n bash -c '
        ip link set lo up
        "$1" -f "$2" -d 2>"$3/i.log" & pm=$!
        end=$((EPOCHSECONDS + 60))
        until grep -q "listening on" "$3/i.log" || [ "$EPOCHSECONDS" -ge "$end" ]; do sleep 0.05; done
        "$4" -s inet:10030@127.0.0.1 -t 60 --script "$3/soft-nobounce.pms" >"$3/inet.out" 2>&1; rc=$?
        ps -o user= -p $pm >"$3/inet.user"
        kill $pm; wait $pm; exit $rc' _ "$PM" "$T/i.conf" "$T" "$DRV" &&
        ok "inet:10030@127.0.0.1: served" || { not_ok "inet socket"; cat "$T/inet.out" "$T/i.log"; }
    check "inet: privileges dropped once libpmilter listened" grep -q nobody "$T/inet.user"
fi
pm_done
