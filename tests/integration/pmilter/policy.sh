#!/bin/bash
# policy.sh: milterpack-pmilter behind mp-pmdriver (the smtps stand-in):
# every access-map case of integration.access.sendmail (to: error text at
# RCPT, cltaddr refusal, quick:, delay_checks and soft_bounce after SIGUSR1
# reloads), protected recipients, greylisting on LMDB (451, then a pass after
# grey_wait; skipped for TLS-trusted and authenticated sessions), 50 concurrent sessions with every reply checked, the privilege
# drop, and one log line per decision with the session/transaction id.
. "$MP_SOURCE_DIR/tests/integration/pmilter/lib.sh"
pm_init policy

# t/access and t/aliases: the access map and the list of protected recipients.
conf() {  # conf FLAGS
    cat >"$T/pm.conf" <<CONF
pmilter { socket = "unix:$T/a.sock"; $PM_USER }
log { level = debug; }
policy { flags = $1; }
access_map { file = "$T/access"; }
protected_recipients { allow_by = { sender, client_ip }; }
aliases { file = "$T/aliases"; }
CONF
}
conf '{}'
pm_start a "$T/pm.conf"
pm_drive a access

# one log line per decision, with the session id until MAIL, then the transaction id
check "decision lines carry the transaction id" grep -q 'T-spam: mail: from=<x@spammer.example>.*action=reject' "$T/a.log"
check "rcpt refusal logged with its reason" grep -q 'rcpt: .*to=<root@example.test> action=reject' "$T/a.log"
if [ -n "$PM_USER" ]; then
    check "privileges dropped to nobody" [ "$(ps -o user= -p "$(cat "$T/a.pid")")" = nobody ]
    check "socket given to nobody, mode 0660" [ "$(stat -c '%U %a' "$T/a.sock")" = "nobody 660" ]
fi

# SIGUSR1: delay_checks, then soft_bounce
conf '{ delay_checks }'
kill -USR1 "$(cat "$T/a.pid")"
check "SIGUSR1 reload logged" pm_wait_log a 'reloaded' 1
pm_drive a delay
conf '{ delay_checks, soft_bounce }'
kill -USR1 "$(cat "$T/a.pid")"
check "second reload logged" pm_wait_log a 'reloaded' 2
pm_drive a soft

# 50 concurrent sessions on 3 smtps connections, every reply checked (CONT)
"$DRV" -s "unix:$T/a.sock" -t 60 --load 200 --concurrency 50 --connections 3 --message-file "$T/message.eml" \
    --mail '<alice@example.org>' --rcpt '<bob@example.test>' --expect CONT >"$T/load.out" 2>&1 &&
    ok "50 concurrent sessions: $(tail -1 "$T/load.out")" || { not_ok "load"; cat "$T/load.out"; }
pm_stop a

# greylisting on LMDB: grey_wait 4 s; the retry is polled (every 1 s, up to
# 60 s) until it passes, and must not pass before grey_wait has elapsed.
mkdir -p "$T/grey"; [ -n "$PM_USER" ] && chown nobody "$T/grey"
cat >"$T/grey.conf" <<CONF
pmilter { socket = "unix:$T/g.sock"; $PM_USER }
log { level = debug; }
access_map { file = "$T/grey-access"; }
greylisting { grey_wait = 4s; key = triplet; lmdb { path = "$T/grey/db"; } }
CONF
pm_start g "$T/grey.conf"
first=$(date +%s)
pm_drive g greylist1
passed=""
for _ in $(seq 60); do
    sleep 1
    if "$DRV" -s "unix:$T/g.sock" -t 60 --script "$T/greylist2.pms" >"$T/greylist2.out" 2>&1; then passed=$(date +%s); break; fi
done
if [ -n "$passed" ] && [ $((passed - first)) -ge 4 ]; then ok "greylisting: 451, then a pass after grey_wait ($((passed - first)) s)"
else not_ok "greylisting retry: passed='$passed' first=$first"; cat "$T/greylist2.out"; fi
pm_drive g greylist-exempt
pm_stop g
pm_done
