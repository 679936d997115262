#!/bin/bash
# content.sh: a message with no header fields at all, only a body holding the
# EICAR test string, sent through the milter protocol by mp-miltclient to
# milterpack-milter with a real clamd (tests/tools/peers.sh): rejected at end
# of data, as the same message with a header is. Unix sockets only; needs
# root (the milter drops to nobody).
NAME=integration.reliab.content; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
trap 'sh "$PEERS" stop "$T" >/dev/null 2>&1; rl_cleanup' EXIT

sh "$PEERS" start-clamd "$T" >/dev/null || { echo "integration.reliab.content: clamd did not start" >&2; exit 1; }
cat >"$T/m.conf" <<CONF
milter { socket = "unix:$T/m.sock"; user = nobody; }
scanner clam { type = clamd; socket = "unix:$T/clamd/clamd.sock"; timeout = 20s; }
CONF
rl_milter "$T/m.conf"

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

rl_done
