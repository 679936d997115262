#!/bin/bash
# same.sh: one policy file, one table of sessions (same.py), two daemons:
# milterpack-milter driven by mp-miltclient (sendmail 8's side of the milter
# protocol) and milterpack-pmilter driven by mp-pmdriver (smtps' side of the
# libpmilter API). Every stage both send must get the same decision, with
# policy flags {} and, after SIGUSR1 to both, { delay_checks, soft_bounce }.
. "$MP_SOURCE_DIR/tests/integration/pmilter/lib.sh"
pm_init same
# t/access and t/aliases: the access map and the list of protected recipients.
conf() {  # conf FLAGS: one file serves both daemons
    cat >"$T/both.conf" <<CONF
milter { socket = "unix:$T/m.sock"; $PM_USER }
pmilter { socket = "unix:$T/p.sock"; $PM_USER }
log { level = debug; }
policy { flags = $1; }
access_map { file = "$T/access"; }
protected_recipients { allow_by = { sender, client_ip }; }
aliases { file = "$T/aliases"; }
CONF
}
conf '{}'
"$MP_BUILD_DIR/milters/milterpack-milter" -f "$T/both.conf" -d 2>>"$T/m.log" &
echo $! >"$T/m.pid"
pm_start p "$T/both.conf"
# "listening on", not the socket file: the file exists from bind(), before
# listen(), and a session sent in between was refused.
pm_poll "grep -q 'listening on' '$T/m.log'" || { echo "milterpack-milter did not start:"; cat "$T/m.log"; exit 1; }
same() {  # same LABEL: the table through both daemons
    if /usr/bin/python3 "$SRC/same.py" "$T" "unix:$T/m.sock" "unix:$T/p.sock" \
        "$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient" "$DRV" >"$T/same-$1.out" 2>&1; then
        ok "$1: same decisions from milterpack-milter and milterpack-pmilter: $(tail -1 "$T/same-$1.out")"
    else not_ok "$1: decisions differ"; fi
    cat "$T/same-$1.out"
}
same 'flags {}'
# The same table after SIGUSR1 to both with { delay_checks, soft_bounce }.
conf '{ delay_checks, soft_bounce }'
kill -USR1 "$(cat "$T/m.pid")" "$(cat "$T/p.pid")"
check "both reloaded" eval 'pm_wait_log m reloaded 1 && pm_wait_log p reloaded 1'
same 'flags { delay_checks, soft_bounce }'
pm_done
