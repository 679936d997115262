#!/bin/bash
# store.sh: the LMDB greylisting store on a filesystem that fills up. The
# store directory is a 4 MB tmpfs mounted in the test's private mount
# namespace (lib.sh); while an mp-miltclient load runs (a whitelisted client:
# each transaction refreshes its entry), a filler file takes every free byte,
# then is removed. Probes from new clients (each one a new entry to write),
# with a queue id, check (after as many new entries as it takes to need a
# page the full filesystem cannot give):
#   - the configured action: on_store_error unset = tempfail, 451 4.3.0,
#   - its deadline: the reply within 10 s (an LMDB write fails at once; the
#     cap only bounds a failing run),
#   - a log line carrying the queue id, and no crash (LMDB without
#     MDB_WRITEMAP: a full filesystem is an error value, never SIGBUS),
#   - full recovery: once space is back, a new client is greylisted again
#     (451 4.7.1) and the load gets continue only.
# Needs root.
NAME=integration.faults.store; . "$MP_SOURCE_DIR/tests/integration/faults/lib.sh"
CLI=$MP_BUILD_DIR/cli/milterpack
mkdir -p "$T/grey"
mount -t tmpfs -o size=4m,mode=0755 tmpfs "$T/grey" || { bad "cannot mount a tmpfs"; fl_done; exit 1; }
fl_mounts+=("$T/grey")
chown nobody "$T/grey"
printf 'to:postmaster@example.test quick:ok\n' >"$T/access"
cat >"$T/m.conf" <<CONF
milter { socket = "unix:$T/m.sock"; user = nobody; }
log { level = info; }
access_map { file = "$T/access"; }
greylisting { grey_wait = 5m; lmdb { path = "$T/grey"; map_size = 64MB; sync = meta; } }
CONF
"$CLI" -f "$T/m.conf" greylist whitelist 192.0.2.10 >/dev/null || bad "greylist whitelist failed"
fl_milter "$T/m.conf"

# probe QID: a transaction from a new client (a new entry); prints the RCPT
# reply, the seconds to wait replaced by N (the client address is random:
# a repeated one would only be greylisted again)
probe() {
    local ip=10.$((SRANDOM % 250)).$((SRANDOM % 250)).$((SRANDOM % 250 + 1))
    printf 'connect new.example.org %s\nhelo new.example.org\nmacro mail i=%s\nmail <a@example.org>\nrcpt <b@example.test>\nquit\n' "$ip" "$1" |
        "$MC" -s "unix:$T/m.sock" -t 60 --script - 2>&1 | grep '^rcpt:' | sed 's/in [0-9]* seconds/in N seconds/'
}
GREY="rcpt: tempfail 451 4.7.1 Greylisted, please try again in N seconds"
out=$(probe START); [ "$out" = "$GREY" ] || bad "a new client is not greylisted at start: $out"
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: store\r\n\r\nhello\r\n' >"$T/msg.eml"
fl_load_start 200 --message-file "$T/msg.eml" --mail '<a@example.org>' --rcpt '<b@example.test>' --client-addr 192.0.2.10

dd if=/dev/zero of="$T/grey/filler" bs=64k 2>/dev/null; df -k "$T/grey" | awk 'NR == 2 && $4 != 0 {exit 1}' ||
    bad "the tmpfs is not full: $(df -k "$T/grey" | tail -1)"
# LMDB reuses the pages it freed: writes fail once new entries need a new page
n=0; until [[ "$(probe FILL$n)" == "rcpt: tempfail 451 4.3.0 "* ]] || [ $n -ge 1000 ]; do n=$((n + 1)); done
echo "  the store failed after $n new entries"
fl_failed FULL1 '^rcpt: tempfail 451 4\.3\.0 '
fl_alive "$pid" || bad "the milter died on a full filesystem: $(tail -5 "$T/milter.log")"
rm -f "$T/grey/filler"
fl_recovered "space came back" "$GREY"
fl_load_stop 200
fl_done
