#!/bin/bash
# same.sh: one policy file, one table of sessions (same.py), two daemons:
# milterpack-milter driven by mp-miltclient (sendmail 8's side of the milter
# protocol) and milterpack-pmilter driven by mp-pmdriver (smtps' side of the
# libpmilter API). Every stage both send must get the same decision.
. "$MP_SOURCE_DIR/tests/integration/pmilter/lib.sh"
pm_init same
# t/access and t/aliases: the access map and the list of protected recipients.
# One file serves both daemons.
cat >"$T/both.conf" <<CONF
milter { socket = "unix:$T/m.sock"; $PM_USER }
pmilter { socket = "unix:$T/p.sock"; $PM_USER }
log { level = debug; }
access_map { file = "$T/access"; }
protected_recipients { allow_by = { sender, client_ip }; }
aliases { file = "$T/aliases"; }
CONF
"$MP_BUILD_DIR/milters/milterpack-milter" -f "$T/both.conf" -d 2>>"$T/m.log" &
echo $! >"$T/m.pid"
pm_start p "$T/both.conf"
for _ in $(seq 400); do [ -S "$T/m.sock" ] && break; sleep 0.05; done
if /usr/bin/python3 "$SRC/same.py" "$T" "unix:$T/m.sock" "unix:$T/p.sock" \
    "$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient" "$DRV" >"$T/same.out" 2>&1; then
    ok "same decisions from milterpack-milter and milterpack-pmilter: $(tail -1 "$T/same.out")"
else not_ok "decisions differ"; fi
cat "$T/same.out"
pm_done
