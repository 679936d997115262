#!/bin/bash
# scan.sh: the content scanner fails at end-of-data. First a faulty clamd
# (fakeclamd.py, the peer under test) that accepts and never answers, answers
# garbage, or closes mid-stream; then a real clamd (tests/tools/peers.sh)
# killed with SIGKILL while an mp-miltclient load runs, and started again.
# In each state a probe message with a queue id checks:
#   - the configured action: on_fail unset = tempfail (451 4.x.x); after a
#     SIGUSR1 reload with on_fail = reject, 554/550 5.x.x,
#   - its deadline: timeout = 1s and stream_timeout = 1s -> the EOM reply
#     comes within 10 s (the cap only bounds a failing run),
#   - a log line carrying the queue id,
#   - full recovery: once the scanner answers again, the message passes.
# Needs root; runs in a private namespace (lib.sh); unix sockets only.
NAME=integration.faults.scan; . "$MP_SOURCE_DIR/tests/integration/faults/lib.sh"
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
printf 'to:postmaster@example.test quick:ok\n' >"$T/access"
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: scan\r\n\r\nhello\r\n' >"$T/msg.eml"
# conf SOCKET [ON_FAIL]: a milter scanning with clamd on SOCKET
conf() {
    printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\nlog { level = info; }\naccess_map { file = "%s/access"; }\n' "$T" "$T"
    printf 'scanner clam { type = clamd; socket = "unix:%s"; timeout = 1s; stream_timeout = 1s; %s }\n' "$1" "${2:+on_fail = $2;}"
}
# probe QID: one message; prints the EOM reply line
probe() {
    printf 'connect client.example.org 192.0.2.10\nhelo client.example.org\nmacro mail i=%s\nmail <a@example.org>\nrcpt <b@example.test>\nmessage-file %s\neom\nquit\n' "$1" "$T/msg.eml" |
        "$MC" -s "unix:$T/m.sock" -t 60 --script - 2>&1 | grep '^eom:' | tail -1
}

# 1. The faulty clamd.
echo ok >"$T/mode"
python3 "$MP_SOURCE_DIR/tests/integration/faults/fakeclamd.py" "$T/fake.sock" "$T/mode" & fpid=$!; fl_pids+=("$fpid")
fl_wait '[ -S "$T/fake.sock" ]' || bad "fakeclamd did not start"
conf "$T/fake.sock" >"$T/m.conf"
fl_milter "$T/m.conf"
out=$(probe START); [ "$out" = "eom: continue" ] || bad "clean message not passed at start: $out"
for mode in hang garbage close; do
    echo "$mode" >"$T/mode"
    fl_failed "FAKE${mode^^}" '^eom: tempfail 451 4\.'
    echo ok >"$T/mode"; fl_recovered "$mode" "eom: continue"
done
# the configured action, not only the default
conf "$T/fake.sock" reject >"$T/m.conf"; kill -USR1 "$pid"
fl_wait "grep -q 'SIGUSR1: reloaded' '$T/milter.log'" || bad "no reload"
echo hang >"$T/mode"; fl_failed FAKEREJECT '^eom: reject 5[0-9][0-9] 5\.'
echo ok >"$T/mode"; fl_recovered "hang (on_fail reject)" "eom: continue"
kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=

# 2. A real clamd killed under load, then started again.
mkdir -p "$T/peers"
"$PEERS" start-clamd "$T/peers" >/dev/null || bad "clamd did not start"
conf "$T/peers/clamd/clamd.sock" >"$T/m.conf"
fl_milter "$T/m.conf"
out=$(probe CLAMSTART); [ "$out" = "eom: continue" ] || bad "clean message not passed by clamd: $out"
fl_load_start 100 --message-file "$T/msg.eml" --mail '<a@example.org>' --rcpt '<b@example.test>'
kill -9 "$(cat "$T/peers/clamd/clamd.pid")"
fl_failed CLAMKILLED '^eom: tempfail 451 4\.'
"$PEERS" start-clamd "$T/peers" >/dev/null || bad "clamd did not start again"
fl_recovered "the clamd restart" "eom: continue"
fl_load_stop 100
"$PEERS" stop-clamd "$T/peers" >/dev/null
fl_done
