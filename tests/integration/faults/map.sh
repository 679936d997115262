#!/bin/bash
# map.sh: the access map rewritten while a blocked client's load runs:
#   1. atomically (write, rename) 8 times under a SIGUSR1 storm (a reload
#      every 50 ms);
#   2. in place (truncate, write half a line, pause 1.5 s across the milter's
#      1 s map check, finish) 4 times.
# Every transaction of the load must get the map's reject: a changed map is
# loaded only whole (tests/integration/reliab_map covers one in-place rewrite
# without load, integration.milter.load the storm with every stage on). Then
# recovery: a map that no longer blocks the client is loaded and it passes.
#   3. in place 2 times under the SIGUSR1 storm (before 2.): a reload waits (bounded) for
#      a whole file (maps/source.hpp whole()); before that fix, a reload landing
#      between the truncation and the first write loaded an empty map and the
#      blocked client passed (3 of 169 load runs).
# Needs root.
NAME=integration.faults.map; . "$MP_SOURCE_DIR/tests/integration/faults/lib.sh"
# map N: the blocked client, and N entries that change with each rewrite
map() {
    printf 'cltaddr:10.1.2.3\terror:554 5.7.1 blocked\n'
    for i in $(seq 1 "$1"); do printf 'from:user%d@example.net\terror:553 5.7.1 No %d\n' "$i" "$1"; done
}
map 1 >"$T/access"; chmod 644 "$T/access"
printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\nlog { level = info; }\naccess_map { file = "%s/access"; }\n' \
    "$T" "$T" >"$T/m.conf"
fl_milter "$T/m.conf"
probe() {
    printf 'connect client.example.org 10.1.2.3\nhelo client.example.org\nmacro mail i=%s\nmail <a@example.org>\nrcpt <b@example.test>\nquit\n' "$1" |
        "$MC" -s "unix:$T/m.sock" -t 60 --script - 2>&1 | grep -E '^(connect|helo|mail|rcpt):' | grep -v 'continue$' | head -1
}
out=$(probe START); [ "$out" = "helo: reject 554 5.7.1 blocked" ] || bad "the client is not blocked at start: $out"
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: map\r\n\r\nhello\r\n' >"$T/msg.eml"
storm() {  # SIGUSR1 every 50 ms until killed
    while :; do kill -USR1 "$pid" 2>/dev/null || exit 0; sleep 0.05; done
}
rewrites=0
# rewrite atomic|inplace: one rewrite of the map
rewrite() {
    rewrites=$((rewrites + 1))
    map "$rewrites" >"$T/whole"
    if [ "$1" = atomic ]; then mv "$T/whole" "$T/access"; return; fi
    head -c 20 "$T/whole" >"$T/access"; sleep 1.5; tail -c +21 "$T/whole" >>"$T/access"
}
# phase MODE COUNT STORM: COUNT rewrites under load (and the SIGUSR1 storm
# when STORM is yes); every transaction of the load is rejected.
phase() {
    local spid= runs
    fl_load_start 500 --message-file "$T/msg.eml" --mail '<a@example.org>' --rcpt '<b@example.test>' --client-addr 10.1.2.3
    [ "$3" = no ] || { storm & spid=$!; fl_pids+=("$spid"); }
    for _ in $(seq "$2"); do rewrite "$1"; sleep 0.2; done
    touch "$T/load.stop"; wait "$fl_lpid"; rm -f "$T/load.stop"; [ -z "$spid" ] || kill "$spid"
    runs=$(fl_runs)
    [ "$(grep -c ' errors=0 ' "$T/load.out")" = "$runs" ] || bad "$1: load errors: $(grep -v ' errors=0 ' "$T/load.out" | head -3)"
    [ "$(grep -c 'replies={reject:500}' "$T/load.out")" = "$runs" ] ||
        bad "$1: the blocked client got through: $(grep -v 'replies={reject:500}' "$T/load.out" | head -3)"
    echo "  $1 rewrites (SIGUSR1 storm: $3): $runs load runs of 500 transactions"
}
phase atomic 8 yes; phase inplace 2 yes; phase inplace 4 no
grep -q 'SIGUSR1: reloaded' "$T/milter.log" || bad "no SIGUSR1 reload logged"
# the last in-place rewrite (map $rewrites), finished, is loaded by the map
# check: a sender only that map lists with that text is refused with it. (Not
# a 'map reloaded' log line: those of the earlier rewrites are in the log.)
listed() {
    printf 'connect other.example.org 10.9.9.8\nhelo other.example.org\nmail <user%d@example.net>\nquit\n' "$rewrites" |
        "$MC" -s "unix:$T/m.sock" -t 60 --script - 2>&1 | grep '^mail:'
}
fl_wait '[ "$(listed)" = "mail: reject 553 5.7.1 No $rewrites" ]' || bad "the finished map was not loaded: $(listed)"
fl_failed BLOCKED '^helo: reject 554 5\.7\.1 blocked$'
echo "  $rewrites rewrites, $(grep -c 'SIGUSR1: reloaded' "$T/milter.log") SIGUSR1 reloads, $(grep -c 'map reloaded' "$T/milter.log") map reloads"
printf 'cltaddr:10.9.9.9\terror:554 5.7.1 someone else\n' >"$T/access.new" && mv "$T/access.new" "$T/access"
fl_recovered "the unblocking map" ""
fl_alive "$pid" || bad "the milter died"
fl_done
