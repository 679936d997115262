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

out=$(probe START); [ "$out" = "rcpt: continue" ] || bad "whitelisted client not continued at start: $out"
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: load\r\n\r\nhello\r\n' >"$T/msg.eml"
fl_load_start 200 --message-file "$T/msg.eml" --mail '<a@example.org>' --rcpt '<b@example.test>' --client-addr 192.0.2.10

kill -STOP "$rpid"
fl_failed STOPPED1 '^rcpt: tempfail 451 4\.'
kill -CONT "$rpid"; fl_recovered SIGCONT "rcpt: continue"
redis-cli -s "$T/redis/redis.sock" save >/dev/null || bad "redis SAVE failed"
kill -9 "$rpid"; wait "$rpid" 2>/dev/null
fl_failed KILLED1 '^rcpt: tempfail 451 4\.'
redis_start; fl_recovered "the restart" "rcpt: continue"

fl_load_stop 200
fl_done
