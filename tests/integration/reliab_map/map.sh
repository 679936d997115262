#!/bin/bash
# map.sh: the access map rewritten in place (truncate, then write) by a writer
# that pauses mid-line until the milter's 1 s map checks have seen it. While it
# pauses, the milter keeps answering from the previous map (the blocked client
# stays blocked, although the half-written file parses); once the writer
# finishes, the new map is loaded. Driven through the milter protocol by
# mp-miltclient on a unix socket; needs root (the milter drops to nobody).
NAME=integration.reliab.map; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"

printf 'cltaddr:10.1.2.3\terror:554 5.7.1 blocked\n' >"$T/access"; chmod 644 "$T/access"
printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\naccess_map { file = "%s/access"; }\n' \
    "$T" "$T" >"$T/m.conf"
cat >"$T/probe.mts" <<'MTS'
connect blocked.example 10.1.2.3
helo blocked.example
mail <a@example.org>
rcpt <b@example.test>
quit
MTS
probe() { "$MC" -s "unix:$T/m.sock" -t 10 --script "$T/probe.mts" 2>&1; }

rl_milter "$T/m.conf"
out=$(probe); grep -q '554 5.7.1 blocked' <<<"$out" || bad "blocked client not blocked at start: $out"

# The writer: truncate, write a valid but unfinished line, and pause until the
# milter has looked at it: it reports the incomplete map once the file has
# settled (unchanged across two checks), so the probe after that report runs
# while the writer pauses mid-line. (A fixed pause did not prove the milter
# had looked at the file yet on a loaded machine.)
printf 'cltaddr:192.0.2.77\terror:550 5.7.1 other go awa' >"$T/access"
rl_wait "grep -q 'no newline' '$T/milter.log'" || bad "the incomplete map was not reported: $(cat "$T/milter.log")"
out=$(probe); grep -q '554 5.7.1 blocked' <<<"$out" || bad "half-written map was loaded: $out"
printf 'y\ncltaddr:10.1.2.3\terror:554 5.7.1 blocked again\n' >>"$T/access"
rl_wait 'out=$(probe); grep -q "554 5.7.1 blocked again" <<<"$out"' || bad "the finished map was not loaded: $out"

rl_done
