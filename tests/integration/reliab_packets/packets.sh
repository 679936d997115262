#!/bin/bash
# packets.sh: a header field of 1,000,000 bytes (one milter packet over
# libmilter's default 64 KB limit, under the 1 MB that SMFIP_MDS_1M allows)
# sent by mp-miltclient: milterpack-milter takes it and answers at end of data
# instead of dropping the connection (libmilter's read limit is raised to 1 MB;
# the SMFIP_MDS_* bits sendmail may offer are echoed at negotiation, which
# mp-miltclient, offering SMFI_CURR_PROT only, does not exercise). A scanner section makes the milter ask for the
# headers; its clamd socket does not exist, so end of data answers on_fail
# (accept here): the test is about the packet, not the scan. Unix socket
# only; needs root (the milter drops to nobody).
NAME=integration.reliab.packets; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
printf 'to:abuse@example.test quick:ok\n' >"$T/access"
printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\naccess_map { file = "%s/access"; }\n' \
    "$T" "$T" >"$T/m.conf"
printf 'scanner clam { type = clamd; socket = "unix:%s/no-clamd.sock"; on_fail = accept; }\n' "$T" >>"$T/m.conf"
rl_milter "$T/m.conf"

{
    printf 'connect client.example.org 192.0.2.10\nhelo client.example.org\n'
    printf 'mail <a@example.org>\nrcpt <b@example.test>\n'
    printf 'header X-Big: '; head -c 1000000 /dev/zero | tr '\0' 'x'; printf '\n'
    printf 'header Subject: after the big one\neoh\nbody hello\neom\nexpect eom continue\nquit\n'
} >"$T/big.mts"
out=$("$MC" -s "unix:$T/m.sock" -t 30 --script "$T/big.mts" 2>&1); st=$?
[ "$st" = 0 ] || bad "1 MB header: mp-miltclient exit $st: $(tail -3 <<<"$out")"
kill -0 "$pid" 2>/dev/null || bad "the milter died"

rl_done
