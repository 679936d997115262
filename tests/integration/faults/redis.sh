#!/bin/bash
# redis.sh: the greylisting store (a real redis-server, on a unix socket in a
# private directory, started and stopped here by pid) fails under load:
# SIGSTOPped, then killed, then restarted from its dump. mp-miltclient keeps a
# load running all along (no expectations: it counts the replies and fails
# only on protocol or I/O errors) while probes with a queue id check, in each
# state:
#   - the configured action: on_store_error = tempfail gives the RCPT 451 4.x.x
#     (the default; the test sets nothing),
#   - its deadline: redis { timeout = 1s } -> the probe's RCPT answers within
#     10 s (10x the configured timeout; the cap only bounds a failing run),
#   - a log line carrying the probe's queue id,
#   - full recovery: once redis answers again, the whitelisted client's RCPT
#     is continued (bounded poll).
# Needs root (the milter drops to nobody); no network.
NAME=integration.faults.redis; . "$MP_SOURCE_DIR/tests/integration/faults/lib.sh"
CLI=$MP_BUILD_DIR/cli/milterpack
mkdir -p "$T/redis"; chown nobody "$T/redis"
redis_start() {
    setpriv --reuid nobody --regid nogroup --clear-groups redis-server --port 0 --unixsocket "$T/redis/redis.sock" --unixsocketperm 777 \
        --dir "$T/redis" --dbfilename dump.rdb --save "" --appendonly no >>"$T/redis.log" 2>&1 & rpid=$!
    fl_pids+=("$rpid")
    fl_wait '[ "$(redis-cli -s "$T/redis/redis.sock" ping 2>/dev/null)" = PONG ]' || bad "redis-server did not start"
}
cat >"$T/access" <<'MAP'
to:postmaster@example.test quick:ok
MAP
cat >"$T/m.conf" <<CONF
milter { socket = "unix:$T/m.sock"; user = nobody; }
log { level = info; }
access_map { file = "$T/access"; }
greylisting { store = redis; redis { path = "$T/redis/redis.sock"; timeout = 1s; pool_size = 4; } }
CONF
redis_start
"$CLI" -f "$T/m.conf" greylist whitelist 192.0.2.10 >/dev/null || bad "greylist whitelist failed"
fl_milter "$T/m.conf"

# probe QID: one transaction from the whitelisted client; prints the RCPT reply line
probe() {
    printf 'connect client.example.org 192.0.2.10\nhelo client.example.org\nmacro mail i=%s\nmail <a@example.org>\nrcpt <b@example.test>\nquit\n' "$1" |
        "$MC" -s "unix:$T/m.sock" -t 60 --script - 2>&1 | grep '^rcpt:'
}
# state WHAT: a probe in the failed state: tempfail within 10 s, logged with its queue id
failed_probe() {
    local qid=$1 t0=$EPOCHREALTIME out ms
    out=$(probe "$qid")
    ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%d", (b - a) * 1000}')
    grep -q '^rcpt: tempfail 451 4\.' <<<"$out" || bad "$qid: RCPT not tempfailed: $out"
    [ "$ms" -lt 10000 ] || bad "$qid: the store error took $ms ms (deadline 1 s, allowed 10 s)"
    fl_wait "grep -q '$qid' '$T/milter.log'" 10 || bad "$qid: no log line with the queue id"
    echo "  $qid: $out in $ms ms"
}
recovered() { fl_wait '[ "$(probe RECOVER)" = "rcpt: continue" ]' || bad "no recovery after $1: $(probe RECOVER)"; }

out=$(probe START); [ "$out" = "rcpt: continue" ] || bad "whitelisted client not continued at start: $out"
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: load\r\n\r\nhello\r\n' >"$T/msg.eml"
# the load: runs of 200 transactions on 4 connections, one after the other, until told to stop
(while [ ! -e "$T/stop" ]; do
    "$MC" -s "unix:$T/m.sock" -t 60 --load 200 --concurrency 4 --per-connection 5 --message-file "$T/msg.eml" \
        --mail '<a@example.org>' --rcpt '<b@example.test>' --client-addr 192.0.2.10 >>"$T/load.out" 2>&1
done) & lpid=$!
fl_pids+=("$lpid")

kill -STOP "$rpid"
failed_probe STOPPED1
kill -CONT "$rpid"; recovered SIGCONT
redis-cli -s "$T/redis/redis.sock" save >/dev/null || bad "redis SAVE failed"
kill -9 "$rpid"; wait "$rpid" 2>/dev/null
failed_probe KILLED1
redis_start; recovered "the restart"

# ... and the load recovers too: a run that started after the recovery gets continue only
runs() { grep -c '^transactions=' "$T/load.out"; }
n0=$(runs); fl_wait "[ \$(runs) -ge $((n0 + 2)) ]" || bad "the load stopped"
tail -1 "$T/load.out" | grep -q 'replies={continue:200}' || bad "the load did not recover: $(tail -1 "$T/load.out")"
touch "$T/stop"; wait "$lpid"
runs=$(runs); clean=$(grep -c ' errors=0 ' "$T/load.out")
[ "$runs" -ge 1 ] && [ "$runs" = "$clean" ] || bad "the load saw protocol or I/O errors: $(grep -v ' errors=0 ' "$T/load.out" | head -5)"
echo "  load: $runs runs of 200, replies: $(grep -o 'replies={[^}]*}' "$T/load.out" | sort | uniq -c | tr '\n' ' ')"
fl_done
