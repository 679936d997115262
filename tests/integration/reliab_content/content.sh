#!/bin/bash
# content.sh: a message with no header fields at all, only a body holding the
# EICAR test string, sent through the milter protocol by mp-miltclient to
# milterpack-milter with a real clamd (tests/tools/peers.sh): rejected at end
# of data, as the same message with a header is. Unix sockets only; needs
# root (the milter drops to nobody).
set -uo pipefail
MILTER=$MP_BUILD_DIR/milters/milterpack-milter MC=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
[ "$(id -u)" = 0 ] || { echo "integration.reliab.content: needs root" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-content.XXXXXX"); chmod 755 "$T"
pid=; trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; sh "$PEERS" stop "$T" >/dev/null 2>&1; rm -rf "$T"' EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

sh "$PEERS" start-clamd "$T" >/dev/null || { echo "integration.reliab.content: clamd did not start" >&2; exit 1; }
cat >"$T/m.conf" <<CONF
milter { socket = "unix:$T/m.sock"; user = nobody; }
scanner clam { type = clamd; socket = "unix:$T/clamd/clamd.sock"; timeout = 20s; }
CONF
"$MILTER" -f "$T/m.conf" -d >"$T/milter.log" 2>&1 & pid=$!
for _ in $(seq 200); do grep -q 'listening on' "$T/milter.log" && break; sleep 0.05; done

EICAR='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
# script NAME HEADER_LINE: one message, with or without a header before eoh.
script() {
    printf 'connect client.example.org 192.0.2.10\nhelo client.example.org\n'
    printf 'mail <a@example.org>\nrcpt <b@example.test>\n%beoh\nbody %s\neom\nquit\n' "$2" "$EICAR"
}
script with 'header Subject: test\n' >"$T/with.mts"
script without '' >"$T/without.mts"
for m in with without; do
    out=$("$MC" -s "unix:$T/m.sock" -t 30 --script "$T/$m.mts" 2>&1)
    grep -q '^eom: reject 5' <<<"$out" || bad "EICAR $m header fields not rejected: $out"
done

echo "integration.reliab.content: $fail failed"
[ "$fail" = 0 ]
