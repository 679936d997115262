#!/bin/bash
# amavis.sh: a slow amavisd-new. A real amavisd (tests/tools/peers.sh, AM.PDP
# on a unix socket, no virus scanner behind it) has its master and children
# SIGSTOPped while an mp-miltclient load runs, then SIGCONTed. A probe
# message with a queue id checks:
#   - the configured action: on_fail unset = tempfail (451 4.x.x),
#   - its deadline: timeout = 1s -> the EOM reply within 10 s (a cap),
#   - a log line carrying the queue id,
#   - full recovery of probes and load once amavisd runs again. Each request
#     that timed out is still queued at amavisd, which ends the child that
#     answers it to a client that has gone; without the scanner's pause after
#     a timeout (hold_after_timeout, default 10 s) a loaded host never drained
#     them: the load kept adding requests that timed out in turn.
# The milter runs as amavis (the spool base is amavis's, docs/scan.md).
# Needs root.
NAME=integration.faults.amavis; . "$MP_SOURCE_DIR/tests/integration/faults/lib.sh"
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
P=$T/peers; mkdir -p "$P"
fl_amavis_stop() { "$PEERS" stop-amavisd "$P" >/dev/null 2>&1; }
trap 'fl_amavis_stop; fl_cleanup' EXIT
"$PEERS" start-amavisd "$P" >/dev/null || { bad "amavisd did not start"; fl_done; exit 1; }
SPOOL=$P/amavis/tmp/mp; mkdir -p "$SPOOL"; chown amavis:amavis "$SPOOL"; chmod 750 "$SPOOL"
printf 'to:postmaster@example.test quick:ok\n' >"$T/access"
cat >"$T/m.conf" <<CONF
milter { socket = "unix:$T/m.sock"; user = amavis; }
log { level = info; }
access_map { file = "$T/access"; }
scanner amavis { type = amavisd; socket = "unix:$P/amavis/home/amavisd.sock"; spool_dir = "$SPOOL"; timeout = 1s; }
CONF
chmod 755 "$T"
fl_milter "$T/m.conf"
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: amavis\r\n\r\nhello\r\n' >"$T/msg.eml"
probe() {
    printf 'connect client.example.org 192.0.2.10\nhelo client.example.org\nmacro mail i=%s\nmail <a@example.org>\nrcpt <b@example.test>\nmessage-file %s\neom\nquit\n' "$1" "$T/msg.eml" |
        "$MC" -s "unix:$T/m.sock" -t 60 --script - 2>&1 | grep '^eom:' | grep -v '^eom: \(addheader\|insheader\|chgheader\)' | tail -1
}
out=$(probe START); [ "$out" = "eom: continue" ] || bad "amavisd did not pass a clean message at start: $out"
# amavis_stop: SIGSTOP amavisd's master (its pid file), then its children; the
# pids stopped in $stopped. The master first: amavisd replaces a child after
# its max_requests, which the load reaches quickly, and a child forked between
# reading the list and stopping the master would have kept serving the probe.
amavis_stop() {
    local m; m=$(cat "$P/amavis/home/amavisd.pid")
    kill -STOP "$m"
    # stopped (state T): no fork of its is still under way
    fl_wait "[ \"\$(awk '{print \$3}' /proc/$m/stat)\" = T ]" || bad "amavisd's master did not stop"
    stopped="$m $(cat /proc/"$m"/task/*/children 2>/dev/null)"
    kill -STOP $stopped
}
fl_load_start 20 --message-file "$T/msg.eml" --mail '<a@example.org>' --rcpt '<b@example.test>'
amavis_stop
fl_failed SLOW1 '^eom: tempfail 451 4\.'
kill -CONT $stopped
fl_recovered "SIGCONT" "eom: continue"
# On failure, what amavisd was doing (its processes, the end of its log).
[ "$fail" = 0 ] || { ps -o pid,ppid,stat,etime,args -C amavisd; tail -20 "$P/amavis/home/amavisd.log"; }
fl_load_stop 20
fl_done
